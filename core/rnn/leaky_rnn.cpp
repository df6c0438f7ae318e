#include "rnn/leaky_rnn.hpp"

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

double masked_count(const Batch& batch) {
  double n = 0.0;
  for (double m : batch.mask) n += m;
  return n;
}

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
  for (std::size_t t = 0; t < T; ++t) {
    auto h_prev = step_block(traj.h, t);
    auto u = step_block(traj.u, t);
    auto h = step_block(traj.h, t + 1);
    u.noalias() = W * h_prev;
    u.noalias() += U * step_block(batch.x, t);
    u.colwise() += b;
    h = (1.0 - a) * h_prev + a * u.array().tanh().matrix();
    auto y = step_block(traj.y, t);
    y.noalias() = C * h;
    y.colwise() += c;
  }
}

double mse_loss(const Trajectory& traj, const Batch& batch) {
  const double count = masked_count(batch);
  if (count == 0.0) return 0.0;
  double sum = 0.0;
  const std::size_t T = batch.steps(), B = batch.trials();
  for (std::size_t t = 0; t < T; ++t) {
    const auto d = (step_block(traj.y, t) - step_block(batch.y, t)).eval();
    for (std::size_t b = 0; b < B; ++b) sum += batch.mask(t, b) * 0.5 * d.col(Eigen::Index(b)).squaredNorm();
  }
  return sum / count;
}

double loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                         RnnParameters& grad) {
  forward(p, batch, traj);
  const auto& s = p.shape();
  const std::size_t T = batch.steps(), B = batch.trials();
  const Eigen::Index N = s.hidden, O = s.outputs;
  const double a = s.leak;
  const double count = masked_count(batch);
  grad.flat().setZero();
  if (count == 0.0) return 0.0;

  const auto W = p.W(), C = p.C();
  auto gW = grad.W(), gU = grad.U(), gb = grad.b(), gC = grad.C(), gc = grad.c();
  Eigen::MatrixXd lambda = Eigen::MatrixXd::Zero(N, Eigen::Index(B));  // adjoint lambda_t
  Eigen::MatrixXd g(N, Eigen::Index(B));                               // a phi'(u_t) * lambda_t
  Eigen::MatrixXd dy(O, Eigen::Index(B));                              // dL/dy_t
  double loss = 0.0;

  // SCIENCE.md 1.3: lambda_t = e_t + A_{t+1}^T lambda_{t+1}, e_t = C^T dL/dy_t.
  for (std::size_t t = T; t-- > 0;) {
    dy = step_block(traj.y, t) - step_block(batch.y, t);
    for (std::size_t b = 0; b < B; ++b) {
      const double m = batch.mask(t, b);
      loss += m * 0.5 * dy.col(Eigen::Index(b)).squaredNorm();
      dy.col(Eigen::Index(b)) *= m / count;
    }
    const auto h = step_block(traj.h, t + 1);
    gC.noalias() += dy * h.transpose();
    gc.col(0) += dy.rowwise().sum();
    lambda.noalias() += C.transpose() * dy;

    const auto u = step_block(traj.u, t);
    g = a * (1.0 - u.array().tanh().square()) * lambda.array();
    gW.noalias() += g * step_block(traj.h, t).transpose();
    gU.noalias() += g * step_block(batch.x, t).transpose();
    gb.col(0) += g.rowwise().sum();
    // A_t^T lambda = (1 - a) lambda + a W^T (phi'(u_t) * lambda) = (1 - a) lambda + W^T g
    lambda *= (1.0 - a);
    lambda.noalias() += W.transpose() * g;
  }
  return loss / count;
}

}  // namespace rnnbook
