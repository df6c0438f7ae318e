#include "lowrank/excited_subspace.hpp"

#include <string>

#include "common/error.hpp"
#include "linalg/svd.hpp"

namespace rnnbook {

Eigen::MatrixXd visited_activations(const TrialStates& x, Activation phi) {
  Eigen::MatrixXd Phi(x.dim(), x.trials * x.steps);
  for (Eigen::Index b = 0; b < x.trials; ++b) Phi.middleCols(b * x.steps, x.steps) = x.X.middleCols(x.column(b, 0), x.steps);
  apply_phi(phi, Phi, Phi);
  return Phi;
}

Eigen::Index dimension_above(const Eigen::Ref<const Eigen::VectorXd>& spectrum, double threshold) {
  if (spectrum.size() == 0 || !(spectrum(0) > 0.0)) return 0;
  Eigen::Index k = 0;
  while (k < spectrum.size() && spectrum(k) > threshold * spectrum(0)) ++k;
  return k;
}

namespace {
// Phi = U S V^T, by way of Phi^T = Q R when Phi is wide (then Phi = R^T Q^T and R^T has Phi's U and S):
// an N x N SVD instead of one over all visited states.
ThinSvd phi_svd(const Eigen::Ref<const Eigen::MatrixXd>& Phi, bool with_v) {
  if (Phi.cols() <= 2 * Phi.rows()) return thin_svd(Phi);
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(Phi.transpose());
  const Eigen::MatrixXd Rt = qr.matrixQR().topRows(Phi.rows()).triangularView<Eigen::Upper>().toDenseMatrix().transpose();
  ThinSvd s = thin_svd(Rt);
  if (with_v) s.V = qr.householderQ() * (Eigen::MatrixXd::Identity(Phi.cols(), Phi.rows()) * s.V);
  return s;
}
}  // namespace

ExcitedSubspace excited_subspace(const Eigen::Ref<const Eigen::MatrixXd>& Phi, double threshold) {
  if (Phi.rows() < 1 || Phi.cols() < 1) throw Error("excited subspace: no visited states");
  const ThinSvd s = phi_svd(Phi, false);
  ExcitedSubspace out;
  out.U = s.U;
  out.spectrum = s.s;
  out.threshold = threshold;
  out.dim = dimension_above(s.s, threshold);
  return out;
}

Eigen::MatrixXd project_onto(const Eigen::Ref<const Eigen::MatrixXd>& basis, const Eigen::Ref<const Eigen::MatrixXd>& X) {
  return basis * (basis.transpose() * X);
}

Eigen::MatrixXd project_off(const Eigen::Ref<const Eigen::MatrixXd>& basis, const Eigen::Ref<const Eigen::MatrixXd>& X) {
  return X - basis * (basis.transpose() * X);
}

// SCIENCE.md 11.2 I3: Phi^T N = neurons Y^T; the pseudo-inverse of Phi^T = V S U^T is U S^-1 V^T.
Eigen::MatrixXd minimum_norm_loadings(const Eigen::Ref<const Eigen::MatrixXd>& Phi, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                                      double threshold) {
  if (Y.cols() != Phi.cols())
    throw Error("minimum-norm loadings: Y has " + std::to_string(Y.cols()) + " columns, Phi " + std::to_string(Phi.cols()));
  const ThinSvd s = phi_svd(Phi, true);
  const Eigen::Index k = dimension_above(s.s, threshold);
  const Eigen::MatrixXd coef = (s.V.leftCols(k).transpose() * Y.transpose() * double(Phi.rows())).array().colwise() /
                               s.s.head(k).array();
  return s.U.leftCols(k) * coef;
}

}  // namespace rnnbook
