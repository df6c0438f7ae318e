#pragma once
// New networks drawn from a learned law of loadings (SCIENCE.md 11.3 steps 4-5) and the controls of step 6
// (rnnbook's reconstruction, 11.0). Loadings are rows (neurons x R), as in LowRankNetwork.
#include <Eigen/Dense>

#include "common/rng.hpp"
#include "lowrank/flow_matching.hpp"
#include "lowrank/low_rank_network.hpp"
#include "lowrank/max_entropy.hpp"

namespace rnnbook {

// n = g*(m) + s xi, xi ~ N(0, I) (the maximum-entropy conditional law, 11.2 I6), for loading rows m.
Eigen::MatrixXd max_entropy_n(const Eigen::Ref<const Eigen::MatrixXd>& m, const MaxEntropyMean& g, double s, Rng& rng);

// The flow training data of variant B: rows (m_i, g*(m_i) + s xi_i) of the observed neurons (N x 2R).
Eigen::MatrixXd joint_loadings(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g, double s, Rng& rng);

// Variant A: m from a flow over m (d = R), n = g*(m) + s xi.
LowRankNetwork sample_network_a(const LoadingFlow& flow_m, const MaxEntropyMean& g, double s, Eigen::Index neurons,
                                Rng& rng, FlowIntegrator integrator = FlowIntegrator::rk4, int steps = 20);

// Variant B: (m, n) from a flow over (m, n) (d = 2R).
LowRankNetwork sample_network_b(const LoadingFlow& flow_mn, Eigen::Index neurons, Rng& rng,
                                FlowIntegrator integrator = FlowIntegrator::rk4, int steps = 20);

// Control: observed m resampled with replacement, n = g*(m) + s xi (the finite-N floor).
LowRankNetwork bootstrap_network(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g, double s,
                                 Eigen::Index neurons, Rng& rng);

// Control: (m, n) from the Gaussian with the mean and covariance of the rows of `loadings` (N x 2R: m, then n).
LowRankNetwork gaussian_network(const Eigen::Ref<const Eigen::MatrixXd>& loadings, Eigen::Index neurons, Rng& rng);

// Control: m from the Gaussian moment match of the observed m, n = g*(m) + s xi.
LowRankNetwork gaussian_m_network(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g, double s,
                                  Eigen::Index neurons, Rng& rng);

// Control: the rows of N permuted across neurons (breaks the m-n dependence).
LowRankNetwork shuffled_network(const LowRankNetwork& net, Rng& rng);

}  // namespace rnnbook
