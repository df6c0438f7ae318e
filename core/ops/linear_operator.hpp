#pragma once
// A linear map given only by its action (SCIENCE.md 8): apply computes A x, applyT computes A^T y.
// Spectral and trace estimators take any LinearOperator; dense ones serve as test oracles.
#include <Eigen/Dense>

namespace rnnbook {

class LinearOperator {
 public:
  virtual ~LinearOperator() = default;
  virtual Eigen::Index rows() const = 0;
  virtual Eigen::Index cols() const = 0;
  // out = A in (in has cols() entries, out rows()); out does not alias in.
  virtual void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const = 0;
  // out = A^T in (in has rows() entries, out cols()).
  virtual void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const = 0;
  // Column-wise versions; override when a block product is cheaper than a loop.
  virtual void apply_block(const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) const;
  virtual void applyT_block(const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) const;
};

// A matrix held densely, as an operator.
class DenseOperator : public LinearOperator {
 public:
  explicit DenseOperator(Eigen::MatrixXd m) : m_(std::move(m)) {}
  Eigen::Index rows() const override { return m_.rows(); }
  Eigen::Index cols() const override { return m_.cols(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  const Eigen::MatrixXd& matrix() const { return m_; }

 private:
  Eigen::MatrixXd m_;
};

// The matrix of an operator, one apply per column (for small operators and tests).
Eigen::MatrixXd to_dense(const LinearOperator& op);

}  // namespace rnnbook
