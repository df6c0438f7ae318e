#pragma once
// Curvature of the training loss (SCIENCE.md 6.6): the exact loss Hessian restricted to the recurrent
// parameters as an operator, and its leading eigenvalue by power iteration.
#include <memory>

#include "common/rng.hpp"
#include "ops/linear_operator.hpp"
#include "ops/power_iteration.hpp"
#include "ops/state_space.hpp"
#include "rnn/loss_hessian.hpp"

namespace rnnbook {

// H restricted to the selected recurrent blocks (P x P, symmetric), entries ordered as
// StateSpaceModel's parameter vector: the selected blocks of theta in the order W, U, b.
class LossHessianOperator : public LinearOperator {
 public:
  // Throws Error if the selection is empty (b counts only with a bias).
  LossHessianOperator(std::shared_ptr<const LossHessian> hessian, ParameterSelection selection);

  Eigen::Index rows() const override { return P_; }
  Eigen::Index cols() const override { return P_; }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }
  const LossHessian& hessian() const { return *hessian_; }

 private:
  std::shared_ptr<const LossHessian> hessian_;
  ParameterSelection sel_;
  Eigen::Index P_ = 0;
};

// The eigenvalue of largest magnitude of the loss Hessian w.r.t. the selected blocks (default W_rec)
// at p on the batch (BiolHessRNN's lambda_max; usually the largest positive one).
PowerIterationResult leading_hessian_eigenvalue(const RnnParameters& p, const Batch& batch, LossKind kind, Rng& rng,
                                                PowerIterationOptions options = {},
                                                ParameterSelection selection = {true, false, false});

}  // namespace rnnbook
