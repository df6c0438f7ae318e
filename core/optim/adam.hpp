#pragma once
// Adam and AMSGrad with PyTorch conventions (SCIENCE.md 1.6): bias-corrected moments, L2 weight
// decay added to the gradient before the moments (not decoupled), optional frozen entries.
#include <Eigen/Dense>
#include <cstdint>

#include "optim/clip.hpp"

namespace rnnbook {

struct AdamSettings {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;  // PyTorch amsgrad=True: denominator from the running max of raw v
};

// In float64 (Adam) or float32 (FloatAdam, training in float32: moments and update in float, the bias
// corrections computed in double and rounded once).
template <class Scalar>
class BasicAdam {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  // The mask is fixed for the optimiser's life, so one step count serves every trained entry.
  BasicAdam(Eigen::Index size, const AdamSettings& settings, const ParameterMask& mask = {});

  // theta -= update(grad); throws if theta or grad does not have `size` entries.
  void step(Vector& theta, const Vector& grad);
  std::int64_t steps_taken() const { return k_; }
  const AdamSettings& settings() const { return s_; }
  // For schedules (e.g. cosine decay): later steps use this rate; the moments are kept.
  void set_learning_rate(double lr) { s_.lr = lr; }
  const Vector& first_moment() const { return m_; }   // m (raw, not bias-corrected)
  const Vector& second_moment() const { return v_; }  // v (raw)
  const Vector& max_second_moment() const { return vmax_; }  // AMSGrad only, else empty
  // Resumes from saved moments (vmax empty unless AMSGrad) after `steps` steps; throws on a size
  // mismatch or a negative step count.
  void set_state(const Vector& m, const Vector& v, const Vector& vmax, std::int64_t steps);

 private:
  AdamSettings s_;
  ParameterMask mask_;
  Vector m_, v_, vmax_, g_;
  std::int64_t k_ = 0;
};
using Adam = BasicAdam<double>;
using FloatAdam = BasicAdam<float>;

}  // namespace rnnbook
