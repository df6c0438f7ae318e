#pragma once
// The "cortex4" generator of SCIENCE.md 13.1 [D, measured]: four regions (SS, MO, VIS, RSP) of a
// latent rate network with a bistable global mode and a weak directed chain, a calcium-like
// low-pass and observation noise, at 35 Hz.
#include <Eigen/Dense>
#include <cstdint>

namespace rnnbook {

struct Cortex4Settings {
  double rate_hz = 35.0;     // frames per second (dt = 1 / rate)
  double tau_u = 0.3;        // s, latent time constant
  double tau_ca = 0.35;      // s, calcium low-pass
  double gain = 1.2;         // g
  double global = 0.7;       // c_glob, share of the all-to-all mode
  double directed = 0.5;     // d_dir, weight of SS <- MO, VIS <- SS, RSP <- VIS
  double latent_noise = 1.2; // sigma_u
  double beta = 2.0;         // softplus sharpness
  double obs_noise = 0.06;   // sigma_obs
  double burn_in_s = 20.0;   // discarded before recording
  Eigen::Index frames = 21000;  // recorded frames (10 min)
};

// The coupling J (4 x 4, row = target region).
Eigen::MatrixXd cortex4_coupling(const Cortex4Settings& s);

// frames x 4 observed traces ("dF/F"), from u0 = c0 = 0 and one normal stream drawn from Rng(seed):
// all latent noises xi first, then all observation noises eps. Throws rnnbook::Error on settings
// out of range (time constants and rate > 0, noises >= 0, frames >= 1).
Eigen::MatrixXd cortex4_series(const Cortex4Settings& s, std::uint64_t seed);

}  // namespace rnnbook
