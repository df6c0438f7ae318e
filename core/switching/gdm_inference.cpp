#include "switching/gdm_inference.hpp"

#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "switching/concrete.hpp"

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

Eigen::MatrixXd gdm_soft_states(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int samples, Rng& rng) {
  check_gdm_data(model, y, "gdm soft states");
  if (samples < 1) throw Error("gdm soft states: samples must be >= 1, got " + std::to_string(samples));
  const GdmParameters& p = model.parameters;
  const Eigen::Index K = p.shape().states;
  Eigen::MatrixXd lambda = p.W() * y;
  lambda.colwise() += p.c().col(0);
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(K, y.cols());
  Eigen::VectorXd g(K), z(K);
  for (int m = 0; m < samples; ++m)
    for (Eigen::Index t = 0; t < y.cols(); ++t) {
      draw_concrete(lambda.col(t), model.tau, rng, g, z);
      out.col(t) += z;
    }
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

std::vector<Eigen::MatrixXd> gdm_forecasts(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int horizon,
                                           int paths, Rng& rng) {
  check_gdm_data(model, y, "gdm forecasts");
  if (horizon < 1) throw Error("gdm forecasts: horizon must be >= 1, got " + std::to_string(horizon));
  if (paths < 1) throw Error("gdm forecasts: paths must be >= 1, got " + std::to_string(paths));
  const GdmParameters& p = model.parameters;
  const Eigen::Index N = p.shape().observations, K = p.shape().states, D = p.shape().projection, T = y.cols();
  const double gamma = p.gamma();
  std::vector<Eigen::MatrixXd> out(std::size_t(horizon), Eigen::MatrixXd::Zero(N, T));
  Eigen::VectorXd g(K), z(K), lambda(K), logits(K), yhat(N), u(D), zu(K * D);
  for (Eigen::Index s = 0; s + 1 < T; ++s) {
    lambda = p.W() * y.col(s) + p.c().col(0);
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
        out[std::size_t(h - 1)].col(s + h) += yhat;
      }
    }
  }
  for (auto& f : out) f /= double(paths);
  return out;
}

}  // namespace rnnbook
