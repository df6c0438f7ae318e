#include "sampling/laplace_mixture.hpp"

#include <cmath>

#include "common/constants.hpp"
#include "common/portable_math.hpp"
#include <limits>

#include "sampling/bessel.hpp"
#include "sampling/gaussian_mixture.hpp"

namespace rnnbook {


LaplaceMixture::LaplaceMixture(MixtureSpec spec, const std::string& field) : spec_(std::move(spec)) {
  spec_.validate(field);
  const Eigen::Index K = spec_.components(), d = spec_.dim();
  nu_ = 1.0 - 0.5 * double(d);
  log_norm_.resize(K);
  for (Eigen::Index k = 0; k < K; ++k) {
    const Eigen::LLT<Eigen::MatrixXd> llt(spec_.covariances[std::size_t(k)]);
    chol_.push_back(llt.matrixL());
    precision_.push_back(llt.solve(Eigen::MatrixXd::Identity(d, d)));
    log_norm_(k) = portable::log(spec_.weights(k)) + portable::log(2.0) - 0.5 * double(d) * portable::log(2.0 * kPi) -
                   chol_.back().diagonal().array().unaryExpr(&portable::log).sum();
  }
}

// ln((q/2)^(nu/2) K_nu(sqrt(2 q))); at q = 0 its limit ln(Gamma(nu)/2) for nu > 0 (d = 1), +inf otherwise.
double LaplaceMixture::log_radial(double q) const {
  if (q > 0.0) return 0.5 * nu_ * portable::log(0.5 * q) + log_bessel_k(nu_, std::sqrt(2.0 * q));
  return nu_ > 0.0 ? portable::lgamma(nu_) - portable::log(2.0) : std::numeric_limits<double>::infinity();
}

// p_k(x) = int_0^inf N(x; m, w S) e^-w dw = 2 (2 pi)^(-d/2) |S|^(-1/2) (q/2)^(nu/2) K_nu(sqrt(2 q)),
// q = (x - m)^T S^-1 (x - m), nu = 1 - d/2 (the Exp(1) mixing integral, DLMF 10.32.10).
Eigen::VectorXd LaplaceMixture::log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  const Eigen::Index K = spec_.components(), n = x.cols();
  Eigen::MatrixXd a(K, n);
  for (Eigen::Index k = 0; k < K; ++k)
    for (Eigen::Index j = 0; j < n; ++j) {
      const Eigen::VectorXd e = x.col(j) - spec_.means.col(k);
      const double q = e.dot(precision_[std::size_t(k)] * e);
      a(k, j) = log_norm_(k) + log_radial(q);
    }
  return log_sum_exp_columns(a);
}

// grad ln p_k = (d ln p_k / dq) 2 S^-1 (x - m) with d ln p_k / dq = -K_{nu-1}(z) / (z K_nu(z)),
// z = sqrt(2 q) (from K_nu' = -K_{nu-1} - (nu/z) K_nu); the mixture weighs them by responsibility.
void LaplaceMixture::score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const {
  const Eigen::Index K = spec_.components(), n = x.cols(), d = dim();
  Eigen::MatrixXd a(K, n), g(d * K, n);
  for (Eigen::Index k = 0; k < K; ++k)
    for (Eigen::Index j = 0; j < n; ++j) {
      const Eigen::VectorXd e = x.col(j) - spec_.means.col(k);
      const Eigen::VectorXd pe = precision_[std::size_t(k)] * e;
      const double q = e.dot(pe);
      if (q == 0.0) {  // at the cusp: log-density +inf (d >= 2) or finite (d = 1); gradient taken as 0
        a(k, j) = log_norm_(k) + log_radial(q);
        g.block(k * d, j, d, 1).setZero();
        continue;
      }
      const double z = std::sqrt(2.0 * q);
      a(k, j) = log_norm_(k) + log_radial(q);
      g.block(k * d, j, d, 1) = (-2.0 * bessel_k_ratio(nu_, z) / z) * pe;
    }
  log_sum_exp_columns(a);  // responsibilities
  out.setZero();
  for (Eigen::Index k = 0; k < K; ++k) out += g.middleRows(k * d, d) * a.row(k).asDiagonal();
}

Eigen::MatrixXd LaplaceMixture::sample(Eigen::Index n, Rng& rng) const {
  const Eigen::Index d = dim();
  Eigen::MatrixXd x(d, n);
  Eigen::VectorXd z(d);
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index k = pick_component(spec_.weights, rng);
    const double w = -portable::log1p(-rng.uniform());  // Exp(1)
    for (Eigen::Index i = 0; i < d; ++i) z(i) = rng.normal();
    x.col(j) = spec_.means.col(k) + std::sqrt(w) * (chol_[std::size_t(k)] * z);
  }
  return x;
}

}  // namespace rnnbook
