#include "optim/adam.hpp"

#include <cmath>

namespace rnnbook {

Adam::Adam(Eigen::Index size, const AdamSettings& settings)
    : s_(settings), m_(Eigen::VectorXd::Zero(size)), v_(Eigen::VectorXd::Zero(size)), g_(size) {}

void Adam::step(Eigen::VectorXd& theta, const Eigen::VectorXd& grad) {
  ++k_;
  g_ = grad + s_.weight_decay * theta;
  m_ = s_.beta1 * m_ + (1.0 - s_.beta1) * g_;
  v_ = s_.beta2 * v_ + (1.0 - s_.beta2) * g_.cwiseAbs2();
  const double c1 = 1.0 - std::pow(s_.beta1, double(k_));
  const double c2 = 1.0 - std::pow(s_.beta2, double(k_));
  theta.array() -= s_.lr * (m_.array() / c1) / ((v_.array() / c2).sqrt() + s_.eps);
}

}  // namespace rnnbook
