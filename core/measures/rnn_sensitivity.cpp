#include "measures/rnn_sensitivity.hpp"

#include <string>

#include "common/error.hpp"
#include "rnn/network.hpp"

namespace rnnbook {

namespace {

void check_trial(const Trajectory& traj, Eigen::Index trial, Eigen::Index step) {
  const Eigen::Index T = Eigen::Index(traj.u.shape()[0]), B = Eigen::Index(traj.u.shape()[1]);
  if (trial < 0 || trial >= B)
    throw Error("rnn_sensitivity: trial " + std::to_string(trial) + " out of range [0, " + std::to_string(B) + ")");
  if (step < 1 || step > T)
    throw Error("rnn_sensitivity: step " + std::to_string(step) + " out of range [1, " + std::to_string(T) + "]");
}

// phi' of step s (1-based) for one trial: at u_s (rate, ctrnn) or at h_{s-1} (current).
Eigen::VectorXd slope(const RnnParameters& p, const Trajectory& traj, Eigen::Index trial, Eigen::Index s) {
  const RnnShape& sh = p.shape();
  const Eigen::VectorXd at = sh.cell == CellKind::current ? step_block(traj.h, std::size_t(s - 1)).col(trial)
                                                          : step_block(traj.u, std::size_t(s - 1)).col(trial);
  Eigen::VectorXd d(at.size());
  apply_dphi(sh.activation, at, d);
  return d;
}

}  // namespace

// SCIENCE.md 1.1: A_s = dh_s/dh_{s-1} and B_s = dh_s/dx_s with D = diag(phi'):
//   rate    A = (1-a) I + a D W,   B = a D U
//   current A = (1-a) I + a W D,   B = a U
//   ctrnn   A = D ((1-a) I + a W), B = a D U
// Reverse mode: G = dy_t/dh_s, starting from C; dy_t/dx_s = G B_s; dy_t/dh_{s-1} = G A_s.
RnnTrialJacobians rnn_jacobians_reverse(const RnnParameters& p, const Trajectory& traj, Eigen::Index trial,
                                        Eigen::Index step) {
  check_trial(traj, trial, step);
  const RnnShape& sh = p.shape();
  const double a = sh.leak;
  const Eigen::Index I = sh.inputs;
  RnnTrialJacobians j;
  j.input.resize(sh.outputs, step * I);
  j.hidden.resize(std::size_t(step) + 1);
  Eigen::MatrixXd G = p.C();
  j.hidden[std::size_t(step)] = G;
  for (Eigen::Index s = step; s >= 1; --s) {
    const Eigen::VectorXd d = slope(p, traj, trial, s);
    switch (sh.cell) {
      case CellKind::rate: {
        const Eigen::MatrixXd GD = G * d.asDiagonal();
        j.input.middleCols((s - 1) * I, I) = a * GD * p.U();
        G = (1.0 - a) * G + a * GD * p.W();
        break;
      }
      case CellKind::current:
        j.input.middleCols((s - 1) * I, I) = a * G * p.U();
        G = (1.0 - a) * G + a * (G * p.W()) * d.asDiagonal();
        break;
      case CellKind::ctrnn: {
        const Eigen::MatrixXd GD = G * d.asDiagonal();
        j.input.middleCols((s - 1) * I, I) = a * GD * p.U();
        G = (1.0 - a) * GD + a * GD * p.W();
        break;
      }
    }
    j.hidden[std::size_t(s) - 1] = G;
  }
  return j;
}

// Forward mode: Q = dh_s/d(x_1..x_t) (N x t I) from Q = 0 at h_0; Q <- A_s Q, then block s-1 += B_s.
Eigen::MatrixXd rnn_input_jacobian_forward(const RnnParameters& p, const Trajectory& traj, Eigen::Index trial,
                                           Eigen::Index step) {
  check_trial(traj, trial, step);
  const RnnShape& sh = p.shape();
  const double a = sh.leak;
  const Eigen::Index I = sh.inputs;
  Eigen::MatrixXd Q = Eigen::MatrixXd::Zero(sh.hidden, step * I);
  for (Eigen::Index s = 1; s <= step; ++s) {
    const Eigen::VectorXd d = slope(p, traj, trial, s);
    const auto in = Q.leftCols((s - 1) * I);  // later columns are still 0
    switch (sh.cell) {
      case CellKind::rate:
        Q.leftCols((s - 1) * I) = (1.0 - a) * in + a * d.asDiagonal() * (p.W() * in);
        Q.middleCols((s - 1) * I, I) = a * d.asDiagonal() * p.U();
        break;
      case CellKind::current:
        Q.leftCols((s - 1) * I) = (1.0 - a) * in + a * p.W() * (d.asDiagonal() * in);
        Q.middleCols((s - 1) * I, I) = a * p.U();
        break;
      case CellKind::ctrnn:
        Q.leftCols((s - 1) * I) = d.asDiagonal() * ((1.0 - a) * in + a * (p.W() * in));
        Q.middleCols((s - 1) * I, I) = a * d.asDiagonal() * p.U();
        break;
    }
  }
  return p.C() * Q;
}

RnnSensitivity rnn_sensitivity(const RnnParameters& p, const Batch& batch, int r, Eigen::Index step) {
  const Eigen::Index T = Eigen::Index(batch.steps()), B = Eigen::Index(batch.trials());
  if (step < 0 || step > T)
    throw Error("rnn_sensitivity: step must be in [0, " + std::to_string(T) + "] (0 = the last), got " +
                std::to_string(step));
  const Eigen::Index t = step == 0 ? T : step;
  Trajectory traj;
  forward(p, batch, traj);
  RnnSensitivity m(B);
  for (Eigen::Index b = 0; b < B; ++b) {
    const RnnTrialJacobians j = rnn_jacobians_reverse(p, traj, b, t);
    m.set(b, local_sensitivity(j.input, r), network_sensitivity(j.hidden, r));
  }
  return m;
}

}  // namespace rnnbook
