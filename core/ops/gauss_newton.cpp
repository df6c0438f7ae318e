#include "ops/gauss_newton.hpp"

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

namespace {

ParameterSelection recurrent_selection(const RnnParameters& p, const Eigen::VectorXd& trains) {
  const Eigen::Index N = p.shape().hidden, I = p.shape().inputs;
  ParameterSelection s;
  s.W = trains.head(N * N).any();
  s.U = trains.segment(N * N, N * I).any();
  s.b = p.shape().bias && trains.segment(N * N + N * I, N).any();
  if (!s.W && !s.U && !s.b) s = ParameterSelection{};  // the model only supplies the trajectory then
  return s;
}

const Eigen::VectorXd& checked(const RnnParameters& p, const Eigen::VectorXd& trains) {
  if (trains.size() != p.flat().size())
    throw Error("output Jacobian: the mask has " + std::to_string(trains.size()) + " entries, the network " +
                std::to_string(p.flat().size()));
  return trains;
}

}  // namespace

OutputJacobianOperator::OutputJacobianOperator(const RnnParameters& p, const Batch& batch,
                                               const Eigen::VectorXd& trains)
    : model_(std::make_shared<StateSpaceModel>(p, batch, recurrent_selection(p, checked(p, trains)))),
      trains_(trains) {
  const RnnShape& s = p.shape();
  const Eigen::Index N = s.hidden, I = s.inputs;
  T_ = model_->steps();
  B_ = model_->trials();
  N_ = N;
  O_ = s.outputs;
  offC_ = N * N + N * I + N;
  offc_ = offC_ + O_ * N;
  if (!s.bias) trains_.segment(N * N + N * I, N).setZero();  // b is not part of a network without bias
  recurrent_ = trains_.head(N * N + N * I + N).any();
}

Eigen::Map<const Eigen::MatrixXd> OutputJacobianOperator::states() const {
  const auto& h = model_->trajectory().h;  // (T+1, B, N); h_0 is not an output site
  return {h.data() + B_ * N_, N_, T_ * B_};
}

// y_t = C h_t + c, so dy_t = C dh_t + dC h_t + dc with dh = J (v restricted to W, U, b).
void OutputJacobianOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in,
                                   Eigen::Ref<Eigen::VectorXd> out) const {
  const Eigen::VectorXd v = in.cwiseProduct(trains_);
  const RnnParameters& p = model_->parameters();
  Eigen::Map<Eigen::MatrixXd> Y(out.data(), O_, T_ * B_);
  Eigen::Map<const Eigen::MatrixXd> dC(v.data() + offC_, O_, N_);
  Y.noalias() = dC * states();
  Y.colwise() += v.segment(offc_, O_);
  if (recurrent_) {
    Eigen::VectorXd dh(model_->state_dim());
    model_->jvp(model_->gather(v), dh);
    Y.noalias() += p.C() * Eigen::Map<const Eigen::MatrixXd>(dh.data(), N_, T_ * B_);
  }
}

void OutputJacobianOperator::applyT(const Eigen::Ref<const Eigen::VectorXd>& in,
                                    Eigen::Ref<Eigen::VectorXd> out) const {
  const RnnParameters& p = model_->parameters();
  Eigen::Map<const Eigen::MatrixXd> Q(in.data(), O_, T_ * B_);
  out.setZero();
  if (recurrent_) {
    const Eigen::MatrixXd qh = p.C().transpose() * Q;  // N x T B
    Eigen::VectorXd g(model_->param_dim());
    model_->vjp(Eigen::Map<const Eigen::VectorXd>(qh.data(), qh.size()), g);
    out = model_->embed(g);
  }
  Eigen::Map<Eigen::MatrixXd>(out.data() + offC_, O_, N_).noalias() = Q * states().transpose();
  out.segment(offc_, O_) = Q.rowwise().sum();
  out.array() *= trains_.array();
}

GaussNewtonOperator::GaussNewtonOperator(const RnnParameters& p, const Batch& batch, const Eigen::VectorXd& trains,
                                         LossKind kind)
    : jacobian_(p, batch, trains), kind_(kind) {
  const std::size_t T = batch.steps(), B = batch.trials();
  const Eigen::Index O = p.shape().outputs;
  double count = 0.0;
  for (double m : batch.mask) count += m;
  weight_ = Eigen::VectorXd::Zero(Eigen::Index(T * B));
  if (count == 0.0) return;  // no site counts: G_y = 0
  if (kind == LossKind::cross_entropy) prob_.resize(O, Eigen::Index(T * B));
  const auto& y = jacobian_.trajectory().y;
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t b = 0; b < B; ++b) {
      const Eigen::Index j = Eigen::Index(t * B + b);
      weight_(j) = batch.mask(t, b) / count;
      if (kind != LossKind::cross_entropy) continue;
      const auto yt = step_block(y, t).col(Eigen::Index(b));
      const Eigen::ArrayXd e = (yt.array() - yt.maxCoeff()).unaryExpr(&portable::exp);
      prob_.col(j) = (e / e.sum()).matrix();
      weight_(j) *= step_block(batch.y, t).col(Eigen::Index(b)).sum();
    }
}

// G v = J^T H_l J v, H_l block diagonal over output sites (SCIENCE.md 1.2 losses, second derivative in y).
void GaussNewtonOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  Eigen::VectorXd jv(jacobian_.rows());
  jacobian_.apply(in, jv);
  Eigen::Map<Eigen::MatrixXd> Y(jv.data(), jv.size() / weight_.size(), weight_.size());  // O x T B
  if (kind_ == LossKind::cross_entropy) {
    for (Eigen::Index j = 0; j < Y.cols(); ++j) {
      const double pd = prob_.col(j).dot(Y.col(j));
      Y.col(j) = weight_(j) * (prob_.col(j).cwiseProduct(Y.col(j)) - prob_.col(j) * pd);
    }
  } else {
    Y.array().rowwise() *= weight_.transpose().array();
  }
  jacobian_.applyT(jv, out);
}

}  // namespace rnnbook
