#pragma once
// The excited subspace S = span(Phi) of the visited activations Phi = [phi(x_b(t))] (SCIENCE.md 11.2 I3):
// the data constrain N only through N^T Phi / N, so n is identified on S and free on its complement
// (solutions N* + S-perp x R^R, N* = P_S N the minimum-norm one). rnnbook's reconstruction (SCIENCE.md 11.0).
#include <Eigen/Dense>

#include "lowrank/trial_states.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

// phi(x_b(t)) for every trial and t = 0..T-1 (the states that drive a step): N x B T.
Eigen::MatrixXd visited_activations(const TrialStates& x, Activation phi = Activation::tanh);

struct ExcitedSubspace {
  Eigen::MatrixXd U;         // N x k: left singular vectors of Phi, strongest first (k = min(N, columns))
  Eigen::VectorXd spectrum;  // the k singular values, largest first
  Eigen::Index dim = 0;      // dimension of S: singular values above threshold * s_1
  double threshold = 0.0;

  auto basis() const { return U.leftCols(dim); }  // orthonormal basis of S
};

// The SVD of Phi (by a QR of Phi^T first when Phi is wide) and S at the relative threshold (1e-2 in S13).
ExcitedSubspace excited_subspace(const Eigen::Ref<const Eigen::MatrixXd>& Phi, double threshold = 1e-2);

// The number of singular values above threshold * s_1.
Eigen::Index dimension_above(const Eigen::Ref<const Eigen::VectorXd>& spectrum, double threshold);

// P_S X and (I - P_S) X for an orthonormal basis of S (N x k).
Eigen::MatrixXd project_onto(const Eigen::Ref<const Eigen::MatrixXd>& basis, const Eigen::Ref<const Eigen::MatrixXd>& X);
Eigen::MatrixXd project_off(const Eigen::Ref<const Eigen::MatrixXd>& basis, const Eigen::Ref<const Eigen::MatrixXd>& X);

// The minimum-norm N (neurons x R) with N^T Phi / neurons = Y (R x columns), by the SVD of Phi with singular
// values below threshold * s_1 dropped (SCIENCE.md U28).
Eigen::MatrixXd minimum_norm_loadings(const Eigen::Ref<const Eigen::MatrixXd>& Phi, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                                      double threshold = 1e-10);

}  // namespace rnnbook
