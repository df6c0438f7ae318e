#pragma once
// The exact Hessian of a network's masked loss (SCIENCE.md 1.2) with respect to all of
// theta = (W, U, b, C, c), applied to a direction v without forming it: forward-over-reverse
// differentiation of BPTT (SCIENCE.md 6.4 "R-op", 6.6). Cost per product about two gradients.
#include "rnn/batch.hpp"
#include "rnn/loss.hpp"
#include "rnn/parameters.hpp"

namespace rnnbook {

class LossHessian {
 public:
  // Copies p and the batch, runs the forward pass and BPTT once and keeps what every product reuses.
  // Throws Error if the batch widths do not match the network.
  LossHessian(const RnnParameters& p, const Batch& batch, LossKind kind);

  double loss() const { return loss_; }
  const RnnParameters& gradient() const { return grad_; }  // exact BPTT gradient at p
  const RnnParameters& parameters() const { return params_; }

  // Hv = H v (both shaped like p). Without bias the b entries of v are ignored and those of Hv are 0.
  // With relu (phi'' = 0 almost everywhere) this is the Hessian wherever it exists.
  void apply(const RnnParameters& v, RnnParameters& Hv) const;

 private:
  RnnParameters params_, grad_;
  Batch batch_;
  LossKind kind_;
  double loss_ = 0.0;
  Trajectory traj_;
  // Per step (T, B, N): phi' and phi'' at the cell's argument (u for rate and ctrnn, h_{t-1} for
  // current), what W multiplies (current only: phi(h_{t-1})), the adjoint lambda_t and g_t of BPTT.
  xt::xtensor<double, 3> d1_, d2_, site_, lambda_, g_;
  xt::xtensor<double, 3> dy_, prob_;  // (T, B, O): dL/dy_t, and softmax(y_t) for cross-entropy
  xt::xtensor<double, 2> weight_;     // (T, B): mask/|mask| (times sum y* for cross-entropy)
};

}  // namespace rnnbook
