#include "sampling/gaussian_mixture.hpp"

#include <cmath>

#include "common/constants.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {


Eigen::Index pick_component(const Eigen::VectorXd& weights, Rng& rng) {
  const double u = rng.uniform();
  double acc = 0.0;
  for (Eigen::Index k = 0; k + 1 < weights.size(); ++k) {
    acc += weights(k);
    if (u < acc) return k;
  }
  return weights.size() - 1;
}

Eigen::VectorXd log_sum_exp_columns(Eigen::MatrixXd& a) {
  Eigen::VectorXd out(a.cols());
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    const double m = a.col(j).maxCoeff();
    if (!std::isfinite(m)) {  // every term -inf (a zero-weight mixture cannot happen; guard anyway)
      out(j) = m;
      a.col(j).setConstant(1.0 / double(a.rows()));
      continue;
    }
    a.col(j) = (a.col(j).array() - m).unaryExpr(&portable::exp).matrix();
    const double s = a.col(j).sum();
    out(j) = m + portable::log(s);
    a.col(j) /= s;
  }
  return out;
}

GaussianMixture::GaussianMixture(MixtureSpec spec, const std::string& field) : spec_(std::move(spec)) {
  spec_.validate(field);
  const Eigen::Index K = spec_.components(), d = spec_.dim();
  log_norm_.resize(K);
  for (Eigen::Index k = 0; k < K; ++k) {
    const Eigen::LLT<Eigen::MatrixXd> llt(spec_.covariances[std::size_t(k)]);
    chol_.push_back(llt.matrixL());
    precision_.push_back(llt.solve(Eigen::MatrixXd::Identity(d, d)));
    log_norm_(k) = portable::log(spec_.weights(k)) - 0.5 * double(d) * portable::log(2.0 * kPi) -
                   chol_.back().diagonal().array().unaryExpr(&portable::log).sum();
  }
}

Eigen::MatrixXd GaussianMixture::component_log_terms(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  const Eigen::Index K = spec_.components();
  Eigen::MatrixXd a(K, x.cols());
  for (Eigen::Index k = 0; k < K; ++k) {
    // |L^-1 (x - mu)|^2 = (x - mu)^T C^-1 (x - mu)
    const Eigen::MatrixXd z =
        chol_[std::size_t(k)].triangularView<Eigen::Lower>().solve(x.colwise() - spec_.means.col(k));
    a.row(k) = (log_norm_(k) - 0.5 * z.colwise().squaredNorm().array()).matrix();
  }
  return a;
}

Eigen::VectorXd GaussianMixture::log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  Eigen::MatrixXd a = component_log_terms(x);
  return log_sum_exp_columns(a);
}

// grad ln p = sum_k r_k(x) C_k^-1 (mu_k - x), r_k the responsibilities.
void GaussianMixture::score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const {
  Eigen::MatrixXd r = component_log_terms(x);
  log_sum_exp_columns(r);
  out.setZero();
  for (Eigen::Index k = 0; k < spec_.components(); ++k) {
    const Eigen::MatrixXd g = precision_[std::size_t(k)] * ((-x).colwise() + spec_.means.col(k));
    out += g * r.row(k).asDiagonal();
  }
}

Eigen::MatrixXd GaussianMixture::sample(Eigen::Index n, Rng& rng) const {
  const Eigen::Index d = dim();
  Eigen::MatrixXd x(d, n);
  Eigen::VectorXd z(d);
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index k = pick_component(spec_.weights, rng);
    for (Eigen::Index i = 0; i < d; ++i) z(i) = rng.normal();
    x.col(j) = spec_.means.col(k) + chol_[std::size_t(k)] * z;
  }
  return x;
}

}  // namespace rnnbook
