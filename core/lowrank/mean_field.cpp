#include "lowrank/mean_field.hpp"

#include <cmath>
#include <string>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

Eigen::MatrixXd monte_carlo_drift(const Eigen::Ref<const Eigen::MatrixXd>& m, const Eigen::Ref<const Eigen::MatrixXd>& n,
                                  const Eigen::Ref<const Eigen::MatrixXd>& kappa, Activation phi) {
  if (m.rows() != n.rows() || m.cols() != n.cols() || kappa.rows() != m.cols() || m.rows() < 1)
    throw Error("mean field: loadings m " + size_text(m.rows(), m.cols()) + " and n " + size_text(n.rows(), n.cols()) +
                " must match, with points of " + std::to_string(m.cols()) + " rows, got " +
                std::to_string(kappa.rows()));
  Eigen::MatrixXd act = m * kappa;  // S x P: m_s . kappa_p
  apply_phi(phi, act, act);
  return n.transpose() * act / double(m.rows());
}

// SCIENCE.md 11.5 U29: the trapezoid rule converges spectrally for smooth integrands decaying like e^{-z^2/2};
// Gauss-Hermite with 80 nodes does not resolve tanh' at large scales.
double gaussian_integral(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f, int points,
                         double half_width) {
  if (points < 3) throw Error("gaussian integral: points must be >= 3, got " + std::to_string(points));
  const double h = 2.0 * half_width / double(points - 1);
  const Eigen::VectorXd z = Eigen::VectorXd::LinSpaced(points, -half_width, half_width);
  const Eigen::VectorXd w = (-0.5 * z.array().square()).unaryExpr(&portable::exp).matrix() * (h / std::sqrt(2.0 * kPi));
  const Eigen::VectorXd fz = f(z);
  return w.dot(fz) - 0.5 * (w(0) * fz(0) + w(points - 1) * fz(points - 1));
}

double mean_slope(Activation phi, double delta) {
  if (!(delta >= 0.0)) throw Error("mean field: Delta must be >= 0, got " + std::to_string(delta));
  const double scale = std::sqrt(delta);
  return gaussian_integral([&](const Eigen::VectorXd& z) {
    Eigen::VectorXd d(z.size());
    apply_dphi(phi, scale * z, d);
    return d;
  });
}

// SCIENCE.md 11.1: Stein's lemma, E[n phi(m.k)] = Sigma_nm k E[phi'(m.k)], m.k ~ N(0, k^T Sigma_mm k).
Eigen::MatrixXd gaussian_drift(const Eigen::Ref<const Eigen::MatrixXd>& sigma_nm,
                               const Eigen::Ref<const Eigen::MatrixXd>& sigma_mm,
                               const Eigen::Ref<const Eigen::MatrixXd>& kappa, Activation phi) {
  const Eigen::Index R = sigma_mm.rows();
  if (sigma_mm.cols() != R || sigma_nm.rows() != R || sigma_nm.cols() != R || kappa.rows() != R)
    throw Error("mean field: Sigma_nm, Sigma_mm must be R x R and the points have R rows, got " +
                size_text(sigma_nm.rows(), sigma_nm.cols()) + ", " + size_text(R, sigma_mm.cols()) + " and " +
                std::to_string(kappa.rows()));
  Eigen::MatrixXd out = sigma_nm * kappa;
  for (Eigen::Index p = 0; p < kappa.cols(); ++p)
    out.col(p) *= mean_slope(phi, kappa.col(p).dot(sigma_mm * kappa.col(p)));
  return out;
}

TrialStates mean_field_trajectories(const std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)>& drift,
                                    const Eigen::Ref<const Eigen::MatrixXd>& K0, double dt, Eigen::Index steps) {
  TrialStates out(K0.rows(), K0.cols(), steps);
  Eigen::MatrixXd K = K0;
  for (Eigen::Index t = 0;; ++t) {
    for (Eigen::Index b = 0; b < K.cols(); ++b) out.state(b, t) = K.col(b);
    if (t == steps) break;
    K = (1.0 - dt) * K + dt * drift(K);
  }
  return out;
}

}  // namespace rnnbook
