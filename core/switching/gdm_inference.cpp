#include "switching/gdm_inference.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "switching/concrete.hpp"
#include "switching/gdm_posterior_input.hpp"

namespace rnnbook {
namespace {

void check_gdm_data(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, const char* who) {
  if (y.rows() != model.parameters.shape().observations || y.cols() < 1)
    throw Error(std::string(who) + ": y must be N x T with N = " + std::to_string(model.parameters.shape().observations) +
                " and T >= 1, got " + size_text(y.rows(), y.cols()));
}

// One Concrete draw, as probabilities.
void draw_concrete(const Eigen::VectorXd& logits, double tau, Rng& rng, Eigen::VectorXd& g, Eigen::Ref<Eigen::VectorXd> z) {
  for (Eigen::Index k = 0; k < g.size(); ++k) g(k) = draw_gumbel(rng);
  z = concrete_log_sample(logits, g, tau).unaryExpr(&portable::exp);
}

}  // namespace

Eigen::MatrixXd gdm_posterior_logits(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  check_gdm_data(model, y, "gdm soft states");
  const GdmPosteriorInput input = model.parameters.shape().posterior;
  // The default's input is y itself: no copy of it.
  Eigen::MatrixXd lambda = input == GdmPosteriorInput::observation ? Eigen::MatrixXd(model.parameters.W() * y)
                                                                   : Eigen::MatrixXd(model.parameters.W() * gdm_posterior_input(input, y));
  lambda.colwise() += model.parameters.c().col(0);
  return lambda;
}

void gdm_soft_states_add(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& logits, Eigen::Index from,
                         Eigen::Index to, Rng& rng, Eigen::Ref<Eigen::MatrixXd> sum) {
  const Eigen::Index K = model.parameters.shape().states, T = logits.cols();
  if (logits.rows() != K || sum.rows() != K || sum.cols() != T || T < 1)
    throw Error("gdm soft states: the logits and the sum must be K x T with K = " + std::to_string(K) + ", got " +
                size_text(logits.rows(), logits.cols()) + " and " + size_text(sum.rows(), sum.cols()));
  if (from < 0 || to < from) throw Error("gdm soft states: the draws must be a range [from, to) with 0 <= from <= to");
  Eigen::VectorXd g(K), z(K);
  for (Eigen::Index i = from; i < to; ++i) {  // draw i is sample i / T at step i % T, samples outermost
    const Eigen::Index t = i % T;
    draw_concrete(logits.col(t), model.tau, rng, g, z);
    sum.col(t) += z;
  }
}

Eigen::MatrixXd gdm_soft_states(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int samples, Rng& rng) {
  check_gdm_data(model, y, "gdm soft states");
  if (samples < 1) throw Error("gdm soft states: samples must be >= 1, got " + std::to_string(samples));
  const Eigen::MatrixXd lambda = gdm_posterior_logits(model, y);
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(model.parameters.shape().states, y.cols());
  gdm_soft_states_add(model, lambda, 0, Eigen::Index(samples) * y.cols(), rng, out);
  return out / double(samples);
}

Eigen::MatrixXd gdm_reconstruction(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                   const Eigen::Ref<const Eigen::MatrixXd>& soft) {
  check_gdm_data(model, y, "gdm reconstruction");
  const GdmParameters& p = model.parameters;
  const Eigen::Index K = p.shape().states, D = p.shape().projection, T = y.cols();
  if (soft.rows() != K || soft.cols() != T)
    throw Error("gdm reconstruction: soft states must be " + size_text(K, T) + ", got " + size_text(soft.rows(), soft.cols()));
  const Eigen::MatrixXd u = model.projection * y;
  Eigen::MatrixXd out = p.initial_means() * soft.col(0);
  out.conservativeResize(Eigen::NoChange, T);
  for (Eigen::Index t = 1; t < T; ++t) {
    out.col(t).setZero();
    for (Eigen::Index k = 0; k < K; ++k)
      out.col(t) += soft(k, t) * (p.S().middleCols(k * D, D) * u.col(t - 1) + p.b().col(k));
  }
  return out;
}

void gdm_forecasts_add(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int horizon, int paths,
                       Eigen::Index from, Eigen::Index to, Rng& rng, std::vector<Eigen::MatrixXd>& sums) {
  check_gdm_data(model, y, "gdm forecasts");
  if (horizon < 1) throw Error("gdm forecasts: horizon must be >= 1, got " + std::to_string(horizon));
  if (paths < 1) throw Error("gdm forecasts: paths must be >= 1, got " + std::to_string(paths));
  const GdmParameters& p = model.parameters;
  const Eigen::Index N = p.shape().observations, K = p.shape().states, D = p.shape().projection, T = y.cols();
  if (sums.size() != std::size_t(horizon))
    throw Error("gdm forecasts: the sums must hold one N x T matrix per horizon (" + std::to_string(horizon) + ")");
  for (const auto& f : sums)
    if (f.rows() != N || f.cols() != T) throw Error("gdm forecasts: each sum must be " + size_text(N, T));
  const double gamma = p.gamma();
  Eigen::VectorXd g(K), z(K), lambda(K), logits(K), yhat(N), u(D), zu(K * D);
  // The posterior only starts a path (at the observed y_s, with its observed increment); the rolled
  // steps draw z from the transition prior, so no increment of a rolled y is needed.
  for (Eigen::Index s = std::max<Eigen::Index>(from, 0); s < to && s + 1 < T; ++s) {
    lambda = p.W() * gdm_posterior_input_at(p.shape().posterior, y, s) + p.c().col(0);
    for (int m = 0; m < paths; ++m) {
      draw_concrete(lambda, model.tau, rng, g, z);
      yhat = y.col(s);
      for (int h = 1; h <= horizon && s + h < T; ++h) {
        u.noalias() = model.projection * yhat;
        logits = (1.0 - gamma) * (p.R() * u + p.r().col(0)) + gamma * z;
        draw_concrete(logits, model.tau, rng, g, z);
        // sum_k z_k S_k u = [S_1 ... S_K] (z kron u)
        for (Eigen::Index k = 0; k < K; ++k) zu.segment(k * D, D) = z(k) * u;
        yhat.noalias() = p.S() * zu;
        yhat.noalias() += p.b() * z;
        sums[std::size_t(h - 1)].col(s + h) += yhat;
      }
    }
  }
}

std::vector<Eigen::MatrixXd> gdm_forecasts(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int horizon,
                                           int paths, Rng& rng) {
  check_gdm_data(model, y, "gdm forecasts");
  if (horizon < 1) throw Error("gdm forecasts: horizon must be >= 1, got " + std::to_string(horizon));
  if (paths < 1) throw Error("gdm forecasts: paths must be >= 1, got " + std::to_string(paths));
  std::vector<Eigen::MatrixXd> out(std::size_t(horizon), Eigen::MatrixXd::Zero(model.parameters.shape().observations, y.cols()));
  gdm_forecasts_add(model, y, horizon, paths, 0, y.cols() - 1, rng, out);
  for (auto& f : out) f /= double(paths);
  return out;
}

}  // namespace rnnbook
