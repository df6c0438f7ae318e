#pragma once
// Seeded random MLPs, points and targets shared by the MLP unit tests.
#include "common/rng.hpp"
#include "mlp/mlp_network.hpp"

namespace rnnbook::testing {

inline MlpShape mlp_shape(int inputs, std::vector<int> hidden, int outputs, Activation f) {
  MlpShape s;
  s.inputs = inputs;
  s.hidden = std::move(hidden);
  s.outputs = outputs;
  s.activation = f;
  return s;
}

// mlp_init scaled by `gain`, plus small random biases (so relu units are not all on the same side).
inline MlpParameters random_mlp(const MlpShape& s, std::uint64_t seed, double gain = 1.3) {
  Rng rng(seed);
  MlpParameters p = mlp_init(s, rng);
  for (int l = 0; l < s.layers(); ++l) {
    p.W(l) *= gain;
    for (auto& v : p.b(l)) v = rng.normal(0.0, 0.3);
  }
  return p;
}

// A d x n matrix of N(0, 1) entries.
inline Eigen::MatrixXd random_points(int d, int n, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd X(d, n);
  for (auto& v : X.reshaped()) v = rng.normal();
  return X;
}

// k x n targets: Gaussian (MSE) or one-hot (cross-entropy).
inline Eigen::MatrixXd random_targets(int k, int n, bool one_hot, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd Y = Eigen::MatrixXd::Zero(k, n);
  for (int i = 0; i < n; ++i) {
    if (one_hot) Y(int(rng.uniform() * k) % k, i) = 1.0;
    else for (int j = 0; j < k; ++j) Y(j, i) = rng.normal();
  }
  return Y;
}

// grad_theta f_j(x_i) for every output j (P x k), each by backprop of a unit seed at output j of point i:
// an oracle independent of the Jacobian code.
inline Eigen::MatrixXd output_parameter_gradients(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i) {
  const MlpShape& s = p.shape();
  Eigen::MatrixXd G(s.parameter_count(), s.outputs);
  for (int j = 0; j < s.outputs; ++j) {
    Eigen::MatrixXd seed = Eigen::MatrixXd::Zero(s.outputs, acts.points());
    seed(j, i) = 1.0;
    MlpParameters g(s);
    mlp_backward(p, acts, seed, g);
    G.col(j) = g.flat();
  }
  return G;
}

}  // namespace rnnbook::testing
