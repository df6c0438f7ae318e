#include "sampling/phi.hpp"

#include <algorithm>
#include <cmath>

#include "common/portable_math.hpp"

namespace rnnbook {

void phi_in_place(Activation f, Eigen::Ref<Eigen::MatrixXd> u) {
  switch (f) {
    // The libm-free tanh of rnn/activation; its kernel reads each pair before writing it, so in place is safe.
    case Activation::tanh: apply_phi(Activation::tanh, u, u); break;
    case Activation::relu: u = u.cwiseMax(0.0); break;
    case Activation::softplus:  // log(1 + e^u) without overflow
      u = u.unaryExpr([](double v) { return std::max(v, 0.0) + portable::log1p(portable::exp(-std::abs(v))); });
      break;
    case Activation::identity: break;
  }
}

}  // namespace rnnbook
