#include "timeseries/gru_forecaster.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "optim/adam.hpp"

namespace rnnbook {

namespace {

constexpr double kGruMinSd = 1e-3;

double gru_softplus(double x) { return x > 0 ? x + portable::log1p(portable::exp(-x)) : portable::log1p(portable::exp(x)); }
double gru_logistic(double x) { return 1.0 / (1.0 + portable::exp(-x)); }

std::vector<Eigen::MatrixXd> context_steps(const Eigen::Ref<const Eigen::MatrixXd>& contexts) {
  std::vector<Eigen::MatrixXd> x(std::size_t(contexts.rows()));
  for (Eigen::Index t = 0; t < contexts.rows(); ++t) x[std::size_t(t)] = contexts.row(t);
  return x;
}

void check_settings(const GruForecasterSettings& s) {
  if (s.context < 1 || s.hidden < 1 || s.horizon < 1 || s.steps < 0 || s.batch < 1 || !(s.lr > 0))
    throw Error("gru forecaster: context, hidden, horizon and batch must be >= 1, steps >= 0 and lr > 0");
}

}  // namespace

void GruForecaster::write_to(Eigen::Ref<Eigen::VectorXd> flat) const {
  if (flat.size() != size()) throw Error("gru forecaster: the flat vector must have " + std::to_string(size()) + " entries");
  gru.write_to(flat.head(gru.size()));
  flat.segment(gru.size(), V.size()) = V.reshaped();
  flat.tail(v.size()) = v;
}

void GruForecaster::read_from(const Eigen::Ref<const Eigen::VectorXd>& flat) {
  if (flat.size() != size()) throw Error("gru forecaster: the flat vector must have " + std::to_string(size()) + " entries");
  gru.read_from(flat.head(gru.size()));
  V.reshaped() = flat.segment(gru.size(), V.size());
  v = flat.tail(v.size());
}

GruForecaster GruForecaster::initial(const GruForecasterSettings& s, Rng& rng) {
  check_settings(s);
  GruForecaster m;
  m.gru = GruWeights::uniform(1, s.hidden, rng);
  const double bound = 1.0 / std::sqrt(double(s.hidden));
  m.V.resize(2 * s.horizon, s.hidden);
  m.v.resize(2 * s.horizon);
  for (Eigen::Index i = 0; i < m.V.size(); ++i) m.V.data()[i] = rng.uniform(-bound, bound);
  for (Eigen::Index i = 0; i < m.v.size(); ++i) m.v(i) = rng.uniform(-bound, bound);
  return m;
}

void gru_predict(const GruForecaster& model, const Eigen::Ref<const Eigen::MatrixXd>& contexts, Eigen::MatrixXd& means,
                 Eigen::MatrixXd& sds) {
  GruTrace trace;
  gru_forward(model.gru, context_steps(contexts), trace);
  const int H = model.horizon();
  Eigen::MatrixXd O = model.V * trace.final_state();
  O.colwise() += model.v;
  means = O.topRows(H);
  means.rowwise() += contexts.row(contexts.rows() - 1);
  sds = O.bottomRows(H).unaryExpr([](double a) { return gru_softplus(a) + kGruMinSd; });
}

// SCIENCE.md 13.2: NLL = mean_{h,b} log sd + (y - mean)^2 / (2 sd^2); with e = y - mean,
// dNLL/dmean = -e / sd^2, dNLL/dsd = 1/sd - e^2/sd^3, dsd/do = logistic(o), all divided by H B.
double gru_forecast_loss(const GruForecaster& model, const Eigen::Ref<const Eigen::MatrixXd>& contexts,
                         const Eigen::Ref<const Eigen::MatrixXd>& futures, Eigen::VectorXd* grad) {
  const int H = model.horizon();
  const Eigen::Index B = contexts.cols();
  if (futures.rows() != H || futures.cols() != B)
    throw Error("gru forecaster: futures must be " + size_text(H, B) + " (horizon x batch)");
  const std::vector<Eigen::MatrixXd> x = context_steps(contexts);
  GruTrace trace;
  gru_forward(model.gru, x, trace);
  Eigen::MatrixXd O = model.V * trace.final_state();
  O.colwise() += model.v;
  const double scale = 1.0 / double(H * B);
  double loss = 0;
  Eigen::MatrixXd dO(2 * H, B);
  for (Eigen::Index b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h) {
      const double sd = gru_softplus(O(H + h, b)) + kGruMinSd;
      const double e = futures(h, b) - (contexts(contexts.rows() - 1, b) + O(h, b));
      loss += portable::log(sd) + 0.5 * e * e / (sd * sd);
      dO(h, b) = -e / (sd * sd) * scale;
      dO(H + h, b) = (1.0 / sd - e * e / (sd * sd * sd)) * gru_logistic(O(H + h, b)) * scale;
    }
  if (grad) {
    GruForecaster g{GruWeights::zeros(1, model.gru.hidden()), dO * trace.final_state().transpose(), dO.rowwise().sum()};
    const Eigen::MatrixXd dh = model.V.transpose() * dO;
    gru_backward(model.gru, x, trace, dh, g.gru);
    grad->resize(model.size());
    g.write_to(*grad);
  }
  return loss * scale;
}

namespace {
Eigen::Index checked_first_origin(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
                                  const GruForecasterSettings& s) {
  check_settings(s);
  const Eigen::Index lo = first + s.context - 1, hi = end - s.horizon - 1;  // origins lo..hi
  if (first < 0 || end > y.rows() || hi < lo)
    throw Error("gru forecaster: the training rows [" + std::to_string(first) + ", " + std::to_string(end) +
                ") are too short for a context of " + std::to_string(s.context) + " and a horizon of " +
                std::to_string(s.horizon));
  return lo;
}
}  // namespace

GruTrainer::GruTrainer(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
                       const GruForecasterSettings& s, std::uint64_t seed)
    : y_(y),
      s_(s),
      lo_(checked_first_origin(y, first, end, s)),
      hi_(end - s.horizon - 1),
      rng_(seed),
      model_(GruForecaster::initial(s, rng_)),
      theta_(model_.size()),
      adam_(model_.size(), AdamSettings{s.lr, 0.9, 0.999, 1e-8, 0.0, false}),
      contexts_(s.context, s.batch),
      futures_(s.horizon, s.batch) {
  model_.write_to(theta_);
}

double GruTrainer::step() {
  const auto origins = std::uint64_t(hi_ - lo_ + 1);
  for (int b = 0; b < s_.batch; ++b) {
    const Eigen::Index t = lo_ + Eigen::Index(rng_.next_u64() % origins);
    const Eigen::Index c = Eigen::Index(rng_.next_u64() % std::uint64_t(y_.cols()));
    contexts_.col(b) = y_.col(c).segment(t - s_.context + 1, s_.context);
    futures_.col(b) = y_.col(c).segment(t + 1, s_.horizon);
  }
  const double loss = gru_forecast_loss(model_, contexts_, futures_, &grad_);
  adam_.set_learning_rate(s_.lr * 0.5 * (1 + portable::cos(kPi * double(k_) / double(std::max(1, s_.steps)))));
  adam_.step(theta_, grad_);
  model_.read_from(theta_);
  ++k_;
  return loss;
}

GruForecaster train_gru_forecaster(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
                                   const GruForecasterSettings& s, std::uint64_t seed,
                                   const std::function<bool(int, double)>& progress) {
  GruTrainer trainer(y, first, end, s, seed);
  while (trainer.steps_done() < s.steps) {
    const double loss = trainer.step();
    if (progress && !progress(trainer.steps_done(), loss)) break;
  }
  return trainer.model();
}

GaussianForecast gru_forecast(const GruForecaster& model, const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index t,
                              int context) {
  if (t - context + 1 < 0 || t >= y.rows())
    throw Error("gru forecaster: origin " + std::to_string(t) + " has no context of " + std::to_string(context) + " rows");
  const Eigen::MatrixXd contexts = y.middleRows(t - context + 1, context);
  Eigen::MatrixXd means, sds;
  gru_predict(model, contexts, means, sds);
  return {means, sds};
}

}  // namespace rnnbook
