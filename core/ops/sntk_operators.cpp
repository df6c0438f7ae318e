#include "ops/sntk_operators.hpp"

#include "common/error.hpp"

namespace rnnbook {

namespace {

void check_dense(const std::string& name, const char* dim, Eigen::Index n) {
  if (n > kDenseLimit)
    throw Error(name + ": " + dim + " = " + std::to_string(n) + " exceeds the dense limit " +
                std::to_string(kDenseLimit));
}

}  // namespace

ModelOperator::ModelOperator(std::shared_ptr<const StateSpaceModel> model) : model_(std::move(model)) {
  if (!model_) throw Error("sNTK operator: the model is null");
}

void JacobianOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  model_->jvp(in, out);
}

void JacobianOperator::applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  model_->vjp(in, out);
}

void StateNtkOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  Eigen::VectorXd g(model_->param_dim());
  model_->vjp(in, g);
  model_->jvp(g, out);
}

void ParameterGramOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in,
                                  Eigen::Ref<Eigen::VectorXd> out) const {
  Eigen::VectorXd h(model_->state_dim());
  model_->jvp(in, h);
  model_->vjp(h, out);
}

void PropagatorOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  model_->propagate(in, out);
}

void PropagatorOperator::applyT(const Eigen::Ref<const Eigen::VectorXd>& in,
                                Eigen::Ref<Eigen::VectorXd> out) const {
  model_->propagate_T(in, out);
}

void FrechetOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  model_->frechet(in, out);
}

void FrechetOperator::applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  model_->frechet_T(in, out);
}

void ParameterOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  model_->parameter_op(in, out);
}

// SCIENCE.md 2.1: the recurrent part maps through C on both sides; the readout part is the Kronecker
// core of y = C h + c, (Z_y Z_y^T kron I_O) q = R^T z_y with R = Z_y^T Q ((N+1) x O).
void OutputNtkOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  const StateSpaceModel& m = *model_;
  const Eigen::Index T = m.steps(), B = m.trials(), N = m.hidden(), O = m.outputs();
  if (in.size() != m.output_dim() || out.size() != m.output_dim())
    throw Error("OutputNtkOperator: vectors must have T B O = " + std::to_string(m.output_dim()) + " entries");
  const auto C = m.parameters().C();
  const auto& h = m.trajectory().h;
  Eigen::VectorXd s(m.state_dim()), g(m.param_dim()), th(m.state_dim());
  Eigen::MatrixXd R = Eigen::MatrixXd::Zero(N + 1, O);
  for (Eigen::Index t = 0; t < T; ++t) {
    const Eigen::Map<const Eigen::MatrixXd> qt(in.data() + t * B * O, O, B);
    const auto ht = step_block(h, std::size_t(t + 1));
    Eigen::Map<Eigen::MatrixXd>(s.data() + t * B * N, N, B).noalias() = C.transpose() * qt;
    R.topRows(N).noalias() += ht * qt.transpose();
    R.row(N) += qt.rowwise().sum().transpose();
  }
  m.vjp(s, g);
  m.jvp(g, th);
  for (Eigen::Index t = 0; t < T; ++t) {
    Eigen::Map<Eigen::MatrixXd> ot(out.data() + t * B * O, O, B);
    const auto ht = step_block(h, std::size_t(t + 1));
    ot.noalias() = C * Eigen::Map<const Eigen::MatrixXd>(th.data() + t * B * N, N, B);
    ot.noalias() += R.topRows(N).transpose() * ht;
    ot.colwise() += R.row(N).transpose();
  }
}

Eigen::MatrixXd dense_jacobian(const StateSpaceModel& model) {
  const Eigen::Index D = model.state_dim(), P = model.param_dim();
  check_dense("dense_jacobian", "D", D);
  check_dense("dense_jacobian", "P", P);
  Eigen::MatrixXd J(D, P);
  if (P <= D) {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(P);
    for (Eigen::Index j = 0; j < P; ++j) {
      e(j) = 1.0;
      model.jvp(e, J.col(j));
      e(j) = 0.0;
    }
  } else {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(D), row(P);
    for (Eigen::Index i = 0; i < D; ++i) {
      e(i) = 1.0;
      model.vjp(e, row);
      J.row(i) = row.transpose();
      e(i) = 0.0;
    }
  }
  return J;
}

// From a dense J when it fits (min(P, D) passes); otherwise one Theta (or G) product per column.
Eigen::MatrixXd dense_state_ntk(const StateSpaceModel& model) {
  check_dense("dense_state_ntk", "D", model.state_dim());
  if (model.param_dim() > kDenseLimit) {
    std::shared_ptr<const StateSpaceModel> view(&model, [](const StateSpaceModel*) {});
    return to_dense(StateNtkOperator(view));
  }
  const Eigen::MatrixXd J = dense_jacobian(model);
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(J.rows(), J.rows());
  K.selfadjointView<Eigen::Lower>().rankUpdate(J);
  return K.selfadjointView<Eigen::Lower>();
}

Eigen::MatrixXd dense_gram(const StateSpaceModel& model) {
  check_dense("dense_gram", "P", model.param_dim());
  if (model.state_dim() > kDenseLimit) {
    std::shared_ptr<const StateSpaceModel> view(&model, [](const StateSpaceModel*) {});
    return to_dense(ParameterGramOperator(view));
  }
  const Eigen::MatrixXd J = dense_jacobian(model);
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(J.cols(), J.cols());
  G.selfadjointView<Eigen::Lower>().rankUpdate(J.transpose());
  return G.selfadjointView<Eigen::Lower>();
}

Eigen::MatrixXd dense_matrix(const LinearOperator& op, const std::string& name) {
  check_dense(name, "rows", op.rows());
  check_dense(name, "cols", op.cols());
  return to_dense(op);
}

}  // namespace rnnbook
