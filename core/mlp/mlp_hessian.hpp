#pragma once
// The exact Hessian of an MLP's loss on a set of points with respect to all parameters theta,
// applied to a direction without forming it: forward-over-reverse differentiation of backprop
// (Pearlmutter's R-op; SCIENCE.md 6.4). Cost per product about two gradients.
#include "mlp/mlp_network.hpp"
#include "ops/linear_operator.hpp"

namespace rnnbook {

class MlpLossHessian : public LinearOperator {
 public:
  // Copies p, X (d x n) and Y (k x n); runs the forward and backward pass once and keeps what every
  // product reuses. Throws Error on a shape mismatch.
  MlpLossHessian(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                 const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind);

  double loss() const { return loss_; }
  const MlpParameters& gradient() const { return grad_; }
  const MlpParameters& parameters() const { return params_; }

  Eigen::Index rows() const override { return params_.flat().size(); }
  Eigen::Index cols() const override { return params_.flat().size(); }
  // out = H in. With relu (phi'' = 0 almost everywhere) this is the Hessian wherever it exists.
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }

 private:
  MlpParameters params_, grad_;
  Eigen::MatrixXd Y_;
  LossKind kind_;
  double loss_ = 0.0;
  MlpActivations acts_;
  std::vector<Eigen::MatrixXd> delta_;     // dL/dz_l
  std::vector<Eigen::MatrixXd> d1_, d2_;   // phi'(z_l), phi''(z_l) for the hidden layers
};

}  // namespace rnnbook
