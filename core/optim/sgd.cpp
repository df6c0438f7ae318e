#include "optim/sgd.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

Sgd::Sgd(Eigen::Index size, const SgdSettings& settings, const ParameterMask& mask)
    : s_(settings), mask_(mask), buf_(Eigen::VectorXd::Zero(size)) {
  mask_.check_size(size, "sgd");
}

void Sgd::set_state(const Eigen::VectorXd& buffer, std::int64_t steps) {
  if (buffer.size() != buf_.size())
    throw Error("sgd: the saved momentum buffer must have " + std::to_string(buf_.size()) + " entries, got " +
                std::to_string(buffer.size()));
  if (steps < 0) throw Error("sgd: the step count must be >= 0, got " + std::to_string(steps));
  buf_ = buffer;
  k_ = steps;
}

// SCIENCE.md 1.6, as torch.optim.SGD (dampening 0, no Nesterov): g <- g + wd theta;
// buf <- g on step 1, else mu buf + g; theta <- theta - lr buf. With mu = 0, buf = g every step.
void Sgd::step(Eigen::VectorXd& theta, const Eigen::VectorXd& grad) {
  const Eigen::Index n = buf_.size();
  if (theta.size() != n || grad.size() != n)
    throw Error("sgd: theta and gradient must have " + std::to_string(n) + " entries, got " +
                std::to_string(theta.size()) + " and " + std::to_string(grad.size()));
  const double mu = k_ == 0 ? 0.0 : s_.momentum;  // buf starts as a copy of g, as in PyTorch
  ++k_;
  if (mask_.all()) {
    buf_ = mu * buf_ + (grad + s_.weight_decay * theta);
    theta -= s_.lr * buf_;
    return;
  }
  for (const Eigen::Index i : mask_.trained()) {
    buf_(i) = mu * buf_(i) + (grad(i) + s_.weight_decay * theta(i));
    theta(i) -= s_.lr * buf_(i);
  }
}

}  // namespace rnnbook
