#include "measures/sharpness.hpp"

#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/progress.hpp"
#include "mlp/mlp_jacobian.hpp"
#include "ops/state_space.hpp"
#include "rnn/network.hpp"

#include <xtensor/xview.hpp>

namespace rnnbook {

namespace {

// tr(H K) for one output vector f with weight w: MSE H = w I; cross-entropy H = w s (diag(q) - q q^T),
// q = softmax(f), s = sum of the targets (1 for one-hot).
double weighted_trace(const Eigen::MatrixXd& K, const Eigen::Ref<const Eigen::VectorXd>& f,
                      const Eigen::Ref<const Eigen::VectorXd>& y, LossKind kind, double w) {
  if (kind == LossKind::mse) return w * K.trace();
  const Eigen::VectorXd e = (f.array() - f.maxCoeff()).unaryExpr(&portable::exp).matrix();
  const Eigen::VectorXd q = e / e.sum();
  return w * y.sum() * (q.dot(K.diagonal()) - q.dot(K * q));
}

}  // namespace

// SCIENCE.md 6.4: GN = (1/n) sum_i J_i^T H_i J_i, so tr GN = (1/n) sum_i tr(H_i J_i J_i^T) = (1/n) sum tr(H_i K_i).
double mlp_gauss_newton_trace(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind) {
  MlpActivations acts;
  mlp_forward(p, X, acts);
  mlp_output_loss(acts.output(), Y, kind);  // checks the targets
  const double n = double(X.cols());
  double tr = 0.0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const MlpLayerJacobians jac = mlp_layer_jacobians(p, acts, i);
    tr += weighted_trace(mlp_output_gradient_gram(acts, jac, i), acts.output().col(i), Y.col(i), kind, 1.0 / n);
    report_progress(double(i + 1) / n);
  }
  return tr;
}

Estimate mlp_hessian_trace(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, int samples, Rng& rng) {
  return hutchinson_trace(MlpLossHessian(p, X, Y, kind), samples, rng);
}

PowerIterationResult mlp_hessian_max(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                                     const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, Rng& rng,
                                     PowerIterationOptions options) {
  return power_iteration(MlpLossHessian(p, X, Y, kind), rng, options);
}

RnnLossHessianOperator::RnnLossHessianOperator(std::shared_ptr<const LossHessian> hessian)
    : hessian_(std::move(hessian)) {
  if (!hessian_) throw Error("RnnLossHessianOperator: the Hessian is null");
}

void RnnLossHessianOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  const Eigen::Index P = rows();
  if (in.size() != P || out.size() != P)
    throw Error("RnnLossHessianOperator: vectors must have " + std::to_string(P) + " entries");
  const RnnShape& s = hessian_->parameters().shape();
  RnnParameters v(s), Hv(s);
  v.flat() = in;
  hessian_->apply(v, Hv);
  out = Hv.flat();
}

// Per trial, the gradient of y_{t,o} over W, U, b is the adjoint of the hidden cotangent C^T e_o at
// step t (StateSpaceModel::vjp); over C and c it is e_o h_t^T and e_o, orthogonal across o. Hence
// K_tb = V^T V + (||h_t||^2 + 1) I with V's columns the W, U, b parts.
double rnn_gauss_newton_trace(const RnnParameters& p, const Batch& batch, LossKind kind) {
  const RnnShape& s = p.shape();
  const std::size_t T = batch.steps(), B = batch.trials(), O = std::size_t(s.outputs), N = std::size_t(s.hidden);
  Trajectory traj;
  forward(p, batch, traj);  // checks the widths
  const double count = mask_count(batch);
  if (count == 0.0) return 0.0;
  double tr = 0.0;
  for (std::size_t b = 0; b < B; ++b) {
    Batch one;
    one.x = xt::view(batch.x, xt::all(), xt::range(b, b + 1), xt::all());
    const StateSpaceModel model(p, one);
    Eigen::VectorXd q = Eigen::VectorXd::Zero(model.state_dim());
    Eigen::MatrixXd V(model.param_dim(), Eigen::Index(O));
    for (std::size_t t = 0; t < T; ++t) {
      const double m = batch.mask(t, b);
      if (m == 0.0) continue;
      for (std::size_t o = 0; o < O; ++o) {
        q.segment(Eigen::Index(t * N), Eigen::Index(N)) = p.C().row(Eigen::Index(o)).transpose();
        model.vjp(q, V.col(Eigen::Index(o)));
      }
      q.segment(Eigen::Index(t * N), Eigen::Index(N)).setZero();
      const double h_sq = step_block(traj.h, t + 1).col(Eigen::Index(b)).squaredNorm();
      const Eigen::MatrixXd K =
          V.transpose() * V + (h_sq + 1.0) * Eigen::MatrixXd::Identity(Eigen::Index(O), Eigen::Index(O));
      tr += weighted_trace(K, step_block(traj.y, t).col(Eigen::Index(b)), step_block(batch.y, t).col(Eigen::Index(b)),
                           kind, m / count);
    }
  }
  return tr;
}

Estimate rnn_hessian_trace(const RnnParameters& p, const Batch& batch, LossKind kind, int samples, Rng& rng) {
  return hutchinson_trace(RnnLossHessianOperator(std::make_shared<const LossHessian>(p, batch, kind)), samples, rng);
}

PowerIterationResult rnn_hessian_max(const RnnParameters& p, const Batch& batch, LossKind kind, Rng& rng,
                                     PowerIterationOptions options) {
  return power_iteration(RnnLossHessianOperator(std::make_shared<const LossHessian>(p, batch, kind)), rng, options);
}

}  // namespace rnnbook
