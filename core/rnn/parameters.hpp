#pragma once
// Parameters theta = (W, U, b, C, c) of a leaky RNN in one flat vector (for optimisers and
// operators), with named matrix views into it; float64, or float32 for training in float32.
#include <Eigen/Dense>

#include "rnn/activation.hpp"

namespace rnnbook {

// The three cells of SCIENCE.md 1.1, with u_t the quantity stored per step:
//   rate    (A): u = W h + U x + b,              h' = (1-a) h + a phi(u)
//   current (B): u = W phi(h) + U x + b,         h' = (1-a) h + a u
//   ctrnn   (C): u = (1-a) h + a (W h + U x + b), h' = phi(u)
enum class CellKind { rate, current, ctrnn };

CellKind cell_from_name(const std::string& name);  // "rate", "current", "ctrnn"
const char* cell_name(CellKind c);

struct RnnShape {
  int hidden = 0;   // N
  int inputs = 0;   // I
  int outputs = 0;  // O
  double leak = 1.0;  // a in (0, 1]
  CellKind cell = CellKind::rate;
  Activation activation = Activation::tanh;
  bool bias = true;  // without it b stays 0 and gets no gradient

  Eigen::Index parameter_count() const;
};

// theta in float64 (RnnParameters, everything but training's float32 path) or float32 (FloatRnnParameters).
template <class Scalar>
class BasicRnnParameters {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Map = Eigen::Map<Matrix>;
  using ConstMap = Eigen::Map<const Matrix>;

  explicit BasicRnnParameters(const RnnShape& shape)  // all zero
      : shape_(shape),
        off_U_(Eigen::Index(shape.hidden) * shape.hidden),
        off_b_(off_U_ + Eigen::Index(shape.hidden) * shape.inputs),
        off_C_(off_b_ + shape.hidden),
        off_c_(off_C_ + Eigen::Index(shape.outputs) * shape.hidden),
        theta_(Vector::Zero(shape.parameter_count())) {}

  const RnnShape& shape() const { return shape_; }
  Vector& flat() { return theta_; }
  const Vector& flat() const { return theta_; }

  Map W() { return block(0, shape_.hidden, shape_.hidden); }   // N x N recurrent
  Map U() { return block(off_U_, shape_.hidden, shape_.inputs); }  // N x I input
  Map b() { return block(off_b_, shape_.hidden, 1); }          // N bias
  Map C() { return block(off_C_, shape_.outputs, shape_.hidden); }  // O x N readout
  Map c() { return block(off_c_, shape_.outputs, 1); }         // O readout bias
  ConstMap W() const { return block(0, shape_.hidden, shape_.hidden); }
  ConstMap U() const { return block(off_U_, shape_.hidden, shape_.inputs); }
  ConstMap b() const { return block(off_b_, shape_.hidden, 1); }
  ConstMap C() const { return block(off_C_, shape_.outputs, shape_.hidden); }
  ConstMap c() const { return block(off_c_, shape_.outputs, 1); }

 private:
  Map block(Eigen::Index off, Eigen::Index r, Eigen::Index c) { return {theta_.data() + off, r, c}; }
  ConstMap block(Eigen::Index off, Eigen::Index r, Eigen::Index c) const {
    return {theta_.data() + off, r, c};
  }

  RnnShape shape_;
  Eigen::Index off_U_, off_b_, off_C_, off_c_;
  Vector theta_;
};
using RnnParameters = BasicRnnParameters<double>;
using FloatRnnParameters = BasicRnnParameters<float>;

}  // namespace rnnbook
