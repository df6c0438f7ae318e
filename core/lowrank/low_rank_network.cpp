#include "lowrank/low_rank_network.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

void check_network(const LowRankNetwork& net, const char* what) {
  const std::string w = what;
  if (net.M.rows() < 1 || net.M.cols() < 1)
    throw Error(w + ": M must have at least 1 neuron and rank >= 1, got " + size_text(net.M.rows(), net.M.cols()));
  if (net.N.rows() != net.M.rows() || net.N.cols() != net.M.cols())
    throw Error(w + ": N is " + size_text(net.N.rows(), net.N.cols()) + ", M " + size_text(net.M.rows(), net.M.cols()));
  if (!net.M.allFinite() || !net.N.allFinite()) throw Error(w + ": loadings must be finite");
}

Eigen::MatrixXd latent_input(const LowRankNetwork& net, const Eigen::Ref<const Eigen::MatrixXd>& X) {
  Eigen::MatrixXd phi(X.rows(), X.cols());
  apply_phi(net.phi, X, phi);
  return net.N.transpose() * phi / double(net.neurons());
}

// SCIENCE.md 11.1: cell B of 1.1 with W = M N^T / N applied through the factors, O(N R) per column.
void low_rank_step(const LowRankNetwork& net, double dt, Eigen::Ref<Eigen::MatrixXd> X) {
  const Eigen::MatrixXd k = latent_input(net, X);
  X = (1.0 - dt) * X + dt * (net.M * k);
}

TrialStates simulate(const LowRankNetwork& net, double dt, const Eigen::Ref<const Eigen::MatrixXd>& X0,
                     Eigen::Index steps) {
  check_network(net);
  if (X0.rows() != net.neurons())
    throw Error("low-rank network: initial states have " + std::to_string(X0.rows()) + " rows, the network " +
                std::to_string(net.neurons()) + " neurons");
  TrialStates out(net.neurons(), X0.cols(), steps);
  Eigen::MatrixXd X = X0;  // the states of every trial at the current step
  for (Eigen::Index t = 0;; ++t) {
    for (Eigen::Index b = 0; b < X.cols(); ++b) out.state(b, t) = X.col(b);
    if (t == steps) break;
    low_rank_step(net, dt, X);
  }
  return out;
}

}  // namespace rnnbook
