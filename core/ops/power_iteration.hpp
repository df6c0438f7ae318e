#pragma once
// The eigenvalue of largest magnitude of a symmetric operator by power iteration (SCIENCE.md 6.4, 6.6:
// sharpdim's eigen_hessian, BiolHessRNN's lambda_max), reported as the Rayleigh quotient v^T A v.
#include <Eigen/Dense>

#include "common/rng.hpp"
#include "ops/linear_operator.hpp"

namespace rnnbook {

struct PowerIterationOptions {
  double rel_tol = 1e-6;    // stop when |lambda_k - lambda_{k-1}| <= rel_tol |lambda_k|
  int max_iterations = 300;
};

struct PowerIterationResult {
  double value = 0.0;      // Rayleigh quotient of the last iterate (signed)
  Eigen::VectorXd vector;  // unit-norm last iterate
  int iterations = 0;      // applications of A
  bool converged = false;  // the relative tolerance was met (or A v = 0)
};

// Start vector: Gaussian from rng. Throws Error unless A is square with n >= 1, rel_tol > 0 and
// max_iterations >= 1.
PowerIterationResult power_iteration(const LinearOperator& A, Rng& rng, PowerIterationOptions options = {});

}  // namespace rnnbook
