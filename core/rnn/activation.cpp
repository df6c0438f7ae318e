#include "rnn/activation.hpp"

#include <cmath>

#include "common/error.hpp"

namespace rnnbook {

Activation activation_from_name(const std::string& name) {
  if (name == "tanh") return Activation::tanh;
  if (name == "relu") return Activation::relu;
  if (name == "softplus") return Activation::softplus;
  if (name == "identity") return Activation::identity;
  throw Error("activation: must be one of \"tanh\", \"relu\", \"softplus\", \"identity\", got \"" + name + "\"");
}

const char* activation_name(Activation f) {
  switch (f) {
    case Activation::tanh: return "tanh";
    case Activation::relu: return "relu";
    case Activation::softplus: return "softplus";
    case Activation::identity: return "identity";
  }
  return "?";
}

void apply_phi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) {
  switch (f) {
    case Activation::tanh: out = in.array().tanh().matrix(); break;
    case Activation::relu: out = in.array().max(0.0).matrix(); break;
    // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
    case Activation::softplus:
      out = in.unaryExpr([](double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); });
      break;
    case Activation::identity: out = in; break;
  }
}

void apply_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) {
  switch (f) {
    case Activation::tanh: out = (1.0 - in.array().tanh().square()).matrix(); break;
    case Activation::relu: out = (in.array() > 0.0).cast<double>().matrix(); break;  // phi'(0) = 0
    case Activation::softplus:
      out = in.unaryExpr([](double x) { return 1.0 / (1.0 + std::exp(-x)); });
      break;
    case Activation::identity: out.setOnes(); break;
  }
}

void apply_d2phi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) {
  switch (f) {
    case Activation::tanh:  // -2 tanh (1 - tanh^2)
      out = in.unaryExpr([](double x) { const double t = std::tanh(x); return -2.0 * t * (1.0 - t * t); });
      break;
    case Activation::softplus:  // sigma (1 - sigma)
      out = in.unaryExpr([](double x) { const double s = 1.0 / (1.0 + std::exp(-x)); return s * (1.0 - s); });
      break;
    case Activation::relu:
    case Activation::identity: out.setZero(); break;
  }
}

}  // namespace rnnbook
