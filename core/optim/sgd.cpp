#include "optim/sgd.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

template <class Scalar>
BasicSgd<Scalar>::BasicSgd(Eigen::Index size, const SgdSettings& settings, const ParameterMask& mask)
    : s_(settings), mask_(mask), buf_(Vector::Zero(size)) {
  mask_.check_size(size, "sgd");
}

template <class Scalar>
void BasicSgd<Scalar>::set_state(const Vector& buffer, std::int64_t steps) {
  if (buffer.size() != buf_.size())
    throw Error("sgd: the saved momentum buffer must have " + std::to_string(buf_.size()) + " entries, got " +
                std::to_string(buffer.size()));
  if (steps < 0) throw Error("sgd: the step count must be >= 0, got " + std::to_string(steps));
  buf_ = buffer;
  k_ = steps;
}

// SCIENCE.md 1.6, as torch.optim.SGD (dampening 0, no Nesterov): g <- g + wd theta;
// buf <- g on step 1, else mu buf + g; theta <- theta - lr buf. With mu = 0, buf = g every step.
template <class Scalar>
void BasicSgd<Scalar>::step(Vector& theta, const Vector& grad) {
  const Eigen::Index n = buf_.size();
  if (theta.size() != n || grad.size() != n)
    throw Error("sgd: theta and gradient must have " + std::to_string(n) + " entries, got " +
                std::to_string(theta.size()) + " and " + std::to_string(grad.size()));
  const Scalar mu = Scalar(k_ == 0 ? 0.0 : s_.momentum);  // buf starts as a copy of g, as in PyTorch
  const Scalar wd = Scalar(s_.weight_decay), lr = Scalar(s_.lr);
  ++k_;
  if (mask_.all()) {
    buf_ = mu * buf_ + (grad + wd * theta);
    theta -= lr * buf_;
    return;
  }
  for (const Eigen::Index i : mask_.trained()) {
    buf_(i) = mu * buf_(i) + (grad(i) + wd * theta(i));
    theta(i) -= lr * buf_(i);
  }
}

template class BasicSgd<double>;
template class BasicSgd<float>;

}  // namespace rnnbook
