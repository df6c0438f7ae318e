#pragma once
// A recurrent network of one of the cells of SCIENCE.md 1.1 (see RnnShape), with readout
// y_t = C h_t + c, h_0 = 0, a masked loss on y (rnn/loss.hpp), and its exact gradient by
// backpropagation through time (SCIENCE.md 1.3).
#include "common/rng.hpp"
#include "rnn/batch.hpp"
#include "rnn/loss.hpp"
#include "rnn/parameters.hpp"

namespace rnnbook {

// W ~ N(0, gain^2/N), U ~ N(0, 1/I), C ~ N(0, 1/N), b = c = 0.
RnnParameters gaussian_init(const RnnShape& shape, double gain, Rng& rng);

// Runs the network over the batch and fills traj (resized as needed).
void forward(const RnnParameters& p, const Batch& batch, Trajectory& traj);

// The masked loss of a trajectory's readout against the batch targets.
double mse_loss(const Trajectory& traj, const Batch& batch);
double trajectory_loss(const Trajectory& traj, const Batch& batch, LossKind kind);

// Which credit flows back in time: the exact adjoint (BPTT), or only the path that bypasses W,
// the truncated "e-prop" gradient of SCIENCE.md 1.5 (readout gradients stay exact):
//   rate, current: A~ = (1-a) I;   ctrnn: A~ = (1-a) diag(phi'(u)).
enum class GradientRule { bptt, truncated };

// Forward pass, loss, and its gradient by backpropagation through time.
double loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                         RnnParameters& grad, LossKind kind = LossKind::mse,
                         GradientRule rule = GradientRule::bptt);

// Training in float32 (the `precision` option): the same passes with float parameters, states and
// products; inputs and targets are rounded to float as they are read, the loss is summed in double.
void forward(const FloatRnnParameters& p, const Batch& batch, FloatTrajectory& traj);
double loss_and_gradient(const FloatRnnParameters& p, const Batch& batch, FloatTrajectory& traj,
                         FloatRnnParameters& grad, LossKind kind = LossKind::mse,
                         GradientRule rule = GradientRule::bptt);

}  // namespace rnnbook
