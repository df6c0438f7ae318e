#include "experiments/switching_experiment.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "switching/gdm_inference.hpp"
#include "switching/state_metrics.hpp"

namespace rnnbook {

namespace {

// Streams of the seed (README.md): the NASCAR train data from seed and the test data from seed + 1000
// (stream 0 each); 1 F and the GDM's initial parameters; 2 its Gumbel draws in training; 3 the
// evaluation's draws (posterior samples, forecast paths); 4 the hard model's k-means.
GdmModel switching_initial_model(const SwitchingConfig& c) {
  Rng rng(c.seed, 1);
  return initial_gdm_model(c.shape, c.tau, rng);
}

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

SwitchingExperiment::SwitchingExperiment(const json& config) : cfg_(SwitchingConfig::parse(config)) {
  if (cfg_.nascar) {
    const NascarData train = generate_nascar(cfg_.data, cfg_.seed);
    train_ = train.y;
    train_states_ = train.z;
    if (cfg_.test_steps > 0) {
      NascarSettings s = cfg_.data;
      s.steps = cfg_.test_steps;
      const NascarData test = generate_nascar(s, cfg_.seed + 1000, &train.emission);
      test_ = test.y;
      test_states_ = test.z;
      test_latent_ = test.x;
    } else {
      test_latent_ = train.x;
    }
  } else {
    train_ = cfg_.user_train;
    test_ = cfg_.user_test;
    train_states_ = cfg_.user_train_states;
    test_states_ = cfg_.user_test_states;
  }
  gdm_ = std::make_unique<GdmTrainer>(train_, switching_initial_model(cfg_), cfg_.training, Rng(cfg_.seed, 2));
}

long SwitchingExperiment::total() const {
  return long(cfg_.training.max_iterations) + (cfg_.baseline ? long(cfg_.hard.max_iterations) : 0L) + 1L;
}

// Training that ends early (converged, stopped, diverged) counts its remaining units as done.
long SwitchingExperiment::position() const {
  long p = gdm_->done() ? long(cfg_.training.max_iterations) : long(gdm_->iterations());
  if (cfg_.baseline && hard_) p += hard_->done() ? long(cfg_.hard.max_iterations) : long(hard_->iterations());
  return p + (evaluated_ ? 1L : 0L);
}

long SwitchingExperiment::step(long n) {
  const auto start = std::chrono::steady_clock::now();
  const long before = position();
  while (n > position() - before && !done()) {
    const long left = n - (position() - before);
    if (!gdm_->done()) {
      gdm_->run(int(std::min<long>(left, cfg_.training.max_iterations)));
      if (gdm_->diverged()) {
        elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        throw Diverged("training diverged at GDM iteration " + std::to_string(gdm_->iterations()) +
                       ": the ELBO, its gradient or the update is not finite; the last finite state is kept; lower training.lr");
      }
    } else if (cfg_.baseline && (!hard_ || !hard_->done())) {
      if (!hard_) {
        Rng rng(cfg_.seed, 4);
        hard_ = std::make_unique<ArHmmFitter>(train_, gdm_->model().projection, cfg_.hard, rng);
      }
      hard_->run(int(std::min<long>(left, cfg_.hard.max_iterations)));
    } else {
      evaluated_ = true;  // the scores themselves are computed by result()
    }
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return position() - before;
}

std::vector<double> SwitchingExperiment::series(const std::string& name, long from) const {
  static const std::vector<double> none;
  const std::vector<double>* s = nullptr;
  if (name == "elbo" || name == "loss") s = &gdm_->elbo_history();
  else if (name == "log_likelihood") s = hard_ ? &hard_->log_likelihood_history() : &none;
  else throw Error("series: unknown name \"" + name + "\"; allowed: elbo, log_likelihood, loss");
  std::vector<double> out = series_from(*s, from);
  if (name == "loss")  // what training minimises, the series front ends stream by default
    for (double& v : out) v = -v;
  return out;
}

// Scores on the test data (the training data when there are none), with the states inferred by
// each model; the kNN of SCIENCE.md 12.5 is fitted on the training data's states.
void SwitchingExperiment::evaluate(Result& r) {
  const bool has_test = test_.size() > 0;
  const Eigen::MatrixXd& eval = has_test ? test_ : train_;
  const Eigen::MatrixXd& eval_states = has_test ? test_states_ : train_states_;
  const bool truth = train_states_.size() > 0 && eval_states.size() > 0;
  const GdmModel& g = gdm_->model();
  const Eigen::Index K = cfg_.shape.states, D = cfg_.shape.projection;
  Rng rng(cfg_.seed, 3);
  const Eigen::MatrixXd gtr = gdm_soft_states(g, train_, cfg_.posterior_samples, rng);
  const Eigen::MatrixXd gte = has_test ? gdm_soft_states(g, eval, cfg_.posterior_samples, rng) : gtr;
  const std::vector<double> gskill = skills(gdm_forecasts(g, eval, cfg_.horizon, cfg_.paths, rng), eval);
  r.arrays["gdm_train_states"] = steps_array(gtr);
  r.arrays["gdm_states"] = steps_array(gte);
  r.arrays["gdm_skill"] = vector_array(gskill);
  r.scalars["gdm_skill_1"] = gskill.front();
  r.scalars["gdm_skill_h"] = gskill.back();
  r.scalars["gdm_level_r2"] = level_r2(gdm_reconstruction(g, eval, gte), eval);
  r.scalars["gdm_switches_per_100"] = switches_per_100_steps(argmax_states(gte));
  r.scalars["persistence_level_r2"] = level_r2(eval.leftCols(eval.cols() - 1), eval.rightCols(eval.cols() - 1));
  const auto score = [&](const std::string& who, const Eigen::MatrixXd& tr, const Eigen::MatrixXd& te) {
    const std::vector<int> ltr = argmax_states(train_states_), lte = argmax_states(eval_states);
    r.scalars[who + "_knn"] = knn_accuracy(tr, ltr, te, lte, cfg_.knn);
    // The model may have more or fewer states than the truth (NASCAR has 4): match over the larger count.
    const std::vector<int> perm = match_states(argmax_states(tr), ltr, int(std::max(K, train_states_.rows())));
    r.scalars[who + "_matched_accuracy"] = matched_accuracy(argmax_states(te), lte, perm);
    r.scalars[who + "_tv_error"] = soft_state_tv_error(te, eval_states, perm);
  };
  if (truth) {
    const std::vector<int> ltr = argmax_states(train_states_), lte = argmax_states(eval_states);
    score("gdm", gtr, gte);
    r.scalars["raw_knn"] = knn_accuracy(train_, ltr, eval, lte, cfg_.knn);
    r.scalars["raw_increment_knn"] = knn_accuracy(with_increments(train_), ltr, with_increments(eval), lte, cfg_.knn);
    r.scalars["truth_switches_per_100"] = switches_per_100_steps(lte);
    r.arrays["true_states"] = steps_array(eval_states);
  }
  if (test_latent_.size() > 0) r.arrays["latent"] = steps_array(test_latent_);
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
  if (!hard_) return;
  const ArHmmModel& h = hard_->model();
  const ArHmmPosterior ptr = ar_hmm_posterior(h, train_);
  const ArHmmPosterior pte = has_test ? ar_hmm_posterior(h, eval) : ptr;
  const std::vector<double> hskill = skills(ar_hmm_forecasts(h, eval, pte.filtered, cfg_.horizon), eval);
  r.arrays["hard_train_states"] = steps_array(ptr.smoothed);
  r.arrays["hard_states"] = steps_array(pte.smoothed);
  r.arrays["hard_skill"] = vector_array(hskill);
  r.scalars["hard_skill_1"] = hskill.front();
  r.scalars["hard_skill_h"] = hskill.back();
  r.scalars["hard_log_likelihood"] = pte.log_likelihood;
  r.scalars["hard_switches_per_100"] = switches_per_100_steps(argmax_states(pte.smoothed));
  if (truth) score("hard", ptr.smoothed, pte.smoothed);
  r.arrays["hard_R"] = matrix_array(h.parameters.R);
  r.arrays["hard_r"] = vector_array(h.parameters.r);
  r.arrays["hard_P"] = matrix_array(h.parameters.P);
  r.arrays["hard_S"] = maps_array(h.parameters.S, K, D);
  r.arrays["hard_b"] = steps_array(h.parameters.b);
  r.arrays["hard_log_var"] = vector_array(h.parameters.log_var);
}

Result SwitchingExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.kind = "switching";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["gdm_iterations"] = double(gdm_->iterations());
  r.scalars["gdm_stopped_early"] = gdm_->stopped_early() ? 1.0 : 0.0;
  r.scalars["diverged"] = gdm_->diverged() ? 1.0 : 0.0;
  r.scalars["stopped_early"] = done() ? 0.0 : 1.0;
  const std::vector<double>& elbo = gdm_->elbo_history();
  r.scalars["final_elbo"] = elbo.empty() ? NAN : elbo.back();
  r.arrays["elbo"] = vector_array(elbo);
  if (hard_) {
    r.scalars["em_iterations"] = double(hard_->iterations());
    r.scalars["em_converged"] = hard_->converged() ? 1.0 : 0.0;
    r.arrays["log_likelihood"] = vector_array(hard_->log_likelihood_history());
  }
  evaluate(r);
  r.timing_ms = elapsed_ms_ + std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
