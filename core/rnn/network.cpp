#include "rnn/network.hpp"

#include <cmath>

#include "common/error.hpp"

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

}  // namespace

void forward(const RnnParameters& p, const Batch& batch, Trajectory& traj) {
  const auto& s = p.shape();
  check_batch(s, batch);
  const std::size_t T = batch.steps(), B = batch.trials(), N = s.hidden, O = s.outputs;
  traj.h.resize({T + 1, B, N});
  traj.u.resize({T, B, N});
  traj.y.resize({T, B, O});
  step_block(traj.h, 0).setZero();
  const double a = s.leak;
  const auto W = p.W(), U = p.U(), C = p.C();
  const auto b = p.b().col(0), c = p.c().col(0);
  Eigen::MatrixXd site(N, B);  // the vector W multiplies: h_{t-1}, or phi(h_{t-1}) for cell B
  for (std::size_t t = 0; t < T; ++t) {
    auto h_prev = step_block(traj.h, t);
    auto u = step_block(traj.u, t);
    auto h = step_block(traj.h, t + 1);
    if (s.cell == CellKind::current) apply_phi(s.activation, h_prev, site);
    else site = h_prev;
    u.noalias() = W * site;
    u.noalias() += U * step_block(batch.x, t);
    if (s.bias) u.colwise() += b;
    switch (s.cell) {
      case CellKind::rate:  // h = (1-a) h_prev + a phi(u)
        apply_phi(s.activation, u, h);
        h = (1.0 - a) * h_prev + a * h;
        break;
      case CellKind::current:  // h = (1-a) h_prev + a u
        h = (1.0 - a) * h_prev + a * u;
        break;
      case CellKind::ctrnn:  // u = (1-a) h_prev + a (W h_prev + U x + b), h = phi(u)
        u = (1.0 - a) * h_prev + a * u;
        apply_phi(s.activation, u, h);
        break;
    }
    auto y = step_block(traj.y, t);
    y.noalias() = C * h;
    y.colwise() += c;
  }
}

double mse_loss(const Trajectory& traj, const Batch& batch) {
  return output_loss(traj.y, batch, LossKind::mse);
}

double trajectory_loss(const Trajectory& traj, const Batch& batch, LossKind kind) {
  return output_loss(traj.y, batch, kind);
}

double loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                         RnnParameters& grad, LossKind kind, GradientRule rule) {
  const auto& s = p.shape();
  if (grad.shape().hidden != s.hidden || grad.shape().inputs != s.inputs || grad.shape().outputs != s.outputs)
    throw Error("gradient: must have the network's shape (N, I, O) = (" + std::to_string(s.hidden) + ", " +
                std::to_string(s.inputs) + ", " + std::to_string(s.outputs) + ")");
  forward(p, batch, traj);
  const std::size_t T = batch.steps(), B = batch.trials();
  const Eigen::Index N = s.hidden, O = s.outputs;
  const double a = s.leak;
  const double count = mask_count(batch);
  grad.flat().setZero();
  if (count == 0.0) return 0.0;

  const auto W = p.W(), C = p.C();
  auto gW = grad.W(), gU = grad.U(), gb = grad.b(), gC = grad.C(), gc = grad.c();
  Eigen::MatrixXd lambda = Eigen::MatrixXd::Zero(N, Eigen::Index(B));  // adjoint lambda_t = dL/dh_t
  Eigen::MatrixXd g(N, Eigen::Index(B));     // dL/d(W site + U x + b) at step t
  Eigen::MatrixXd d(N, Eigen::Index(B));     // phi' at the cell's argument
  Eigen::MatrixXd site(N, Eigen::Index(B));  // what W multiplies
  Eigen::MatrixXd dy(O, Eigen::Index(B));    // dL/dy_t
  double loss = 0.0;

  // lambda_t = e_t + A_{t+1}^T lambda_{t+1}, e_t = C^T dL/dy_t; per cell (SCIENCE.md 1.3):
  //   rate:    g = a phi'(u) lambda,  A^T lambda = (1-a) lambda + W^T g
  //   current: g = a lambda,          A^T lambda = (1-a) lambda + phi'(h_prev) (W^T g)
  //   ctrnn:   g = a phi'(u) lambda,  A^T lambda = (1-a) phi'(u) lambda + W^T g
  for (std::size_t t = T; t-- > 0;) {
    output_error(step_block(traj.y, t), batch, t, kind, count, dy, &loss);
    gC.noalias() += dy * step_block(traj.h, t + 1).transpose();
    gc.col(0) += dy.rowwise().sum();
    lambda.noalias() += C.transpose() * dy;

    const auto h_prev = step_block(traj.h, t);
    const auto u = step_block(traj.u, t);
    if (s.cell == CellKind::current) {
      apply_phi(s.activation, h_prev, site);
      g = a * lambda;
    } else {
      site = h_prev;
      apply_dphi(s.activation, u, d);
      g = a * d.cwiseProduct(lambda);
    }
    gW.noalias() += g * site.transpose();
    gU.noalias() += g * step_block(batch.x, t).transpose();
    if (s.bias) gb.col(0) += g.rowwise().sum();

    if (rule == GradientRule::truncated) {  // the leak path only
      if (s.cell == CellKind::ctrnn) lambda = (1.0 - a) * d.cwiseProduct(lambda);
      else lambda *= (1.0 - a);
      continue;
    }
    switch (s.cell) {
      case CellKind::rate:
        lambda *= (1.0 - a);
        lambda.noalias() += W.transpose() * g;
        break;
      case CellKind::current:
        apply_dphi(s.activation, h_prev, d);
        site.noalias() = W.transpose() * g;  // reuse as scratch
        lambda = (1.0 - a) * lambda + d.cwiseProduct(site);
        break;
      case CellKind::ctrnn:
        lambda = (1.0 - a) * d.cwiseProduct(lambda);
        lambda.noalias() += W.transpose() * g;
        break;
    }
  }
  return loss / count;
}

}  // namespace rnnbook
