#pragma once
// The hard-switching baseline of SCIENCE.md 12.5: a recurrent sticky autoregressive HMM with the
// GDM's emission family and fixed projection F (the tau -> 0 model of 12.1(ii) plus a K x K bias):
//   p(z_1 = k) = pi_k,   p(z_t = k | z_{t-1} = j, y_{t-1}) = softmax_k(R_k F y_{t-1} + r_k + P_jk),
//   y_1 | z_1 = k ~ N(mu0_k, diag sigma^2),   y_t | z_t = k, y_{t-1} ~ N(S_k F y_{t-1} + b_k, diag sigma^2).
// Exact inference by the log-space forward-backward algorithm.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

struct ArHmmParameters {
  Eigen::VectorXd log_initial;    // K, log pi
  Eigen::MatrixXd R;              // K x D
  Eigen::VectorXd r;              // K
  Eigen::MatrixXd P;              // K x K, P(j, k) biases the move j -> k
  Eigen::MatrixXd initial_means;  // N x K, mu0_k
  Eigen::MatrixXd S;              // N x (K D), S_k side by side
  Eigen::MatrixXd b;              // N x K
  Eigen::VectorXd log_var;        // N, shared by all states
};

struct ArHmmModel {
  ArHmmParameters parameters;
  Eigen::MatrixXd projection;  // F, D x N
  Eigen::Index states() const { return parameters.r.size(); }
};

// Throws Error unless the blocks fit together and F is D x N; the second form also unless y is N x T
// with T >= 1.
void check_ar_hmm(const ArHmmModel& model);
void check_ar_hmm(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y);

// log p(y_t | z_t = k, y_{t-1}), K x T.
Eigen::MatrixXd ar_hmm_log_emissions(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y);

// log p(z_{t+1} = k | z_t = j, y_t) for t = 0..T-2 (0-based) at (j, t K + k): K x (K (T-1)).
Eigen::MatrixXd ar_hmm_log_transitions(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y);

// log p(y, z) of one state path, straight from the model's definition (the oracle for U39).
double ar_hmm_path_log_probability(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                   const std::vector<int>& states);

struct ArHmmPosterior {
  Eigen::MatrixXd filtered;  // K x T, p(z_t | y_1..t)
  Eigen::MatrixXd smoothed;  // K x T, p(z_t | y_1..T)
  Eigen::MatrixXd pairwise;  // K x (K (T-1)): p(z_t = j, z_{t+1} = k | y) at (j, t K + k)
  double log_likelihood = 0.0;
};

// The forward-backward algorithm in log space.
ArHmmPosterior ar_hmm_posterior(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y);

// Forecasts of horizons 1..horizon from the filtered marginals at every origin s: the state
// distribution is propagated by the transition matrix at the current mean forecast and the forecast
// is sum_k p_k (S_k F yhat + b_k). Horizon 1 is the exact predictive mean E[y_{s+1} | y_1..s]; longer
// horizons are this mean-field approximation. Element h-1 is N x T with column t the forecast of
// y_t made at t - h (columns t < h are 0). Throws Error unless horizon >= 1 and filtered is K x T.
std::vector<Eigen::MatrixXd> ar_hmm_forecasts(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                              const Eigen::Ref<const Eigen::MatrixXd>& filtered, int horizon);

// The origins s in [from, to) of ar_hmm_forecasts, written into out (horizon matrices N x T, zero-filled
// by the caller): consecutive ranges from 0 to T - 1 give ar_hmm_forecasts.
void ar_hmm_forecasts_fill(const ArHmmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y,
                           const Eigen::Ref<const Eigen::MatrixXd>& filtered, int horizon, Eigen::Index from, Eigen::Index to,
                           std::vector<Eigen::MatrixXd>& out);

}  // namespace rnnbook
