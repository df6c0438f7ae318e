#include "optim/adam.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

Adam::Adam(Eigen::Index size, const AdamSettings& settings, const ParameterMask& mask)
    : s_(settings),
      mask_(mask),
      m_(Eigen::VectorXd::Zero(size)),
      v_(Eigen::VectorXd::Zero(size)),
      vmax_(settings.amsgrad ? Eigen::VectorXd::Zero(size) : Eigen::VectorXd()),
      g_(size) {
  mask_.check_size(size, "adam");
}

void Adam::set_state(const Eigen::VectorXd& m, const Eigen::VectorXd& v, const Eigen::VectorXd& vmax,
                     std::int64_t steps) {
  const Eigen::Index n = m_.size();
  if (m.size() != n || v.size() != n || vmax.size() != vmax_.size())
    throw Error("adam: saved moments must have " + std::to_string(n) + " entries (max_second_moment " +
                std::to_string(vmax_.size()) + ")");
  if (steps < 0) throw Error("adam: the step count must be >= 0, got " + std::to_string(steps));
  m_ = m;
  v_ = v;
  vmax_ = vmax;
  k_ = steps;
}

// SCIENCE.md 1.6, as torch.optim.Adam: g <- g + wd theta; m <- b1 m + (1-b1) g;
// v <- b2 v + (1-b2) g^2; theta <- theta - lr (m/c1) / (sqrt(v/c2) + eps), c_i = 1 - b_i^k.
// AMSGrad replaces v in the denominator by vmax <- max(vmax, v), the max over raw (not
// bias-corrected) v, still divided by c2 (PyTorch: sqrt(vmax)/sqrt(c2) + eps).
void Adam::step(Eigen::VectorXd& theta, const Eigen::VectorXd& grad) {
  const Eigen::Index n = m_.size();
  if (theta.size() != n || grad.size() != n)
    throw Error("adam: theta and gradient must have " + std::to_string(n) + " entries, got " +
                std::to_string(theta.size()) + " and " + std::to_string(grad.size()));
  ++k_;
  const double c1 = 1.0 - portable::pow(s_.beta1, double(k_));
  const double c2 = 1.0 - portable::pow(s_.beta2, double(k_));
  if (mask_.all()) {
    g_ = grad + s_.weight_decay * theta;
    m_ = s_.beta1 * m_ + (1.0 - s_.beta1) * g_;
    v_ = s_.beta2 * v_ + (1.0 - s_.beta2) * g_.cwiseAbs2();
    if (s_.amsgrad) vmax_ = vmax_.cwiseMax(v_);
    const Eigen::VectorXd& denom_v = s_.amsgrad ? vmax_ : v_;
    theta.array() -= s_.lr * (m_.array() / c1) / ((denom_v.array() / c2).sqrt() + s_.eps);
    return;
  }
  // Frozen entries are skipped entirely: same arithmetic, entry by entry.
  for (const Eigen::Index i : mask_.trained()) {
    const double g = grad(i) + s_.weight_decay * theta(i);
    m_(i) = s_.beta1 * m_(i) + (1.0 - s_.beta1) * g;
    v_(i) = s_.beta2 * v_(i) + (1.0 - s_.beta2) * (g * g);
    double vd = v_(i);
    if (s_.amsgrad) vd = vmax_(i) = std::max(vmax_(i), v_(i));
    theta(i) -= s_.lr * (m_(i) / c1) / (std::sqrt(vd / c2) + s_.eps);
  }
}

}  // namespace rnnbook
