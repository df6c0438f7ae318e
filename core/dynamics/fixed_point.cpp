#include "dynamics/fixed_point.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "dynamics/step_map.hpp"

namespace rnnbook {

namespace {

double inf_norm(const Eigen::VectorXd& v) { return v.size() ? v.cwiseAbs().maxCoeff() : 0.0; }

bool small_enough(double r, const Eigen::VectorXd& h, double tol) {
  return r <= tol * std::max(1.0, inf_norm(h));
}

}  // namespace

FixedPoint newton_fixed_point(const RnnParameters& p, const Eigen::VectorXd& start, const Eigen::VectorXd& x,
                              NewtonOptions options) {
  if (options.max_iterations < 0) throw Error("max_iterations: must be >= 0");
  FixedPoint fp;
  fp.h = start;
  Eigen::VectorXd r = fp.h - step_map(p, fp.h, x);
  fp.residual = inf_norm(r);
  const Eigen::Index N = p.shape().hidden;
  for (; fp.iterations < options.max_iterations; ++fp.iterations) {
    if (!std::isfinite(fp.residual) || small_enough(fp.residual, fp.h, options.tol)) break;
    const Eigen::MatrixXd M = Eigen::MatrixXd::Identity(N, N) - step_jacobian(p, fp.h, x);
    const Eigen::VectorXd delta = M.colPivHouseholderQr().solve(-r);
    if (!delta.allFinite()) break;
    // Backtracking: the full Newton step near a root, shorter steps where it overshoots.
    double t = 1.0;
    Eigen::VectorXd h_new, r_new;
    for (int k = 0; k < 30; ++k, t *= 0.5) {
      h_new = fp.h + t * delta;
      r_new = h_new - step_map(p, h_new, x);
      if (inf_norm(r_new) < fp.residual) break;
    }
    if (!(inf_norm(r_new) < fp.residual)) break;  // no descent along the Newton direction: stuck
    fp.h = h_new;
    r = r_new;
    fp.residual = inf_norm(r);
  }
  if (!fp.h.allFinite()) fp.residual = NAN;
  fp.converged = std::isfinite(fp.residual) && small_enough(fp.residual, fp.h, options.tol);
  return fp;
}

std::vector<FixedPoint> fixed_points(const RnnParameters& p, const std::vector<Eigen::VectorXd>& starts,
                                     const Eigen::VectorXd& x, NewtonOptions options) {
  std::vector<FixedPoint> found;
  auto consider = [&](const Eigen::VectorXd& start) {
    FixedPoint fp = newton_fixed_point(p, start, x, options);
    if (!fp.converged) return;
    for (const auto& f : found)
      if (inf_norm(f.h - fp.h) <= 1e-8 * std::max(1.0, inf_norm(fp.h))) return;
    found.push_back(std::move(fp));
  };
  consider(Eigen::VectorXd::Zero(p.shape().hidden));
  for (const auto& s : starts) consider(s);
  return found;
}

}  // namespace rnnbook
