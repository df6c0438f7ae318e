#pragma once
// The nonlinearity of the sampling networks, applied in place: rnn/activation's apply_phi (its tanh is
// the libm-free vector kernel, about 4x faster than std::tanh); phi is the hot spot of sampling too.
#include <Eigen/Dense>

#include "rnn/activation.hpp"

namespace rnnbook {

void phi_in_place(Activation f, Eigen::Ref<Eigen::MatrixXd> u);

}  // namespace rnnbook
