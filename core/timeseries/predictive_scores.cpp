#include "timeseries/predictive_scores.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

namespace {
constexpr double kNormalSqrtHalf = 0.70710678118654752440;
constexpr double kNormalInvSqrtTwoPi = 0.39894228040143267794;
constexpr double kNormalInvSqrtPi = 0.56418958354775628695;
constexpr double kNormalSqrtTwoPi = 2.50662827463100050242;
}  // namespace

double normal_cdf(double z) { return 0.5 * portable::erfc(-z * kNormalSqrtHalf); }

double normal_density(double z) { return kNormalInvSqrtTwoPi * portable::exp(-0.5 * z * z); }

// Acklam's rational approximation (relative error 1.2e-9), then two Halley steps on Phi(x) = q,
// each of which roughly triples the number of correct digits.
double normal_quantile(double q) {
  if (!(q > 0.0 && q < 1.0)) throw Error("normal quantile: the level must be in (0, 1), got " + std::to_string(q));
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double low = 0.02425;
  double x;
  if (q < low || q > 1 - low) {
    const double r = std::sqrt(-2 * portable::log(q < low ? q : 1 - q));
    x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
        ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
    if (q > 1 - low) x = -x;
  } else {
    const double s = q - 0.5, r = s * s;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * s /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  for (int k = 0; k < 2; ++k) {
    // Phi(x) - q from the tail that is small, so that q near 1 keeps its digits.
    const double e = x < 0 ? normal_cdf(x) - q : (1 - q) - normal_cdf(-x);
    const double u = e * kNormalSqrtTwoPi * portable::exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

// SCIENCE.md 13.3; U41 checks it against the integral of (F(x) - 1{x >= y})^2.
double gaussian_crps(double mean, double sd, double y) {
  if (!(sd >= 0)) throw Error("gaussian crps: sd must be >= 0, got " + std::to_string(sd));
  if (sd == 0) return std::abs(y - mean);
  const double z = (y - mean) / sd;
  return sd * (z * (2 * normal_cdf(z) - 1) + 2 * normal_density(z) - kNormalInvSqrtPi);
}

// With x sorted, sum_{i,j} |x_i - x_j| = 2 sum_i (2i - M + 1) x_i (0-based): each x_i is larger
// than i draws and smaller than M - 1 - i. U46 checks it against the closed form.
double ensemble_crps(std::vector<double> draws, double y) {
  if (draws.empty()) throw Error("ensemble crps: needs at least one draw");
  std::sort(draws.begin(), draws.end());
  const double m = double(draws.size());
  double to_y = 0, spread = 0;
  for (std::size_t i = 0; i < draws.size(); ++i) {
    to_y += std::abs(draws[i] - y);
    spread += (2.0 * double(i) - m + 1) * draws[i];
  }
  return to_y / m - spread / (m * m);  // 1/2 * 2 sum_i (2i - M + 1) x_i / M^2
}

double quantile_loss(double q, double y, double f) { return y >= f ? 2 * q * (y - f) : 2 * (1 - q) * (f - y); }

QuantileGrid::QuantileGrid(std::vector<double> lv) : levels(std::move(lv)) {
  for (double q : levels) {
    if (!(q > 0 && q < 1)) throw Error("quantile levels: each must be in (0, 1), got " + std::to_string(q));
    z.push_back(normal_quantile(q));
  }
}

QuantileGrid QuantileGrid::deciles() { return QuantileGrid({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}); }

double mean_quantile_loss(const QuantileGrid& grid, double mean, double sd, double y) {
  double total = 0;
  for (std::size_t k = 0; k < grid.levels.size(); ++k) total += quantile_loss(grid.levels[k], y, mean + sd * grid.z[k]);
  return total / double(grid.levels.size());
}

}  // namespace rnnbook
