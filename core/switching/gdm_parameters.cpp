#include "switching/gdm_parameters.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

const char* gdm_block_name(GdmBlock block) {
  static const char* const names[kGdmBlockCount] = {"R", "r", "gamma", "l1", "mu0", "S", "b", "log_var", "W", "c"};
  return names[int(block)];
}

GdmParameters::GdmParameters(const GdmShape& shape) : shape_(shape) {
  const Eigen::Index N = shape.observations, K = shape.states, D = shape.projection;
  if (N < 1 || K < 1 || D < 1)
    throw Error("gdm: observations, states and projection must be >= 1, got " + std::to_string(N) + ", " +
                std::to_string(K) + ", " + std::to_string(D));
  const Eigen::Index sizes[kGdmBlockCount] = {K * D, K, 1, K, N * K, N * K * D, N * K, N, K * shape.posterior_inputs(), K};
  offset_[0] = 0;
  for (int i = 0; i < kGdmBlockCount; ++i) offset_[i + 1] = offset_[i] + sizes[i];
  theta_ = Eigen::VectorXd::Zero(offset_[kGdmBlockCount]);
}

GdmModel initial_gdm_model(const GdmShape& shape, double tau, Rng& rng) {
  GdmModel m{GdmParameters(shape), Eigen::MatrixXd(shape.projection, shape.observations), tau};
  const Eigen::Index N = shape.observations, K = shape.states, D = shape.projection;
  for (auto& v : m.projection.reshaped()) v = 0.1 * rng.normal();
  GdmParameters& p = m.parameters;
  for (auto& v : p.initial_means().reshaped()) v = rng.normal();
  for (auto& v : p.R().reshaped()) v = rng.normal();
  Eigen::MatrixXd C0(N, D), G(D, D);
  for (auto& v : C0.reshaped()) v = rng.normal();
  for (Eigen::Index k = 0; k < K; ++k) {
    for (auto& v : G.reshaped()) v = rng.normal();
    const Eigen::MatrixXd Q = G.householderQr().householderQ();
    p.S().middleCols(k * D, D) = C0 * Q;
  }
  for (auto& v : p.log_var().reshaped()) v = -1.0 + rng.uniform();
  for (auto& v : p.W().reshaped()) v = 0.8 * rng.normal();
  p.gamma() = 0.1;
  return m;
}

}  // namespace rnnbook
