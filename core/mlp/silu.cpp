#include "mlp/silu.hpp"

#include "common/portable_math.hpp"

namespace rnnbook {

namespace {
// 1 / (1 + e^-x) without overflow: e^-x is formed only for x >= 0, e^x otherwise.
double silu_sigmoid(double x) {
  if (x >= 0.0) return 1.0 / (1.0 + portable::exp(-x));
  const double e = portable::exp(x);
  return e / (1.0 + e);
}
}  // namespace

void apply_silu(const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::MatrixXd& out) {
  out = in.unaryExpr([](double x) { return x * silu_sigmoid(x); });
}

void apply_silu_slope(const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::MatrixXd& out) {
  out = in.unaryExpr([](double x) {
    const double s = silu_sigmoid(x);
    return s * (1.0 + x * (1.0 - s));
  });
}

}  // namespace rnnbook
