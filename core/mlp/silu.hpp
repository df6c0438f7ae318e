#pragma once
// SiLU (swish), silu(x) = x sigmoid(x), and its slope, element-wise: the hidden nonlinearity of the
// flow-matching velocity field (SCIENCE.md 11.3). Built on portable::exp: the same bits natively and in wasm.
#include <Eigen/Dense>

namespace rnnbook {

// out = x / (1 + e^-x); out is resized.
void apply_silu(const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::MatrixXd& out);
// out = s (1 + x (1 - s)), s = sigmoid(x); out is resized.
void apply_silu_slope(const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::MatrixXd& out);

}  // namespace rnnbook
