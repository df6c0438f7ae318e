#pragma once
// The truncated ("e-prop" / three-factor) gradient of SCIENCE.md 1.5: backpropagation through
// time with the recurrent state entering W. treated as a constant (stop_gradient), so only the
// leak path carries credit back in time. Readout gradients (C, c) stay exact.
#include "rnn/network.hpp"

namespace rnnbook {

// Same signature and semantics as loss_and_gradient (network.hpp): runs the forward pass into
// traj, returns the exact loss, and writes the truncated gradient into grad (same shape as p).
// The adjoint recursion keeps only A~_t, the part of dh_t/dh_{t-1} that bypasses W:
//   rate (A):    A~ = (1-a) I                 (SCIENCE.md 1.5)
//   current (B): A~ = (1-a) I                 (same rule applied to W phi(h))
//   ctrnn (C):   A~ = (1-a) diag(phi'(u))     (same rule applied inside phi)
// With W = 0 it equals the exact gradient. Throws if grad's shape differs from p's.
double truncated_loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                                   RnnParameters& grad, LossKind kind = LossKind::mse);

// The same gradient in its online (forward-in-time) form: per trial, eligibility traces
// eps_t = A~_t eps_{t-1} + d h_t/d theta_rec |direct, and grad~ = sum_t e_t . eps_t. Costs
// O(N (N + I)) memory per trial and O(B T N (N + I)) time; meant as a test oracle.
double eligibility_loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                                     RnnParameters& grad, LossKind kind = LossKind::mse);

}  // namespace rnnbook
