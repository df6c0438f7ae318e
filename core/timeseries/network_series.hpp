#pragma once
// Simulated recordings of networks with known connectivity (SCIENCE.md 14.0-14.1): the paper's
// Izhikevich network and a rate network sampled at one time constant. Both return the z-scored
// observable and the true weights (row = target, column = source).
#include <Eigen/Dense>
#include <cstdint>

namespace rnnbook {

struct NetworkSeries {
  Eigen::MatrixXd series;   // T x N, z-scored per neuron
  Eigen::MatrixXd weights;  // N x N, W[i, j] = synapse j -> i, zero diagonal
};

struct IzhikevichSettings {
  int neurons = 20;           // N (the first 4N/5, rounded, are excitatory)
  double density = 0.2;       // p
  double strength = 5.0;      // S0
  double input_mean = 5.0;    // mu
  double input_var = 5.0;     // var
  Eigen::Index steps = 5000;  // of 1 ms
};

// [C run_izhikevich_sim.m]: excitatory a = 0.02, b = -0.1, c = -65 + 15 r^2, d = 8 - 6 r^2;
// inhibitory a = 0.02 + 0.08 r, b = -0.1, c = -65, d = 2; v' = 0.04 v^2 + 4.1 v + 108 - u + I in two
// half steps, u += a (b v - u); a spike (v >= 30) resets v = c, u += d and adds S[:, j] to the
// next step's input. Observable: v clipped at 30. Throws rnnbook::Error on settings out of range.
NetworkSeries izhikevich_series(const IzhikevichSettings& s, std::uint64_t seed);

struct RateNetworkSettings {
  int neurons = 20;            // N (the last N/5, rounded, columns are negative)
  double density = 0.2;        // p
  double gain = 1.6;           // g: W = g / sqrt(p N) Bernoulli(p)
  double noise = 1.0;          // sigma
  double dt = 0.1;             // Euler step (tau = 1)
  int sub = 10;                // Euler steps per sample
  Eigen::Index samples = 5000; // recorded
  Eigen::Index burn_in = 500;  // samples discarded first
};

// [D] x <- x + dt (-x + W tanh x + 0.3) + sigma sqrt(dt) xi, sampled every `sub` steps.
NetworkSeries rate_network_series(const RateNetworkSettings& s, std::uint64_t seed);

}  // namespace rnnbook
