#pragma once
// The authors' NASCAR data (SCIENCE.md 12.4, nascarsoft.py): a latent x in R^2 driven by K = 4
// soft-switching affine maps, x_t = A(z_t) x_{t-1} + b(z_t) with A(z) = sum_k z_k A_k and
// b(z) = sum_k z_k b_k; z_t ~ Concrete(tau, (1 - gamma) s 100 (w_k . x_{t-1} + beta_k) + gamma z_{t-1});
// observations y_t = C x_t + noise eps, C ~ N(0,1)^{N x 2}. x_0 = (0, 1), z_0 = e_3.
#include <Eigen/Dense>
#include <array>
#include <cstdint>

namespace rnnbook {

enum class NascarVariant { standard, soft_sticky };

struct NascarSettings {
  NascarVariant variant = NascarVariant::standard;
  double scale = 1.0;   // s, multiplies the transition logits
  double tau = 0.01;    // tau_gen
  double gamma = 0.0;   // stickiness
  Eigen::Index steps = 1000;
  Eigen::Index observations = 10;  // N
  double noise = 0.01;  // observation noise sd
};

// The table of SCIENCE.md 12.4: standard (s 1, tau 0.01, gamma 0) and soft-sticky (0.02, 0.99, 0.25).
NascarSettings nascar_settings(NascarVariant variant);

struct NascarDynamics {
  std::array<Eigen::Matrix2d, 4> A;
  std::array<Eigen::Vector2d, 4> b;
  Eigen::Matrix<double, 4, 2> w;  // transition weights, row k
  Eigen::Vector4d beta;           // transition offsets
};

// Standard: states 1, 2 rotate by pi/24 per step about (+-2, 0) (A = expm([[0, pi/24], [-pi/24, 0]]),
// b = (I - A) c); states 3, 4: A = I, b = (0.1, 0), (-0.25, 0). Soft-sticky: A = I, b = (0, -0.05),
// (0, 0.05), (0.05, 0), (-0.05, 0). Both: w = (1,0), (-1,0), (0,1), (0,-1), beta = (-2, -2, -1, -1).
NascarDynamics nascar_dynamics(NascarVariant variant);

struct NascarData {
  Eigen::MatrixXd y;         // N x T observations
  Eigen::MatrixXd x;         // 2 x T latent positions
  Eigen::MatrixXd z;         // 4 x T true soft states
  Eigen::MatrixXd emission;  // C, N x 2
};

// Draws from Rng(seed): the Gumbel draws of steps 1..T, then C (column by column) unless `emission`
// is given (test data reuse the training C), then the observation noise. Throws Error on settings
// out of range (steps >= 2, observations >= 1, tau > 0, scale, gamma and noise finite, noise >= 0)
// or an emission that is not N x 2.
NascarData generate_nascar(const NascarSettings& settings, std::uint64_t seed, const Eigen::MatrixXd* emission = nullptr);

}  // namespace rnnbook
