#pragma once
// The nonlinearity of the sampling networks, applied in place. tanh is the libm-free two-lane kernel
// of rnn/activation (about 4x faster than std::tanh, the same bits natively and in wasm); phi is the
// hot spot of both training and sampling.
#include <Eigen/Dense>

#include "rnn/activation.hpp"

namespace rnnbook {

void phi_in_place(Activation f, Eigen::Ref<Eigen::MatrixXd> u);

}  // namespace rnnbook
