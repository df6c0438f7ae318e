#pragma once
// A rank-R recurrent network x' = -x + J phi(x), J = M N^T / N, kept as its factors M, N (N x R): a step
// costs O(N R), and the N x N matrix is never formed. Euler steps of size dt are cell B of SCIENCE.md 1.1
// with W = M N^T / N, a = dt, no input or bias (SCIENCE.md 11.1). Row i of M, N is neuron i's loading
// vector (m_i, n_i). rnnbook's reconstruction of the model of Kim et al. 2026 (only the abstract was read).
#include <Eigen/Dense>

#include "lowrank/trial_states.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

struct LowRankNetwork {
  Eigen::MatrixXd M;  // N x R: output loadings m_i
  Eigen::MatrixXd N;  // N x R: input-selection loadings n_i
  Activation phi = Activation::tanh;

  Eigen::Index neurons() const { return M.rows(); }
  Eigen::Index rank() const { return M.cols(); }
};

// Throws Error (naming `what`) unless M and N are both N x R with N, R >= 1 and finite entries.
void check_network(const LowRankNetwork& net, const char* what = "low-rank network");

// The latent input N^T phi(X) / N (R x cols) of states X (N x cols).
Eigen::MatrixXd latent_input(const LowRankNetwork& net, const Eigen::Ref<const Eigen::MatrixXd>& X);

// One Euler step for every column of X: X <- X + dt (-X + M (N^T phi(X)) / N).
void low_rank_step(const LowRankNetwork& net, double dt, Eigen::Ref<Eigen::MatrixXd> X);

// Trajectories from the initial states X0 (N x B) over `steps` steps: B trials of steps + 1 states.
TrialStates simulate(const LowRankNetwork& net, double dt, const Eigen::Ref<const Eigen::MatrixXd>& X0,
                     Eigen::Index steps);

}  // namespace rnnbook
