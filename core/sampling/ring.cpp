#include "sampling/ring.hpp"

#include <cmath>

#include "common/constants.hpp"
#include <sstream>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {
namespace {


void check_positive(double v, const std::string& name) {
  if (!(v > 0.0) || !std::isfinite(v)) {
    std::ostringstream os;
    os << name << ": must be a finite number > 0, got " << v;
    throw Error(os.str());
  }
}

}  // namespace

// Z = int_0^inf 2 pi r exp(-(r - R)^2 / 2w^2) dr = 2 pi [w^2 e^(-R^2/2w^2) + R w sqrt(2 pi) Phi(R/w)].
Ring::Ring(double radius, double width, const std::string& field) : radius_(radius), width_(width) {
  check_positive(radius, field + ".radius");
  check_positive(width, field + ".width");
  const double w2 = width * width;
  const double phi = 0.5 * portable::erfc(-radius / (width * std::sqrt(2.0)));
  log_z_ = portable::log(2.0 * kPi * (w2 * portable::exp(-radius * radius / (2.0 * w2)) + radius * width * std::sqrt(2.0 * kPi) * phi));
}

Eigen::VectorXd Ring::log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  const Eigen::ArrayXd r = x.colwise().norm().transpose().array();
  return (-(r - radius_).square() / (2.0 * width_ * width_) - log_z_).matrix();
}

// grad ln p = -((r - R) / w^2) x / r.
void Ring::score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double r = x.col(j).norm();
    if (r == 0.0) out.col(j).setZero();
    else out.col(j) = (-(r - radius_) / (width_ * width_ * r)) * x.col(j);
  }
}

// The radius has density proportional to r g(r), g(r) = exp(-(r - R)^2 / 2w^2), r > 0. Propose from
// (|r - R| + R) g(r) >= r g(r): with probability 2w^2 / (2w^2 + R w sqrt(2 pi)) a two-sided Rayleigh
// offset |u| g, else a Gaussian offset; keep r > 0 with probability r / (|r - R| + R). Exact.
Eigen::MatrixXd Ring::sample(Eigen::Index n, Rng& rng) const {
  const double w = width_, R = radius_;
  const double p_rayleigh = 2.0 * w * w / (2.0 * w * w + R * w * std::sqrt(2.0 * kPi));
  Eigen::MatrixXd x(2, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    double r;
    for (;;) {
      const double u = rng.uniform() < p_rayleigh ? rng.sign() * w * std::sqrt(-2.0 * portable::log1p(-rng.uniform()))
                                                  : w * rng.normal();
      r = R + u;
      if (r > 0.0 && rng.uniform() * (std::abs(u) + R) < r) break;
    }
    const double angle = 2.0 * kPi * rng.uniform();
    x(0, j) = r * portable::cos(angle);
    x(1, j) = r * portable::sin(angle);
  }
  return x;
}

}  // namespace rnnbook
