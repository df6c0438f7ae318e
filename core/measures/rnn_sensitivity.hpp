#pragma once
// Local sensitivity of an RNN's readout at data points (SCIENCE.md 6.4): a data point is one trial,
// its input the sequence x_1..x_t, f = y_t (the readout at step t), and each step's hidden state
// h_s (s = 0..t: the inputs of the t recurrent layers and of the readout) counts as a layer input
// for NMLS and NVR. Jacobians by forward or reverse mode on a stored trajectory (rnn/network.hpp).
#include <vector>

#include "measures/local_sensitivity.hpp"
#include "rnn/batch.hpp"
#include "rnn/parameters.hpp"

namespace rnnbook {

struct RnnTrialJacobians {
  Eigen::MatrixXd input;               // dy_t/d(x_1..x_t): O x (t I), column block s-1 is dy_t/dx_s
  std::vector<Eigen::MatrixXd> hidden;  // dy_t/dh_s (O x N), s = 0..t
};

// Reverse mode (pull C back through the steps): every Jacobian in one sweep, cost O(t O N^2).
// traj: forward(p, batch, traj) for the batch holding the trial; step t in [1, T].
RnnTrialJacobians rnn_jacobians_reverse(const RnnParameters& p, const Trajectory& traj, Eigen::Index trial,
                                        Eigen::Index step);
// Forward mode (push the t I input directions through the steps): dy_t/d(x_1..x_t), cost O(t^2 I N^2).
Eigen::MatrixXd rnn_input_jacobian_forward(const RnnParameters& p, const Trajectory& traj, Eigen::Index trial,
                                           Eigen::Index step);

using RnnSensitivity = SensitivityArrays;  // per trial

// Measures of every trial of the batch at step t (0: the last step). Throws Error unless
// 1 <= r <= min(O, t I) and 0 <= step <= T.
RnnSensitivity rnn_sensitivity(const RnnParameters& p, const Batch& batch, int r, Eigen::Index step = 0);

}  // namespace rnnbook
