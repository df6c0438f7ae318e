#pragma once
// Steps 1-3 of the browser algorithm (SCIENCE.md 11.3), rnnbook's reconstruction (11.0; 11.2 I6 derives
// the maximum-entropy law: n | m ~ N(g*(m), s^2 I) with g* the minimum-norm conditional mean):
//   1. M_c = sqrt(N) U[:, :R] from the thin SVD of the activity (whitened gauge), latents kappa = M_c^T x / N;
//   2. required recurrent input y_t = (kappa_{t+1} - kappa_t) / dt + kappa_t;
//   3. g*(m) = sum_k lambda_k phi(m . a_k) over K anchors a_k among the visited latents, lambda from
//      (G + eps I) lambda = Y_anchors, G = F^T F / N, F_ik = phi(m_i . a_k), by Cholesky.
#include <Eigen/Dense>

#include "common/rng.hpp"
#include "lowrank/low_rank_network.hpp"
#include "lowrank/trial_states.hpp"

namespace rnnbook {

struct LoadingFit {
  Eigen::MatrixXd M;         // N x R, M^T M / N = I
  Eigen::VectorXd spectrum;  // singular values of the activity (N x B(T+1)), largest first
  TrialStates latents;       // R-dim kappa of every state
  Eigen::MatrixXd kappa;     // R x B T: the visited latents that drive a step (t < T)
  Eigen::MatrixXd y;         // R x B T: their required recurrent input
};

// Steps 1-2. Throws Error if rank is not in [1, N] or the activity's R-th singular value is below
// 1e-8 s_1 (activity of rank < R cannot give R loadings).
LoadingFit fit_loadings(const TrialStates& x, Eigen::Index rank, double dt);

struct MaxEntropyMean {
  Eigen::MatrixXd anchors;  // R x K
  Eigen::MatrixXd lambda;   // K x R
  double ridge = 0.0;       // eps
  Activation phi = Activation::tanh;

  // g*(m) for loading rows m (count x R): count x R.
  Eigen::MatrixXd operator()(const Eigen::Ref<const Eigen::MatrixXd>& m) const;
};

// Step 3 on loadings M (N x R) with visited latents kappa and inputs y (R x P): K anchors drawn among the P
// columns without replacement (all of them if P <= K), eps = ridge_factor tr(G) / K. Throws Error if the
// Cholesky factorisation fails.
MaxEntropyMean max_entropy_mean(const Eigen::Ref<const Eigen::MatrixXd>& M, const Eigen::Ref<const Eigen::MatrixXd>& kappa,
                                const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index anchors, Rng& rng,
                                double ridge_factor = 1e-6, Activation phi = Activation::tanh);

// The fitted network (M, g*(M)) of the observed neurons.
LowRankNetwork max_entropy_network(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g);

}  // namespace rnnbook
