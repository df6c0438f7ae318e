#include "switching/nascar.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/rng.hpp"
#include "switching/concrete.hpp"

namespace rnnbook {

NascarSettings nascar_settings(NascarVariant variant) {
  NascarSettings s;
  s.variant = variant;
  if (variant == NascarVariant::soft_sticky) {
    s.scale = 0.02;
    s.tau = 0.99;
    s.gamma = 0.25;
  }
  return s;
}

NascarDynamics nascar_dynamics(NascarVariant variant) {
  NascarDynamics d;
  d.w << 1, 0, -1, 0, 0, 1, 0, -1;
  d.beta << -2, -2, -1, -1;
  if (variant == NascarVariant::standard) {
    // expm([[0, a], [-a, 0]]) is the rotation [[cos a, sin a], [-sin a, cos a]].
    const double a = 3.141592653589793 / 24.0, c = portable::cos(a), s = portable::sin(a);
    Eigen::Matrix2d rot;
    rot << c, s, -s, c;
    const Eigen::Vector2d centre[2] = {{2.0, 0.0}, {-2.0, 0.0}};
    for (int k = 0; k < 2; ++k) {
      d.A[k] = rot;
      d.b[k] = centre[k] - rot * centre[k];
    }
    d.A[2] = d.A[3] = Eigen::Matrix2d::Identity();
    d.b[2] = {0.1, 0.0};
    d.b[3] = {-0.25, 0.0};
  } else {
    for (auto& A : d.A) A = Eigen::Matrix2d::Identity();
    d.b[0] = {0.0, -0.05};
    d.b[1] = {0.0, 0.05};
    d.b[2] = {0.05, 0.0};
    d.b[3] = {-0.05, 0.0};
  }
  return d;
}

NascarData generate_nascar(const NascarSettings& s, std::uint64_t seed, const Eigen::MatrixXd* emission) {
  if (s.steps < 2) throw Error("nascar: steps must be >= 2, got " + std::to_string(s.steps));
  if (s.observations < 1) throw Error("nascar: observations must be >= 1, got " + std::to_string(s.observations));
  if (!(s.tau > 0.0) || !std::isfinite(s.tau)) throw Error("nascar: tau must be > 0 and finite, got " + std::to_string(s.tau));
  if (!std::isfinite(s.scale)) throw Error("nascar: scale must be finite");
  if (!std::isfinite(s.gamma)) throw Error("nascar: gamma must be finite");
  if (!(s.noise >= 0.0) || !std::isfinite(s.noise)) throw Error("nascar: noise must be >= 0 and finite, got " + std::to_string(s.noise));
  if (emission && (emission->rows() != s.observations || emission->cols() != 2))
    throw Error("nascar: the emission matrix must be " + size_text(s.observations, 2) + ", got " +
                size_text(emission->rows(), emission->cols()));

  const NascarDynamics dyn = nascar_dynamics(s.variant);
  const Eigen::Index T = s.steps, N = s.observations;
  Rng rng(seed);
  NascarData d;
  d.x.resize(2, T);
  d.z.resize(4, T);
  Eigen::Vector2d x(0.0, 1.0);
  Eigen::Vector4d z(0.0, 0.0, 1.0, 0.0), g, logits;
  for (Eigen::Index t = 0; t < T; ++t) {
    logits = (1.0 - s.gamma) * (s.scale * 100.0 * (dyn.w * x + dyn.beta)) + s.gamma * z;
    for (int k = 0; k < 4; ++k) g(k) = draw_gumbel(rng);
    z = concrete_log_sample(logits, g, s.tau).unaryExpr(&portable::exp);
    Eigen::Matrix2d A = Eigen::Matrix2d::Zero();
    Eigen::Vector2d b = Eigen::Vector2d::Zero();
    for (int k = 0; k < 4; ++k) {
      A += z(k) * dyn.A[k];
      b += z(k) * dyn.b[k];
    }
    x = A * x + b;
    d.x.col(t) = x;
    d.z.col(t) = z;
  }
  if (emission) {
    d.emission = *emission;
  } else {
    d.emission.resize(N, 2);
    for (auto& v : d.emission.reshaped()) v = rng.normal();
  }
  d.y = d.emission * d.x;
  for (auto& v : d.y.reshaped()) v += s.noise * rng.normal();
  return d;
}

}  // namespace rnnbook
