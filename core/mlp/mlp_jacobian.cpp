#include "mlp/mlp_jacobian.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {

void check_point(const MlpActivations& acts, Eigen::Index i) {
  if (i < 0 || i >= acts.points())
    throw Error("mlp: point " + std::to_string(i) + " out of range [0, " + std::to_string(acts.points()) + ")");
}

// phi'(z_l) at point i (tanh: 1 - a_{l+1}^2, without a second tanh).
Eigen::VectorXd slope(const MlpParameters& p, const MlpActivations& acts, int l, Eigen::Index i) {
  if (p.shape().silu) throw Error("mlp: the Jacobian of SiLU hidden layers is not supported");
  if (p.shape().activation == Activation::tanh)
    return (1.0 - acts.a[std::size_t(l) + 1].col(i).array().square()).matrix();
  const Eigen::VectorXd z = acts.z[std::size_t(l)].col(i);
  Eigen::VectorXd d(z.size());
  apply_dphi(p.shape().activation, z, d);
  return d;
}

}  // namespace

Eigen::MatrixXd mlp_input_jacobian_forward(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i) {
  check_point(acts, i);
  const int L = p.shape().layers();
  Eigen::MatrixXd T = Eigen::MatrixXd::Identity(p.shape().inputs, p.shape().inputs);  // da_l/dx
  for (int l = 0; l < L; ++l) {
    Eigen::MatrixXd next = p.W(l) * T;  // dz_l/dx
    if (l + 1 < L) next = slope(p, acts, l, i).asDiagonal() * next;
    T.swap(next);
  }
  return T;
}

Eigen::MatrixXd mlp_input_jacobian_reverse(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i) {
  check_point(acts, i);
  const int L = p.shape().layers();
  Eigen::MatrixXd M = p.W(L - 1);  // df/da_{L-1}
  for (int l = L - 2; l >= 0; --l) M = (M * slope(p, acts, l, i).asDiagonal()) * p.W(l);
  return M;
}

MlpLayerJacobians mlp_layer_jacobians(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i) {
  check_point(acts, i);
  const int L = p.shape().layers();
  MlpLayerJacobians j;
  j.input.resize(std::size_t(L));
  j.pre.resize(std::size_t(L));
  j.pre[std::size_t(L) - 1] = Eigen::MatrixXd::Identity(p.shape().outputs, p.shape().outputs);
  for (int l = L - 1; l >= 0; --l) {
    j.input[std::size_t(l)] = j.pre[std::size_t(l)] * p.W(l);
    if (l > 0) j.pre[std::size_t(l) - 1] = j.input[std::size_t(l)] * slope(p, acts, l - 1, i).asDiagonal();
  }
  return j;
}

Eigen::MatrixXd mlp_output_gradient_gram(const MlpActivations& acts, const MlpLayerJacobians& jac, Eigen::Index i) {
  check_point(acts, i);
  const Eigen::Index k = jac.pre.back().rows();
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(k, k);
  for (std::size_t l = 0; l < jac.pre.size(); ++l)
    K.noalias() += (acts.a[l].col(i).squaredNorm() + 1.0) * (jac.pre[l] * jac.pre[l].transpose());
  return K;
}

}  // namespace rnnbook
