#include "mlp/mlp_hessian.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

MlpLossHessian::MlpLossHessian(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                               const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind)
    : params_(p), grad_(p.shape()), Y_(Y), kind_(kind) {
  if (p.shape().silu) throw Error("MlpLossHessian: SiLU hidden layers are not supported");
  mlp_forward(params_, X, acts_);
  Eigen::MatrixXd dF;
  loss_ = mlp_output_loss(acts_.output(), Y_, kind_, &dF);
  mlp_backward(params_, acts_, dF, grad_, &delta_);
  const int L = p.shape().layers();
  for (int l = 0; l + 1 < L; ++l) {
    const Eigen::MatrixXd& z = acts_.z[std::size_t(l)];
    d1_.emplace_back();
    d2_.emplace_back(z.rows(), z.cols());
    mlp_slope(p.shape().activation, acts_, l, d1_.back());
    apply_d2phi(p.shape().activation, z, d2_.back());
  }
}

// R-op: Rz_l = V_l a_l + c_l + W_l Ra_l, Ra_{l+1} = phi'(z_l) Rz_l; R(dL/dF) = H_F RF; then back:
// R grad W_l = R delta_l a_l^T + delta_l Ra_l^T, R grad b_l = R delta_l 1, and
// R delta_{l-1} = phi''(z) Rz (W_l^T delta_l) + phi'(z) (V_l^T delta_l + W_l^T R delta_l).
void MlpLossHessian::apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const {
  const Eigen::Index P = params_.flat().size();
  if (in.size() != P || out.size() != P)
    throw Error("MlpLossHessian: vectors must have " + std::to_string(P) + " entries");
  const MlpShape& s = params_.shape();
  const int L = s.layers();
  MlpParameters V(s), HV(s);
  V.flat() = in;
  std::vector<Eigen::MatrixXd> Rz(static_cast<std::size_t>(L)), Ra(static_cast<std::size_t>(L));  // Ra[0] = 0 is never formed
  for (int l = 0; l < L; ++l) {
    const std::size_t k = std::size_t(l);
    Rz[k].noalias() = V.W(l) * acts_.a[k];
    Rz[k].colwise() += V.b(l);
    if (l > 0) Rz[k].noalias() += params_.W(l) * Ra[k];
    if (l + 1 < L) Ra[k + 1] = d1_[k].cwiseProduct(Rz[k]);
  }
  Eigen::MatrixXd Rdelta = mlp_output_hessian_apply(acts_.output(), Y_, kind_, Rz.back());
  for (int l = L - 1; l >= 0; --l) {
    const std::size_t k = std::size_t(l);
    HV.W(l).noalias() = Rdelta * acts_.a[k].transpose();
    if (l > 0) HV.W(l).noalias() += delta_[k] * Ra[k].transpose();
    HV.b(l) = Rdelta.rowwise().sum();
    if (l == 0) break;
    const Eigen::MatrixXd back = params_.W(l).transpose() * delta_[k];
    Rdelta = d2_[k - 1].cwiseProduct(Rz[k - 1]).cwiseProduct(back) +
             d1_[k - 1].cwiseProduct(V.W(l).transpose() * delta_[k] + params_.W(l).transpose() * Rdelta);
  }
  out = HV.flat();
}

}  // namespace rnnbook
