#include "tasks/memory_pro.hpp"

#include <cmath>

#include "common/portable_math.hpp"

namespace rnnbook {

namespace {
constexpr double kTwoPi = 6.283185307179586;
}

std::vector<double> MemoryPro::even_angles(int n) {
  std::vector<double> theta(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) theta[std::size_t(k)] = kTwoPi * k / n;
  return theta;
}

Batch MemoryPro::sample(int trials, Rng& rng) const {
  std::vector<double> theta(static_cast<std::size_t>(trials));
  for (auto& t : theta) t = rng.uniform(0.0, kTwoPi);
  return with_angles(theta, &rng);
}

Batch MemoryPro::with_angles(const std::vector<double>& theta, Rng* noise) const {
  Batch batch = empty_batch(*this, int(theta.size()));
  const std::size_t T = steps(), B = theta.size();
  const std::size_t response = std::size_t(stim_steps + memory_steps);
  for (std::size_t b = 0; b < B; ++b) {
    const double c = portable::cos(theta[b]), s = portable::sin(theta[b]);
    for (std::size_t t = 0; t < T; ++t) {
      const double fix = t < response ? 1.0 : 0.0;
      const bool stim = t < std::size_t(stim_steps);
      batch.x(t, b, 0) = fix;
      batch.x(t, b, 1) = stim ? c : 0.0;
      batch.x(t, b, 2) = stim ? s : 0.0;
      batch.y(t, b, 0) = fix;  // the fixation target copies the noise-free fixation input
      batch.y(t, b, 1) = t >= response ? c : 0.0;
      batch.y(t, b, 2) = t >= response ? s : 0.0;
      if (noise)
        for (std::size_t k = 0; k < 3; ++k) batch.x(t, b, k) += noise->normal(0.0, input_noise);
    }
  }
  return batch;
}

double MemoryPro::response_accuracy(const xt::xtensor<double, 3>& y, const Batch& batch) const {
  const std::size_t T = batch.steps(), B = batch.trials(), start = std::size_t(stim_steps + memory_steps);
  if (B == 0 || start >= T) return 0.0;
  double hits = 0;
  for (std::size_t b = 0; b < B; ++b) {
    double oc = 0, os = 0, tc = 0, ts = 0;
    for (std::size_t t = start; t < T; ++t) oc += y(t, b, 1), os += y(t, b, 2), tc += batch.y(t, b, 1), ts += batch.y(t, b, 2);
    const double err = std::remainder(portable::atan2(os, oc) - portable::atan2(ts, tc), kTwoPi);
    hits += std::abs(err) < kTwoPi / 16;
  }
  return hits / double(B);
}

}  // namespace rnnbook
