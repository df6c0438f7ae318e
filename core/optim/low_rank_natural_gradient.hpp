#pragma once
// The low-rank natural gradient of SCIENCE.md 4.5: every M steps the top-k eigenpairs (sigma_i^2, v_i)
// of the Gauss-Newton matrix G_y (ops/gauss_newton.hpp) come from one warm-started randomized Nystrom
// sketch whose last column is the current gradient; each step then moves by
//   g~ = (g - V V^T g) + sum_i rho / (sigma_i^2 + rho) v_i (v_i^T g),   theta <- theta - lr g~,
// plain SGD off the subspace and damped Newton inside it (the same as rho (V S V^T + rho I)^{-1} g).
#include <Eigen/Dense>
#include <cstdint>

#include "common/rng.hpp"
#include "ops/linear_operator.hpp"
#include "optim/clip.hpp"

namespace rnnbook {

struct LrngSettings {
  double lr = 1e-2;
  int rank = 1;               // k
  int refresh = 2;            // M: steps between refreshes of the subspace
  double damping = 0.0;       // rho; 0: max(sigma_{k+1}^2, damping_min) from the sketch
  double damping_min = 1e-4;
  int sketch = 0;             // columns of the sketch; 0: k + 2 (must exceed k)
  bool adaptive = false;      // refresh when the loss rises or near a bifurcation, else every adaptive_every
  int adaptive_every = 10;
  double adaptive_mu = 0.1;   // "near a bifurcation": |mu| below this (the pitchfork experiment tells)
  int sketch_size() const { return sketch > 0 ? sketch : rank + 2; }
};

class LowRankNaturalGradient {
 public:
  // Throws Error unless 1 <= rank < sketch_size() <= the number of trained entries.
  LowRankNaturalGradient(Eigen::Index size, const LrngSettings& settings, const ParameterMask& mask = {});

  // Whether the subspace should be refreshed before the next step (always before the first one).
  bool refresh_due(bool loss_rose, bool near_bifurcation) const;
  // One Nystrom sketch of the symmetric PSD operator G (size x size): sketch_size() products of G,
  // started from the previous basis (or from Gaussian columns the first time), with the last column
  // replaced by `gradient` when one is given: G g then lies in the sketch, so the direction the step
  // is about to take is measured exactly (the bifurcation channel moves faster than M steps).
  void refresh(const LinearOperator& G, Rng& rng, const Eigen::VectorXd* gradient = nullptr);
  // theta -= lr * precondition(grad); throws if the sizes differ or no refresh happened yet.
  void step(Eigen::VectorXd& theta, const Eigen::VectorXd& grad);
  Eigen::VectorXd precondition(const Eigen::VectorXd& grad) const;

  const LrngSettings& settings() const { return s_; }
  std::int64_t steps_taken() const { return k_; }
  std::int64_t refreshes() const { return refreshes_; }
  std::int64_t last_refresh() const { return last_refresh_; }  // step of the last refresh, -1 before
  const Eigen::MatrixXd& basis() const { return V_; }           // size x k, orthonormal
  const Eigen::VectorXd& curvature() const { return sigma2_; }  // k, descending
  double damping() const { return rho_; }
  const Eigen::MatrixXd& sketch_basis() const { return omega_; }  // size x sketch, the warm start

  // Resumes a saved state (checkpoints); throws Error on a shape mismatch.
  void set_state(const Eigen::MatrixXd& sketch_basis, const Eigen::MatrixXd& basis, const Eigen::VectorXd& curvature,
                 double damping, std::int64_t steps, std::int64_t refreshes, std::int64_t last_refresh);

 private:
  LrngSettings s_;
  Eigen::VectorXd trains_;  // 1 where theta trains
  Eigen::MatrixXd omega_, V_;
  Eigen::VectorXd sigma2_;
  double rho_ = 0.0;
  std::int64_t k_ = 0, refreshes_ = 0, last_refresh_ = -1;
};

}  // namespace rnnbook
