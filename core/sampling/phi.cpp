#include "sampling/phi.hpp"

#include <algorithm>
#include <cmath>

namespace rnnbook {

void phi_in_place(Activation f, Eigen::Ref<Eigen::MatrixXd> u) {
  switch (f) {
    case Activation::tanh: u = (1.0 - 2.0 / ((2.0 * u.array()).exp() + 1.0)).matrix(); break;  // e^(2u) = inf gives 1
    case Activation::relu: u = u.cwiseMax(0.0); break;
    case Activation::softplus:  // log(1 + e^u) without overflow
      u = u.unaryExpr([](double v) { return std::max(v, 0.0) + std::log1p(std::exp(-std::abs(v))); });
      break;
    case Activation::identity: break;
  }
}

}  // namespace rnnbook
