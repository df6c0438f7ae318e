#include "timeseries/cortex4.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/rng.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

namespace {
enum Cortex4Region { kSS = 0, kMO = 1, kVIS = 2, kRSP = 3 };

// softplus(beta u) / beta without overflow.
double cortex4_rate(double u, double beta) {
  const double x = beta * u;
  return (x > 0 ? x + portable::log1p(portable::exp(-x)) : portable::log1p(portable::exp(x))) / beta;
}
}  // namespace

Eigen::MatrixXd cortex4_coupling(const Cortex4Settings& s) {
  Eigen::MatrixXd J = s.gain * (s.global * Eigen::MatrixXd::Constant(4, 4, 0.25) +
                                (1 - s.global) * Eigen::MatrixXd::Identity(4, 4));
  J(kSS, kMO) += s.directed;
  J(kVIS, kSS) += s.directed;
  J(kRSP, kVIS) += s.directed;
  return J;
}

// SCIENCE.md 13.1: u <- u + (dt/tau_u)(-u + J tanh u) + sigma_u sqrt(2 dt/tau_u) xi;
// r = softplus(beta u)/beta; c <- a c + (1 - a) r, a = exp(-dt/tau_ca); y = c + sigma_obs eps.
Eigen::MatrixXd cortex4_series(const Cortex4Settings& s, std::uint64_t seed) {
  if (!(s.rate_hz > 0 && s.tau_u > 0 && s.tau_ca > 0 && s.beta > 0))
    throw Error("cortex4: rate_hz, tau_u, tau_ca and beta must be > 0");
  if (!(s.latent_noise >= 0 && s.obs_noise >= 0 && s.burn_in_s >= 0))
    throw Error("cortex4: the noises and the burn-in must be >= 0");
  if (s.frames < 1) throw Error("cortex4: frames must be >= 1, got " + std::to_string(s.frames));
  const double dt = 1.0 / s.rate_hz, k = dt / s.tau_u, a = portable::exp(-dt / s.tau_ca);
  const double kick = s.latent_noise * std::sqrt(2 * k);
  const Eigen::Index burn = Eigen::Index(std::llround(s.burn_in_s * s.rate_hz)), total = burn + s.frames;
  const Eigen::MatrixXd J = cortex4_coupling(s);
  Rng rng(seed);
  Eigen::Vector4d u = Eigen::Vector4d::Zero(), c = Eigen::Vector4d::Zero(), tu;
  Eigen::MatrixXd y(s.frames, 4);
  for (Eigen::Index t = 0; t < total; ++t) {
    if (t >= burn) y.row(t - burn) = c.transpose();
    for (int i = 0; i < 4; ++i) tu(i) = tanh_fast(u(i));
    Eigen::Vector4d r;
    for (int i = 0; i < 4; ++i) r(i) = cortex4_rate(u(i), s.beta);
    c = a * c + (1 - a) * r;
    const Eigen::Vector4d drift = -u + J * tu;
    for (int i = 0; i < 4; ++i) u(i) += k * drift(i) + kick * rng.normal();
  }
  for (Eigen::Index t = 0; t < s.frames; ++t)
    for (int i = 0; i < 4; ++i) y(t, i) += s.obs_noise * rng.normal();
  return y;
}

}  // namespace rnnbook
