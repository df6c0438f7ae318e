#pragma once
// Fits the hard-switching baseline (ar_hmm.hpp) by exact EM (SCIENCE.md 12.5): k-means on the
// increments y_t - y_{t-1} for a start, then E-steps by forward-backward and M-steps in closed form
// (pi; weighted least squares for (S_k, b_k); the shared sigma^2) plus the concave transition
// regression (ar_hmm_transitions.hpp). Every iteration raises the log-likelihood minus the ridge
// penalty on (R, r, P). Runs in chunks (run(n)) for progress and Stop.
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"
#include "switching/ar_hmm.hpp"

namespace rnnbook {

struct ArHmmFitSettings {
  int states = 4;                  // K
  int max_iterations = 50;         // EM iterations
  double tolerance = 1e-6;         // stop when an iteration gains less than tolerance x T
  int kmeans_restarts = 10;
  double transition_ridge = 1e-3;  // (ridge / 2) |(R, r, P)|^2
  int newton_iterations = 25;      // per transition M-step
};

// Throws Error naming the field when a setting is out of range.
void check_ar_hmm_fit_settings(const ArHmmFitSettings& settings);

// The M-step from posterior weights (smoothed K x T, pairwise K x (K (T-1))), in place. States
// with (almost) no weight keep their emission maps; sigma^2 is floored at 1e-12.
void ar_hmm_m_step(const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::MatrixXd>& smoothed,
                   const Eigen::Ref<const Eigen::MatrixXd>& pairwise, const ArHmmFitSettings& settings, ArHmmModel& model);

class ArHmmFitter {
 public:
  // y is N x T (T >= states + 1), projection F is D x N. Runs k-means (from rng) and the first
  // M-step from its labels. Throws Error on bad settings or sizes.
  ArHmmFitter(const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::MatrixXd>& projection,
              const ArHmmFitSettings& settings, Rng& rng);

  // Up to `iterations` more EM iterations (E-step, then M-step); fewer when done().
  void run(int iterations);
  bool done() const { return converged_ || iteration_ >= s_.max_iterations; }
  bool converged() const { return converged_; }
  int iterations() const { return iteration_; }
  // log p(y) and log p(y) - penalty at the parameters of each E-step: the second never decreases.
  const std::vector<double>& log_likelihood_history() const { return log_likelihood_; }
  const std::vector<double>& objective_history() const { return objective_; }
  const ArHmmModel& model() const { return model_; }
  const std::vector<int>& initial_labels() const { return initial_labels_; }

 private:
  ArHmmFitSettings s_;
  Eigen::MatrixXd y_;
  ArHmmModel model_;
  std::vector<int> initial_labels_;
  std::vector<double> log_likelihood_, objective_;
  int iteration_ = 0;
  bool converged_ = false;
};

// The penalty (ridge / 2) |(R, r, P)|^2 that EM's objective subtracts.
double ar_hmm_transition_penalty(const ArHmmParameters& p, double ridge);

}  // namespace rnnbook
