#include "ops/linear_operator.hpp"

#include "common/progress.hpp"

namespace rnnbook {

void LinearOperator::apply_block(const Eigen::Ref<const Eigen::MatrixXd>& in,
                                 Eigen::Ref<Eigen::MatrixXd> out) const {
  for (Eigen::Index j = 0; j < in.cols(); ++j) {
    apply(in.col(j), out.col(j));
    report_progress(double(j + 1) / double(in.cols()));  // a block of products can take minutes
  }
}

void LinearOperator::applyT_block(const Eigen::Ref<const Eigen::MatrixXd>& in,
                                  Eigen::Ref<Eigen::MatrixXd> out) const {
  for (Eigen::Index j = 0; j < in.cols(); ++j) applyT(in.col(j), out.col(j));
}

void DenseOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  out.noalias() = m_ * in;
}

void DenseOperator::applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  out.noalias() = m_.transpose() * in;
}

Eigen::MatrixXd to_dense(const LinearOperator& op) {
  Eigen::MatrixXd m(op.rows(), op.cols());
  Eigen::VectorXd e = Eigen::VectorXd::Zero(op.cols());
  for (Eigen::Index j = 0; j < op.cols(); ++j) {
    e(j) = 1.0;
    op.apply(e, m.col(j));
    e(j) = 0.0;
  }
  return m;
}

}  // namespace rnnbook
