#include "experiments/switching_evaluation.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "experiments/switching_experiment.hpp"
#include "switching/gdm_inference.hpp"
#include "switching/state_metrics.hpp"

namespace rnnbook {

namespace {

// Work of one unit, and cost models of the pieces in ns (fitted to a native run at the defaults and at
// the size limits): portable exp and log cost ~50 ns, a Concrete draw of K states 5K + 1 of them.
constexpr double kUnitNs = 4e7;

double draw_ns(double K) { return 50.0 * (5.0 * K + 1.0); }

// A K x T (or N x T) matrix as a (T, K) array: column-major K x T is C-order (T, K).
ResultArray steps_array(const Eigen::MatrixXd& m) {
  return {{std::size_t(m.cols()), std::size_t(m.rows())}, std::vector<double>(m.data(), m.data() + m.size())};
}

// S (N x (K D)) as (K, N, D).
ResultArray maps_array(const Eigen::MatrixXd& S, Eigen::Index K, Eigen::Index D) {
  ResultArray a{{std::size_t(K), std::size_t(S.rows()), std::size_t(D)}, {}};
  for (Eigen::Index k = 0; k < K; ++k)
    for (Eigen::Index n = 0; n < S.rows(); ++n)
      for (Eigen::Index d = 0; d < D; ++d) a.data.push_back(S(n, k * D + d));
  return a;
}

// Forecast skill against persistence at horizons 1..H.
std::vector<double> skills(const std::vector<Eigen::MatrixXd>& forecasts, const Eigen::MatrixXd& y) {
  std::vector<double> out;
  for (std::size_t h = 0; h < forecasts.size(); ++h) out.push_back(forecast_skill(forecasts[h], y, int(h + 1)));
  return out;
}

}  // namespace

SwitchingEvaluation::SwitchingEvaluation(const SwitchingConfig& cfg, const SwitchingData& data, bool hard)
    : cfg_(cfg), data_(data), rng_(cfg.seed, 3) {
  has_test_ = data.test.size() > 0;
  const Eigen::MatrixXd& eval = has_test_ ? data.test : data.train;
  const Eigen::MatrixXd& eval_states = has_test_ ? data.test_states : data.train_states;
  truth_ = data.train_states.size() > 0 && eval_states.size() > 0;
  const double K = double(cfg.shape.states), D = double(cfg.shape.projection), N = double(data.train.rows());
  const double T = double(data.train.cols()), Te = double(eval.cols());
  const double model_ns = K * D * N + D * N + K * D + N * K;  // one step of the switching dynamics
  add(Piece::gdm_train_states, long(cfg.posterior_samples) * long(T), draw_ns(K));
  if (has_test_) add(Piece::gdm_test_states, long(cfg.posterior_samples) * long(Te), draw_ns(K));
  add(Piece::gdm_forecasts, long(Te) - 1, double(cfg.paths) * cfg.horizon * 2.0 * (draw_ns(K) + model_ns));
  add(Piece::gdm_reconstruction, 1, Te * 2.0 * model_ns);
  if (hard) {
    add(Piece::hard_posteriors, has_test_ ? 2 : 1, Te * (300.0 * K * K + 2.0 * K * N * D));
    add(Piece::hard_forecasts, long(Te) - 1, cfg.horizon * (150.0 * (K * K + K) + K * N * D));
  }
  if (truth_) {
    add(Piece::knn, long(Te), T * (2.0 * K + 3.0), 0);
    add(Piece::knn, long(Te), T * (2.0 * N + 3.0), 1);
    add(Piece::knn, long(Te), T * (4.0 * N + 3.0), 2);
    if (hard) add(Piece::knn, long(Te), T * (2.0 * K + 3.0), 3);
  }
}

void SwitchingEvaluation::add(Piece piece, long count, double item_ns, int scorer) {
  const long per = long(std::max(1.0, std::min(double(count), std::floor(kUnitNs / std::max(item_ns, 1.0)))));
  parts_.push_back({piece, count, std::max(per, 1L), item_ns, scorer});
}

long SwitchingEvaluation::total() const {
  long n = 0;
  for (const Part& p : parts_) n += p.units();
  return n;
}

double SwitchingEvaluation::remaining_ns() const {
  double ns = 0.0;
  for (std::size_t i = part_; i < parts_.size(); ++i) {
    const Part& p = parts_[i];
    const long from = i == part_ ? unit_in_part_ * p.per_unit : 0;
    ns += double(p.count - from) * p.item_ns;
  }
  return ns;
}

void SwitchingEvaluation::step(const GdmModel& gdm, const ArHmmModel* hard) {
  if (part_ >= parts_.size()) return;
  const Part& p = parts_[part_];
  const long from = unit_in_part_ * p.per_unit, to = std::min(p.count, from + p.per_unit);
  run(p, from, to, gdm, hard);
  ++done_;
  if (++unit_in_part_ == p.units()) {
    ++part_;
    unit_in_part_ = 0;
  }
}

void SwitchingEvaluation::run(const Part& p, long from, long to, const GdmModel& g, const ArHmmModel* h) {
  const Eigen::MatrixXd& eval = has_test_ ? data_.test : data_.train;
  const Eigen::Index K = cfg_.shape.states;
  switch (p.piece) {
    case Piece::gdm_train_states:
    case Piece::gdm_test_states: {
      const bool train = p.piece == Piece::gdm_train_states;
      const Eigen::MatrixXd& y = train ? data_.train : data_.test;
      Eigen::MatrixXd& sum = train ? gtr_ : gte_;
      if (from == 0) {
        if (cfg_.posterior_samples < 1)
          throw Error("gdm soft states: samples must be >= 1, got " + std::to_string(cfg_.posterior_samples));
        logits_ = gdm_posterior_logits(g, y);
        sum = Eigen::MatrixXd::Zero(K, y.cols());
      }
      gdm_soft_states_add(g, logits_, from, to, rng_, sum);
      if (to == p.count) {
        sum /= double(cfg_.posterior_samples);
        logits_.resize(0, 0);
        if (train && !has_test_) gte_ = gtr_;
      }
      break;
    }
    case Piece::gdm_forecasts:
      if (from == 0)
        gdm_forecast_sums_.assign(std::size_t(cfg_.horizon), Eigen::MatrixXd::Zero(eval.rows(), eval.cols()));
      gdm_forecasts_add(g, eval, cfg_.horizon, cfg_.paths, from, to, rng_, gdm_forecast_sums_);
      if (to == p.count)
        for (auto& f : gdm_forecast_sums_) f /= double(cfg_.paths);
      break;
    case Piece::gdm_reconstruction:
      reconstruction_ = gdm_reconstruction(g, eval, gte_);
      break;
    case Piece::hard_posteriors:  // item 0 the training data's, item 1 the test data's
      for (long i = from; i < to; ++i) {
        if (i == 0) ptr_ = ar_hmm_posterior(*h, data_.train);
        else pte_ = ar_hmm_posterior(*h, eval);
      }
      if (!has_test_) pte_ = ptr_;
      break;
    case Piece::hard_forecasts:
      if (from == 0) hard_forecasts_.assign(std::size_t(cfg_.horizon), Eigen::MatrixXd::Zero(eval.rows(), eval.cols()));
      ar_hmm_forecasts_fill(*h, eval, pte_.filtered, cfg_.horizon, from, to, hard_forecasts_);
      break;
    case Piece::knn: {
      const Eigen::MatrixXd& eval_states = has_test_ ? data_.test_states : data_.train_states;
      if (ltr_.empty()) {
        ltr_ = argmax_states(data_.train_states);
        lte_ = argmax_states(eval_states);
      }
      if (p.scorer == 2 && from == 0) {
        train_increments_ = with_increments(data_.train);
        test_increments_ = with_increments(eval);
      }
      const Eigen::MatrixXd* tr = &gtr_;
      const Eigen::MatrixXd* te = &gte_;
      if (p.scorer == 1) tr = &data_.train, te = &eval;
      if (p.scorer == 2) tr = &train_increments_, te = &test_increments_;
      if (p.scorer == 3) tr = &ptr_.smoothed, te = &pte_.smoothed;
      if (from == 0) check_knn_points(*tr, ltr_, *te, lte_, cfg_.knn);
      knn_correct_[p.scorer] += knn_correct(*tr, ltr_, *te, lte_, cfg_.knn, from, to);
      if (p.scorer == 2 && to == p.count) train_increments_.resize(0, 0), test_increments_.resize(0, 0);
      break;
    }
  }
}

void SwitchingEvaluation::write(Result& r, const GdmModel& g, const ArHmmModel* h) const {
  const Eigen::MatrixXd& eval = has_test_ ? data_.test : data_.train;
  const Eigen::MatrixXd& eval_states = has_test_ ? data_.test_states : data_.train_states;
  const Eigen::Index K = cfg_.shape.states, D = cfg_.shape.projection;
  if (data_.test_latent.size() > 0) r.arrays["latent"] = steps_array(data_.test_latent);
  r.arrays["y"] = steps_array(eval);
  const GdmParameters& p = g.parameters;
  r.scalars["gdm_gamma"] = p.gamma();
  r.arrays["projection"] = matrix_array(g.projection);
  r.arrays["gdm_R"] = matrix_array(p.R());
  r.arrays["gdm_r"] = vector_array(Eigen::VectorXd(p.r()));
  r.arrays["gdm_S"] = maps_array(p.S(), K, D);
  r.arrays["gdm_b"] = steps_array(p.b());
  r.arrays["gdm_W"] = matrix_array(p.W());
  r.arrays["gdm_c"] = vector_array(Eigen::VectorXd(p.c()));
  r.arrays["gdm_log_var"] = vector_array(Eigen::VectorXd(p.log_var()));
  if (h) {
    r.arrays["hard_R"] = matrix_array(h->parameters.R);
    r.arrays["hard_r"] = vector_array(h->parameters.r);
    r.arrays["hard_P"] = matrix_array(h->parameters.P);
    r.arrays["hard_S"] = maps_array(h->parameters.S, K, D);
    r.arrays["hard_b"] = steps_array(h->parameters.b);
    r.arrays["hard_log_var"] = vector_array(h->parameters.log_var);
  }
  if (done_ != total()) return;  // the scores are not done
  const double test_points = double(eval.cols());
  const std::vector<double> gskill = skills(gdm_forecast_sums_, eval);
  r.arrays["gdm_train_states"] = steps_array(gtr_);
  r.arrays["gdm_states"] = steps_array(gte_);
  r.arrays["gdm_skill"] = vector_array(gskill);
  r.scalars["gdm_skill_1"] = gskill.front();
  r.scalars["gdm_skill_h"] = gskill.back();
  r.scalars["gdm_level_r2"] = level_r2(reconstruction_, eval);
  r.scalars["gdm_switches_per_100"] = switches_per_100_steps(argmax_states(gte_));
  r.scalars["persistence_level_r2"] = level_r2(eval.leftCols(eval.cols() - 1), eval.rightCols(eval.cols() - 1));
  const auto score = [&](const std::string& who, const Eigen::MatrixXd& tr, const Eigen::MatrixXd& te, int scorer) {
    r.scalars[who + "_knn"] = double(knn_correct_[scorer]) / test_points;
    // The model may have more or fewer states than the truth (NASCAR has 4): match over the larger count.
    const std::vector<int> perm = match_states(argmax_states(tr), ltr_, int(std::max(K, data_.train_states.rows())));
    r.scalars[who + "_matched_accuracy"] = matched_accuracy(argmax_states(te), lte_, perm);
    r.scalars[who + "_tv_error"] = soft_state_tv_error(te, eval_states, perm);
  };
  if (truth_) {
    score("gdm", gtr_, gte_, 0);
    r.scalars["raw_knn"] = double(knn_correct_[1]) / test_points;
    r.scalars["raw_increment_knn"] = double(knn_correct_[2]) / test_points;
    r.scalars["truth_switches_per_100"] = switches_per_100_steps(lte_);
    r.arrays["true_states"] = steps_array(eval_states);
  }
  if (!h) return;
  const std::vector<double> hskill = skills(hard_forecasts_, eval);
  r.arrays["hard_train_states"] = steps_array(ptr_.smoothed);
  r.arrays["hard_states"] = steps_array(pte_.smoothed);
  r.arrays["hard_skill"] = vector_array(hskill);
  r.scalars["hard_skill_1"] = hskill.front();
  r.scalars["hard_skill_h"] = hskill.back();
  r.scalars["hard_log_likelihood"] = pte_.log_likelihood;
  r.scalars["hard_switches_per_100"] = switches_per_100_steps(argmax_states(pte_.smoothed));
  if (truth_) score("hard", ptr_.smoothed, pte_.smoothed, 3);
}

}  // namespace rnnbook
