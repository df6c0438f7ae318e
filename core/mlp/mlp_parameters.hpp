#pragma once
// A multilayer perceptron f(x) = z_{L-1}, z_l = W_l a_l + b_l, a_0 = x, a_{l+1} = phi(z_l) (SCIENCE.md 6.4):
// its shape and its parameters in one flat vector (for optimisers and Hessian operators) with
// named matrix views into it.
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

struct MlpShape {
  int inputs = 0;           // d
  std::vector<int> hidden;  // widths of the hidden layers, input side first (empty: f is affine)
  int outputs = 0;          // k
  Activation activation = Activation::tanh;
  // Hidden layers use SiLU, x sigmoid(x), in place of `activation` (flow-matching velocity fields,
  // SCIENCE.md 11.3). Forward pass and gradient only: the Hessian and Jacobian operators refuse it.
  bool silu = false;

  int layers() const { return int(hidden.size()) + 1; }  // L, the linear layers
  int fan_in(int l) const { return l == 0 ? inputs : hidden[std::size_t(l) - 1]; }   // width of a_l
  int fan_out(int l) const { return l + 1 == layers() ? outputs : hidden[std::size_t(l)]; }  // width of z_l
  Eigen::Index parameter_count() const;
};

// S = double, or float for training in float32 (the flatness kind's precision field).
template <class S>
class BasicMlpParameters {
 public:
  using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  using Map = Eigen::Map<Matrix>;
  using ConstMap = Eigen::Map<const Matrix>;
  using VecMap = Eigen::Map<Vector>;
  using ConstVecMap = Eigen::Map<const Vector>;

  // All zero. Throws Error unless inputs, outputs and every hidden width are >= 1.
  explicit BasicMlpParameters(const MlpShape& shape);

  const MlpShape& shape() const { return shape_; }
  Vector& flat() { return theta_; }
  const Vector& flat() const { return theta_; }

  // Layer l in theta: W_l (fan_out x fan_in, column-major), then b_l.
  Map W(int l) { return {theta_.data() + offset_[std::size_t(l)], shape_.fan_out(l), shape_.fan_in(l)}; }
  ConstMap W(int l) const { return {theta_.data() + offset_[std::size_t(l)], shape_.fan_out(l), shape_.fan_in(l)}; }
  VecMap b(int l) { return {theta_.data() + bias_offset(l), shape_.fan_out(l)}; }
  ConstVecMap b(int l) const { return {theta_.data() + bias_offset(l), shape_.fan_out(l)}; }

 private:
  Eigen::Index bias_offset(int l) const {
    return offset_[std::size_t(l)] + Eigen::Index(shape_.fan_out(l)) * shape_.fan_in(l);
  }

  MlpShape shape_;
  std::vector<Eigen::Index> offset_;  // start of layer l in theta
  Vector theta_;
};

using MlpParameters = BasicMlpParameters<double>;
using FloatMlpParameters = BasicMlpParameters<float>;

// W_l ~ N(0, 1/fan_in), b_l = 0 (SCIENCE.md 7.2, S9).
MlpParameters mlp_init(const MlpShape& shape, Rng& rng);

}  // namespace rnnbook
