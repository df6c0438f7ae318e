#pragma once
// SGD with momentum, PyTorch convention (SCIENCE.md 1.6): buf <- mu buf + g (buf = g on the first
// step), theta <- theta - lr buf; optional L2 weight decay g <- g + wd theta; no dampening/Nesterov.
#include <Eigen/Dense>
#include <cstdint>

#include "optim/clip.hpp"

namespace rnnbook {

struct SgdSettings {
  double lr = 1e-2;
  double momentum = 0.0;  // mu; the rich/lazy code uses lr = 0.003, mu = 0.9
  double weight_decay = 0.0;
};

// In float64 (Sgd) or float32 (FloatSgd, training in float32; settings rounded to float once).
template <class Scalar>
class BasicSgd {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  // The mask is fixed for the optimiser's life (frozen entries keep a zero buffer).
  BasicSgd(Eigen::Index size, const SgdSettings& settings, const ParameterMask& mask = {});

  // theta -= update(grad); throws if theta or grad does not have `size` entries.
  void step(Vector& theta, const Vector& grad);
  std::int64_t steps_taken() const { return k_; }
  const SgdSettings& settings() const { return s_; }
  const Vector& momentum_buffer() const { return buf_; }
  // Resumes from a saved buffer after `steps` steps; throws on a size mismatch or steps < 0.
  void set_state(const Vector& buffer, std::int64_t steps);

 private:
  SgdSettings s_;
  ParameterMask mask_;
  Vector buf_;
  std::int64_t k_ = 0;
};
using Sgd = BasicSgd<double>;
using FloatSgd = BasicSgd<float>;

}  // namespace rnnbook
