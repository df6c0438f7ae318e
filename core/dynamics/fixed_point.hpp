#pragma once
// Fixed points h* = f(h*) of the constant-input map (dynamics/step_map.hpp) by damped Newton's
// method on r(h) = h - f(h): (I - A(h)) delta = -r(h), halving the step while |r| does not fall.
// A solve that does not converge is reported (converged = false), never looped on.
#include <Eigen/Dense>
#include <vector>

#include "rnn/parameters.hpp"

namespace rnnbook {

struct NewtonOptions {
  int max_iterations = 100;
  double tol = 1e-12;  // converged when ||h - f(h)||_inf <= tol * max(1, ||h||_inf)
};

struct FixedPoint {
  Eigen::VectorXd h;      // the last iterate
  double residual = 0.0;  // ||h - f(h)||_inf at h (NaN if the iterate went non-finite)
  int iterations = 0;
  bool converged = false;
};

// Newton from one start (N entries). x: the constant input (empty = zero input).
FixedPoint newton_fixed_point(const RnnParameters& p, const Eigen::VectorXd& start, const Eigen::VectorXd& x = {},
                              NewtonOptions options = {});

// Newton from h = 0 (the symmetric point: exactly a fixed point for zero input, b = 0 and an odd phi)
// and then from each start; returns the distinct converged fixed points (two closer than
// 1e-8 * max(1, |h|) count as one), the one reached from 0 first if it converged.
std::vector<FixedPoint> fixed_points(const RnnParameters& p, const std::vector<Eigen::VectorXd>& starts,
                                     const Eigen::VectorXd& x = {}, NewtonOptions options = {});

}  // namespace rnnbook
