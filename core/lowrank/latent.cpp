#include "lowrank/latent.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

Eigen::MatrixXd latent_readout(const Eigen::Ref<const Eigen::MatrixXd>& M, const Eigen::Ref<const Eigen::MatrixXd>& X) {
  if (X.rows() != M.rows())
    throw Error("latent readout: states have " + std::to_string(X.rows()) + " rows, M " + std::to_string(M.rows()));
  const Eigen::MatrixXd gram = M.transpose() * M;
  return gram.ldlt().solve(M.transpose() * X);
}

TrialStates latent_readout(const Eigen::Ref<const Eigen::MatrixXd>& M, const TrialStates& states) {
  TrialStates out;
  out.trials = states.trials;
  out.steps = states.steps;
  out.X = latent_readout(M, states.X);
  return out;
}

TrialStates simulate_latent(const LowRankNetwork& net, double dt, const Eigen::Ref<const Eigen::MatrixXd>& K0,
                            Eigen::Index steps) {
  check_network(net);
  if (K0.rows() != net.rank())
    throw Error("latent simulation: initial latents have " + std::to_string(K0.rows()) + " rows, the rank is " +
                std::to_string(net.rank()));
  TrialStates out(net.rank(), K0.cols(), steps);
  Eigen::MatrixXd K = K0;
  for (Eigen::Index t = 0;; ++t) {
    for (Eigen::Index b = 0; b < K.cols(); ++b) out.state(b, t) = K.col(b);
    if (t == steps) break;
    K = (1.0 - dt) * K + dt * latent_input(net, net.M * K);
  }
  return out;
}

}  // namespace rnnbook
