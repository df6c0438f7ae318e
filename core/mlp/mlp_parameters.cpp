#include "mlp/mlp_parameters.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

Eigen::Index MlpShape::parameter_count() const {
  Eigen::Index n = 0;
  for (int l = 0; l < layers(); ++l) n += Eigen::Index(fan_out(l)) * (fan_in(l) + 1);
  return n;
}

template <class S>
BasicMlpParameters<S>::BasicMlpParameters(const MlpShape& shape) : shape_(shape) {
  if (shape.inputs < 1) throw Error("mlp: inputs must be >= 1, got " + std::to_string(shape.inputs));
  if (shape.outputs < 1) throw Error("mlp: outputs must be >= 1, got " + std::to_string(shape.outputs));
  for (std::size_t i = 0; i < shape.hidden.size(); ++i)
    if (shape.hidden[i] < 1)
      throw Error("mlp: hidden[" + std::to_string(i) + "] must be >= 1, got " + std::to_string(shape.hidden[i]));
  Eigen::Index at = 0;
  for (int l = 0; l < shape.layers(); ++l) {
    offset_.push_back(at);
    at += Eigen::Index(shape.fan_out(l)) * (shape.fan_in(l) + 1);
  }
  theta_ = Vector::Zero(at);
}

template class BasicMlpParameters<double>;
template class BasicMlpParameters<float>;

MlpParameters mlp_init(const MlpShape& shape, Rng& rng) {
  MlpParameters p(shape);
  for (int l = 0; l < shape.layers(); ++l) {
    const double sd = 1.0 / std::sqrt(double(shape.fan_in(l)));
    for (auto& v : p.W(l).reshaped()) v = rng.normal(0.0, sd);
  }
  return p;
}

}  // namespace rnnbook
