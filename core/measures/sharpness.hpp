#pragma once
// Sharpness of the training loss (SCIENCE.md 6.4) for the MLP and for RNNs, over all parameters
// theta: the Gauss-Newton trace tr(J^T H_F J) (J = dF/dtheta, H_F the loss Hessian in the outputs),
// the Hutchinson trace of exact Hessian-vector products, and the leading Hessian eigenvalue by
// power iteration.
#include <memory>

#include "common/rng.hpp"
#include "mlp/mlp_hessian.hpp"
#include "ops/power_iteration.hpp"
#include "ops/trace.hpp"
#include "rnn/loss_hessian.hpp"

namespace rnnbook {

// --- MLP on points X (d x n) with targets Y (k x n) -------------------------------------------

// Exact: (1/n) sum_i tr(H_i K_i), K_i the Gram of the output gradients (mlp_jacobian.hpp). For MSE
// this is sharp^2 of mlp_sensitivity, and Tr H at zero residual.
double mlp_gauss_newton_trace(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind);
// Hutchinson with `samples` >= 2 Rademacher probes on exact HVPs: value and standard error.
Estimate mlp_hessian_trace(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, int samples, Rng& rng);
// The eigenvalue of largest magnitude (in practice the largest positive one) by power iteration.
PowerIterationResult mlp_hessian_max(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                                     const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, Rng& rng,
                                     PowerIterationOptions options = {});

// --- RNN on a batch (the masked loss of rnn/loss.hpp) -------------------------------------------

// The loss Hessian over all of theta = (W, U, b, C, c) as an operator (P x P, symmetric). Without
// bias the b rows and columns are 0.
class RnnLossHessianOperator : public LinearOperator {
 public:
  explicit RnnLossHessianOperator(std::shared_ptr<const LossHessian> hessian);  // throws Error on null
  Eigen::Index rows() const override { return hessian_->parameters().flat().size(); }
  Eigen::Index cols() const override { return rows(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }

 private:
  std::shared_ptr<const LossHessian> hessian_;
};

// Exact: sum_{(t,b)} w_tb tr(H_tb K_tb), K_tb the Gram of the gradients of y_t of trial b over all theta,
// from one single-trial BPTT per (t, output) (cost O(B T^2 O N^2)); w_tb = mask / |mask|.
double rnn_gauss_newton_trace(const RnnParameters& p, const Batch& batch, LossKind kind);
// Hutchinson over all theta with `samples` >= 2 probes on exact HVPs (rnn/loss_hessian.hpp).
Estimate rnn_hessian_trace(const RnnParameters& p, const Batch& batch, LossKind kind, int samples, Rng& rng);
// Leading eigenvalue over all theta (measures/curvature.hpp has it for a W, U, b selection).
PowerIterationResult rnn_hessian_max(const RnnParameters& p, const Batch& batch, LossKind kind, Rng& rng,
                                     PowerIterationOptions options = {});

}  // namespace rnnbook
