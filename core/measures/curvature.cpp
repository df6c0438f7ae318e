#include "measures/curvature.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

LossHessianOperator::LossHessianOperator(std::shared_ptr<const LossHessian> hessian, ParameterSelection selection)
    : hessian_(std::move(hessian)), sel_(selection) {
  if (!hessian_) throw Error("LossHessianOperator: the Hessian is null");
  const RnnShape& s = hessian_->parameters().shape();
  sel_.b = sel_.b && s.bias;
  const Eigen::Index N = s.hidden, I = s.inputs;
  P_ = (sel_.W ? N * N : 0) + (sel_.U ? N * I : 0) + (sel_.b ? N : 0);
  if (P_ == 0)
    throw Error("LossHessianOperator: the selection has no parameters (select W, U with inputs > 0, or b with bias)");
}

// Embeds the selected entries into a full theta (zeros elsewhere), applies H, and gathers them back:
// the product with the principal submatrix of H on the selection.
void LossHessianOperator::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  if (in.size() != P_ || out.size() != P_)
    throw Error("LossHessianOperator: vectors must have " + std::to_string(P_) + " entries");
  const RnnShape& s = hessian_->parameters().shape();
  const Eigen::Index N = s.hidden, I = s.inputs;
  const Eigen::Index sizes[] = {N * N, N * I, N};  // W, U, b lie first in theta, in this order
  const bool chosen[] = {sel_.W, sel_.U, sel_.b};
  RnnParameters v(s), Hv(s);
  Eigen::Index at = 0, from = 0;
  for (int k = 0; k < 3; from += sizes[k], ++k)
    if (chosen[k]) {
      v.flat().segment(from, sizes[k]) = in.segment(at, sizes[k]);
      at += sizes[k];
    }
  hessian_->apply(v, Hv);
  at = 0;
  from = 0;
  for (int k = 0; k < 3; from += sizes[k], ++k)
    if (chosen[k]) {
      out.segment(at, sizes[k]) = Hv.flat().segment(from, sizes[k]);
      at += sizes[k];
    }
}

PowerIterationResult leading_hessian_eigenvalue(const RnnParameters& p, const Batch& batch, LossKind kind, Rng& rng,
                                                PowerIterationOptions options, ParameterSelection selection) {
  const LossHessianOperator H(std::make_shared<const LossHessian>(p, batch, kind), selection);
  return power_iteration(H, rng, options);
}

}  // namespace rnnbook
