#include "rnn/network.hpp"

#include <cmath>

#include "common/error.hpp"
#include "linalg/packed_product.hpp"
#include "rnn/step_products.hpp"

namespace rnnbook {

RnnParameters gaussian_init(const RnnShape& shape, double gain, Rng& rng) {
  RnnParameters p(shape);
  const double n = shape.hidden, i = shape.inputs;
  for (auto& v : p.W().reshaped()) v = rng.normal(0.0, gain / std::sqrt(n));
  for (auto& v : p.U().reshaped()) v = rng.normal(0.0, 1.0 / std::sqrt(i));
  for (auto& v : p.C().reshaped()) v = rng.normal(0.0, 1.0 / std::sqrt(n));
  return p;
}

namespace {

void check_batch(const RnnShape& s, const Batch& batch) {
  if (batch.x.shape()[2] != std::size_t(s.inputs) || batch.y.shape()[2] != std::size_t(s.outputs))
    throw Error("batch: input/output widths do not match the network");
}

// The forward pass; with `slopes`, also phi' at each step's cell argument into traj.slope. In float32
// every quantity is float (inputs rounded to float as they are read); SCIENCE.md 1.1.
template <class Scalar>
void run_forward(const BasicRnnParameters<Scalar>& p, const Batch& batch, BasicTrajectory<Scalar>& traj, bool slopes) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  const auto& s = p.shape();
  check_batch(s, batch);
  const std::size_t T = batch.steps(), B = batch.trials(), N = s.hidden, O = s.outputs;
  traj.h.resize({T + 1, B, N});
  traj.u.resize({T, B, N});
  traj.y.resize({T, B, O});
  if (slopes) traj.slope.resize({T, B, N});
  step_block(traj.h, 0).setZero();
  const Scalar a = Scalar(s.leak), one = 1;
  const auto W = p.W(), U = p.U(), C = p.C();
  const auto b = p.b().col(0), c = p.c().col(0);
  const BasicPackedMatrix<Scalar> packed_W(view_of(W));  // packed once, used at every step
  const Matrix C_transposed = C.transpose();
  std::vector<Scalar> scratch;
  Matrix phi_h(N, B);  // phi(h_{t-1}), what W multiplies in cell B
  // phi (and phi' when asked) of in, into out.
  const auto activate = [&](const auto& in, auto&& out, std::size_t t) {
    if (slopes) apply_phi_and_dphi(s.activation, in, out, step_block(traj.slope, t));
    else apply_phi(s.activation, in, out);
  };
  for (std::size_t t = 0; t < T; ++t) {
    auto h_prev = step_block(traj.h, t);
    auto u = step_block(traj.u, t);
    auto h = step_block(traj.h, t + 1);
    if (s.cell == CellKind::current) activate(h_prev, phi_h, t);
    step_products::input_drive(u, U, step_block(batch.x, t));  // depth I: no GEMM set-up
    if (s.bias) u.colwise() += b;
    multiply_add(packed_W, s.cell == CellKind::current ? view_of(phi_h) : view_of(h_prev), u, scratch);
    switch (s.cell) {
      case CellKind::rate:  // h = (1-a) h_prev + a phi(u)
        activate(u, h, t);
        h = (one - a) * h_prev + a * h;
        break;
      case CellKind::current:  // h = (1-a) h_prev + a u
        h = (one - a) * h_prev + a * u;
        break;
      case CellKind::ctrnn:  // u = (1-a) h_prev + a (W h_prev + U x + b), h = phi(u)
        u = (one - a) * h_prev + a * u;
        activate(u, h, t);
        break;
    }
    auto y = step_block(traj.y, t);
    step_products::readout(y, C, C_transposed, h);
    y.colwise() += c;
  }
}

// Loss and gradient by BPTT (SCIENCE.md 1.3), or the truncated rule (1.5), in Scalar throughout; the
// loss is summed in double (rnn/loss.cpp).
template <class Scalar>
double loss_and_gradient_in(const BasicRnnParameters<Scalar>& p, const Batch& batch, BasicTrajectory<Scalar>& traj,
                            BasicRnnParameters<Scalar>& grad, LossKind kind, GradientRule rule) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  const auto& s = p.shape();
  if (grad.shape().hidden != s.hidden || grad.shape().inputs != s.inputs || grad.shape().outputs != s.outputs)
    throw Error("gradient: must have the network's shape (N, I, O) = (" + std::to_string(s.hidden) + ", " +
                std::to_string(s.inputs) + ", " + std::to_string(s.outputs) + ")");
  run_forward(p, batch, traj, true);
  const std::size_t T = batch.steps(), B = batch.trials();
  const Eigen::Index N = s.hidden, O = s.outputs;
  const Scalar a = Scalar(s.leak), one = 1;
  const double count = mask_count(batch);
  grad.flat().setZero();
  if (count == 0.0) return 0.0;

  const auto W = p.W(), C = p.C();
  auto gW = grad.W(), gU = grad.U(), gb = grad.b(), gC = grad.C(), gc = grad.c();
  Matrix lambda = Matrix::Zero(N, Eigen::Index(B));  // adjoint lambda_t = dL/dh_t
  Matrix g(N, Eigen::Index(B));     // dL/d(W site + U x + b) at step t
  Matrix site(N, Eigen::Index(B));  // what W multiplies
  Matrix dy(O, Eigen::Index(B));    // dL/dy_t
  const Matrix C_transposed = C.transpose();
  Matrix readout_sums, input_sums;  // scratch of step_products::add_readout_gradient, add_input_gradient
  BasicPackedMatrix<Scalar> packed_WT, packed_g;  // W^T once, g at every step
  if (rule == GradientRule::bptt) packed_WT.assign(view_of(W).transpose());
  std::vector<Scalar> scratch;
  double loss = 0.0;

  // lambda_t = e_t + A_{t+1}^T lambda_{t+1}, e_t = C^T dL/dy_t; per cell (SCIENCE.md 1.3):
  //   rate:    g = a phi'(u) lambda,  A^T lambda = (1-a) lambda + W^T g
  //   current: g = a lambda,          A^T lambda = (1-a) lambda + phi'(h_prev) (W^T g)
  //   ctrnn:   g = a phi'(u) lambda,  A^T lambda = (1-a) phi'(u) lambda + W^T g
  for (std::size_t t = T; t-- > 0;) {
    output_error(step_block(traj.y, t), batch, t, kind, count, dy, &loss);
    step_products::add_readout_gradient(gC, dy, step_block(traj.h, t + 1), readout_sums);
    gc.col(0) += dy.rowwise().sum();
    step_products::add_readout_adjoint(lambda, C, C_transposed, dy);

    const auto h_prev = step_block(traj.h, t);
    const auto d = step_block(traj.slope, t);  // phi' at u_t (at h_{t-1} for cell B)
    if (s.cell == CellKind::current) {
      apply_phi(s.activation, h_prev, site);
      g = a * lambda;
    } else {
      g = a * d.cwiseProduct(lambda);
    }
    packed_g.assign(view_of(g));
    multiply_add(packed_g, (s.cell == CellKind::current ? view_of(site) : view_of(h_prev)).transpose(), gW, scratch);
    step_products::add_input_gradient(gU, g, step_block(batch.x, t), input_sums);
    if (s.bias) gb.col(0) += g.rowwise().sum();

    if (rule == GradientRule::truncated) {  // the leak path only
      if (s.cell == CellKind::ctrnn) lambda = (one - a) * d.cwiseProduct(lambda);
      else lambda *= (one - a);
      continue;
    }
    switch (s.cell) {
      case CellKind::rate:
        lambda *= (one - a);
        multiply_add(packed_WT, view_of(g), lambda, scratch);
        break;
      case CellKind::current:
        site.setZero();  // reused for W^T g
        multiply_add(packed_WT, view_of(g), site, scratch);
        lambda = (one - a) * lambda + d.cwiseProduct(site);
        break;
      case CellKind::ctrnn:
        lambda = (one - a) * d.cwiseProduct(lambda);
        multiply_add(packed_WT, view_of(g), lambda, scratch);
        break;
    }
  }
  return loss / count;
}

}  // namespace

void forward(const RnnParameters& p, const Batch& batch, Trajectory& traj) { run_forward(p, batch, traj, false); }

double mse_loss(const Trajectory& traj, const Batch& batch) {
  return output_loss(traj.y, batch, LossKind::mse);
}

double trajectory_loss(const Trajectory& traj, const Batch& batch, LossKind kind) {
  return output_loss(traj.y, batch, kind);
}

double loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                         RnnParameters& grad, LossKind kind, GradientRule rule) {
  return loss_and_gradient_in(p, batch, traj, grad, kind, rule);
}

void forward(const FloatRnnParameters& p, const Batch& batch, FloatTrajectory& traj) { run_forward(p, batch, traj, false); }

double loss_and_gradient(const FloatRnnParameters& p, const Batch& batch, FloatTrajectory& traj,
                         FloatRnnParameters& grad, LossKind kind, GradientRule rule) {
  return loss_and_gradient_in(p, batch, traj, grad, kind, rule);
}

}  // namespace rnnbook
