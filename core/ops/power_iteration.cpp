#include "ops/power_iteration.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "ops/spectral.hpp"

namespace rnnbook {

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
  while (r.iterations < options.max_iterations) {
    A.apply(v, w);
    ++r.iterations;
    report_progress(double(r.iterations) / double(options.max_iterations));  // at most; convergence ends it early
    r.value = v.dot(w);  // v has unit norm
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
