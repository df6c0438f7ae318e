#pragma once
// One step of a cell (SCIENCE.md 1.1) with the input held constant, as a map of the state alone:
// f(h) = cell(h, x), and its Jacobian A(h) = df/dh, the matrix A_t of SCIENCE.md 1.1 at that state.
#include <Eigen/Dense>

#include "rnn/parameters.hpp"

namespace rnnbook {

// f(h) for a constant input x (I entries; an empty x means zero input). Throws Error on a size mismatch.
Eigen::VectorXd step_map(const RnnParameters& p, const Eigen::VectorXd& h, const Eigen::VectorXd& x = {});

// A(h) = df/dh (N x N):
//   rate:    (1-a) I + a diag(phi'(u)) W,        u = W h + U x + b
//   current: (1-a) I + a W diag(phi'(h))
//   ctrnn:   diag(phi'(v)) ((1-a) I + a W),      v = (1-a) h + a (W h + U x + b)
Eigen::MatrixXd step_jacobian(const RnnParameters& p, const Eigen::VectorXd& h, const Eigen::VectorXd& x = {});

}  // namespace rnnbook
