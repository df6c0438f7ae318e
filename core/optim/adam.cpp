#include "optim/adam.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

template <class Scalar>
BasicAdam<Scalar>::BasicAdam(Eigen::Index size, const AdamSettings& settings, const ParameterMask& mask)
    : s_(settings),
      mask_(mask),
      m_(Vector::Zero(size)),
      v_(Vector::Zero(size)),
      vmax_(settings.amsgrad ? Vector::Zero(size) : Vector()),
      g_(size) {
  mask_.check_size(size, "adam");
}

template <class Scalar>
void BasicAdam<Scalar>::set_state(const Vector& m, const Vector& v, const Vector& vmax, std::int64_t steps) {
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
// In float32 every setting is rounded to float once (as PyTorch does with a float tensor's scalars).
template <class Scalar>
void BasicAdam<Scalar>::step(Vector& theta, const Vector& grad) {
  const Eigen::Index n = m_.size();
  if (theta.size() != n || grad.size() != n)
    throw Error("adam: theta and gradient must have " + std::to_string(n) + " entries, got " +
                std::to_string(theta.size()) + " and " + std::to_string(grad.size()));
  ++k_;
  const Scalar c1 = Scalar(1.0 - portable::pow(s_.beta1, double(k_)));
  const Scalar c2 = Scalar(1.0 - portable::pow(s_.beta2, double(k_)));
  const Scalar wd = Scalar(s_.weight_decay), b1 = Scalar(s_.beta1), b2 = Scalar(s_.beta2);
  const Scalar rest1 = Scalar(1.0 - s_.beta1), rest2 = Scalar(1.0 - s_.beta2), lr = Scalar(s_.lr), eps = Scalar(s_.eps);
  if (mask_.all()) {
    g_ = grad + wd * theta;
    m_ = b1 * m_ + rest1 * g_;
    v_ = b2 * v_ + rest2 * g_.cwiseAbs2();
    if (s_.amsgrad) vmax_ = vmax_.cwiseMax(v_);
    const Vector& denom_v = s_.amsgrad ? vmax_ : v_;
    theta.array() -= lr * (m_.array() / c1) / ((denom_v.array() / c2).sqrt() + eps);
    return;
  }
  // Frozen entries are skipped entirely: same arithmetic, entry by entry.
  for (const Eigen::Index i : mask_.trained()) {
    const Scalar g = grad(i) + wd * theta(i);
    m_(i) = b1 * m_(i) + rest1 * g;
    v_(i) = b2 * v_(i) + rest2 * (g * g);
    Scalar vd = v_(i);
    if (s_.amsgrad) vd = vmax_(i) = std::max(vmax_(i), v_(i));
    theta(i) -= lr * (m_(i) / c1) / (std::sqrt(vd / c2) + eps);
  }
}

template class BasicAdam<double>;
template class BasicAdam<float>;

}  // namespace rnnbook
