#pragma once
// The exact latent reduction of a low-rank network (SCIENCE.md 11.1): started in span(M) without input,
// x(t) = M kappa(t) with kappa' = -kappa + N^T phi(M kappa) / N, here in Euler steps of size dt.
// rnnbook's reconstruction (SCIENCE.md 11.0).
#include <Eigen/Dense>

#include "lowrank/low_rank_network.hpp"

namespace rnnbook {

// Least-squares latents kappa = (M^T M)^-1 M^T X (R x cols) of states X (N x cols).
Eigen::MatrixXd latent_readout(const Eigen::Ref<const Eigen::MatrixXd>& M, const Eigen::Ref<const Eigen::MatrixXd>& X);

// The same, for every state of a set of trials.
TrialStates latent_readout(const Eigen::Ref<const Eigen::MatrixXd>& M, const TrialStates& states);

// The R-dimensional recursion kappa <- kappa + dt (-kappa + N^T phi(M kappa) / N) from K0 (R x B).
TrialStates simulate_latent(const LowRankNetwork& net, double dt, const Eigen::Ref<const Eigen::MatrixXd>& K0,
                            Eigen::Index steps);

}  // namespace rnnbook
