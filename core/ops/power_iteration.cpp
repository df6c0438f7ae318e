#include "ops/power_iteration.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "ops/spectral.hpp"

namespace rnnbook {

namespace {

// The share of the iteration done, for progress only (it never changes a number). The relative change of
// the Rayleigh quotient shrinks about geometrically (by (lambda_2 / lambda_1)^2 a round for a symmetric
// operator), so the rounds still needed are about log(tol / change) / log(rate), with the rate the
// geometric mean over the last few rounds. Without a shrinking change, max_iterations is the bound.
class ConvergenceEstimate {
 public:
  explicit ConvergenceEstimate(const PowerIterationOptions& options) : options_(options) {}

  double fraction_done(int iterations, double change) {
    const double cap = double(options_.max_iterations - iterations);
    double left = cap;
    if (std::isfinite(change)) {
      changes_.push_back(change);
      if (changes_.size() > 5) changes_.pop_front();
      const double first = changes_.front();
      if (changes_.size() > 1 && change > 0.0 && first > change) {
        const double rate = std::pow(change / first, 1.0 / double(changes_.size() - 1));
        left = std::min(cap, std::max(1.0, std::log(options_.rel_tol / change) / std::log(rate)));
      }
    }
    return double(iterations) / (double(iterations) + left);
  }

 private:
  PowerIterationOptions options_;
  std::deque<double> changes_;  // the last relative changes, oldest first
};

}  // namespace

PowerIterationResult power_iteration(const LinearOperator& A, Rng& rng, PowerIterationOptions options) {
  require_square(A, "power_iteration");
  if (A.rows() < 1) throw Error("power_iteration: the operator is empty");
  if (!(options.rel_tol > 0.0))
    throw Error("power_iteration: rel_tol must be > 0, got " + std::to_string(options.rel_tol));
  if (options.max_iterations < 1)
    throw Error("power_iteration: max_iterations must be >= 1, got " + std::to_string(options.max_iterations));
  PowerIterationResult r;
  Eigen::VectorXd v = gaussian_matrix(A.rows(), 1, rng).col(0), w(A.rows());
  v.normalize();
  double previous = NAN;
  ConvergenceEstimate estimate(options);
  while (r.iterations < options.max_iterations) {
    A.apply(v, w);
    ++r.iterations;
    r.value = v.dot(w);  // v has unit norm
    if (progress_wanted())
      report_progress(estimate.fraction_done(r.iterations, std::abs(r.value - previous) / std::abs(r.value)));
    const double norm = w.norm();
    if (norm == 0.0) {  // v lies in the null space: A v = 0 is an eigenpair
      r.converged = true;
      break;
    }
    const bool done = std::abs(r.value - previous) <= options.rel_tol * std::abs(r.value);
    previous = r.value;
    if (done || r.iterations == options.max_iterations) {  // keep v: value is its Rayleigh quotient
      r.converged = done;
      break;
    }
    v = w / norm;
  }
  r.vector = v;
  return r;
}

}  // namespace rnnbook
