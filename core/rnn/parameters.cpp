#include "rnn/parameters.hpp"

namespace rnnbook {

Eigen::Index RnnShape::parameter_count() const {
  const Eigen::Index N = hidden, I = inputs, O = outputs;
  return N * N + N * I + N + O * N + O;
}

RnnParameters::RnnParameters(const RnnShape& shape)
    : shape_(shape),
      off_U_(Eigen::Index(shape.hidden) * shape.hidden),
      off_b_(off_U_ + Eigen::Index(shape.hidden) * shape.inputs),
      off_C_(off_b_ + shape.hidden),
      off_c_(off_C_ + Eigen::Index(shape.outputs) * shape.hidden),
      theta_(Eigen::VectorXd::Zero(shape.parameter_count())) {}

}  // namespace rnnbook
