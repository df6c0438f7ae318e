#pragma once
// The output Jacobian J_y = d vec Y / d theta of a network on a batch, over the full flat parameter
// vector of RnnParameters (entries that do not train are masked out), and the generalised
// Gauss-Newton matrix of the masked loss, G_y = J_y^T H_l J_y (SCIENCE.md 4.5; for MSE it is
// J_y^T J_y / |Omega|, which equals the Fisher). The low-rank natural gradient sketches G_y.
// Output vector ordering as state_space.hpp: index (s B + b) O + o holds y_{s+1}[b][o].
#include <memory>

#include "ops/linear_operator.hpp"
#include "ops/state_space.hpp"
#include "rnn/loss.hpp"

namespace rnnbook {

class OutputJacobianOperator : public LinearOperator {
 public:
  // Runs one forward pass. `trains` has one 0/1 entry per entry of p.flat(); throws Error on a
  // size mismatch or a batch whose widths do not match the network.
  OutputJacobianOperator(const RnnParameters& p, const Batch& batch, const Eigen::VectorXd& trains);

  Eigen::Index rows() const override { return T_ * B_ * O_; }
  Eigen::Index cols() const override { return trains_.size(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;

  const Trajectory& trajectory() const { return model_->trajectory(); }

 private:
  Eigen::Map<const Eigen::MatrixXd> states() const;  // h_1..h_T as N x T B

  std::shared_ptr<const StateSpaceModel> model_;
  Eigen::VectorXd trains_;
  bool recurrent_ = false;  // some of W, U, b trains (else only the readout moves Y)
  Eigen::Index T_, B_, N_, O_, offC_, offc_;
};

class GaussNewtonOperator : public LinearOperator {
 public:
  // G_y of the loss `kind` (rnn/loss.hpp) on the batch: per output site, weight m/|mask| times I
  // (MSE) or times sum(y*) (diag(p) - p p^T), p = softmax(y) (cross-entropy).
  GaussNewtonOperator(const RnnParameters& p, const Batch& batch, const Eigen::VectorXd& trains, LossKind kind);

  Eigen::Index rows() const override { return jacobian_.cols(); }
  Eigen::Index cols() const override { return jacobian_.cols(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }

 private:
  OutputJacobianOperator jacobian_;
  LossKind kind_;
  Eigen::VectorXd weight_;  // per (t, b): m / |mask| (times sum y* for cross-entropy)
  Eigen::MatrixXd prob_;    // O x T B softmax(y) for cross-entropy
};

}  // namespace rnnbook
