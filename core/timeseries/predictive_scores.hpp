#pragma once
// Scores of a predictive distribution against the value that happened (SCIENCE.md 13.3): the
// Gaussian CRPS in closed form, the ensemble (sample) CRPS for any other predictive, the quantile
// loss with the paper's factor 2 and its mean over a grid of levels, the standard normal CDF and
// quantile, and the central-interval coverage test.
#include <vector>

namespace rnnbook {

double normal_cdf(double z);       // Phi(z), from erfc: accurate in both tails
double normal_density(double z);   // phi(z)
double normal_quantile(double q);  // Phi^-1(q) for q in (0, 1), to about 1e-15 relative

// CRPS(N(mean, sd^2), y) = sd [z (2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi)], z = (y - mean)/sd;
// |y - mean| when sd = 0. Throws rnnbook::Error if sd < 0.
double gaussian_crps(double mean, double sd, double y);

// E|X - y| - 1/2 E|X - X'| over the empirical distribution of the draws (all M^2 pairs, so it is
// the CRPS of that discrete distribution), in O(M log M) by sorting. Throws if draws is empty.
double ensemble_crps(std::vector<double> draws, double y);

// rho_q(y, f) = 2q (y - f) if y >= f, else 2(1 - q)(f - y).
double quantile_loss(double q, double y, double f);

// Quantile levels and their standard normal quantiles z_q.
struct QuantileGrid {
  std::vector<double> levels;
  std::vector<double> z;
  explicit QuantileGrid(std::vector<double> levels);  // throws unless every level is in (0, 1)
  static QuantileGrid deciles();                       // 0.1, 0.2, ..., 0.9 (the paper's MWQL)
};

// (1/Q) sum_q rho_q(y, mean + sd z_q): the numerator of the weighted quantile loss for one value.
double mean_quantile_loss(const QuantileGrid& grid, double mean, double sd, double y);

// Whether y lies in the central interval mean +- z_half sd (z_half = Phi^-1((1 + level)/2)).
inline bool in_central_interval(double mean, double sd, double y, double z_half) {
  return y >= mean - z_half * sd && y <= mean + z_half * sd;
}

}  // namespace rnnbook
