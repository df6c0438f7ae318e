#include "tasks/sine_wave.hpp"

#include <cmath>

#include "common/portable_math.hpp"

namespace rnnbook {

Batch SineWave::sample(int trials, Rng& rng) const {
  Batch batch = empty_batch(*this, trials);
  for (std::size_t b = 0; b < std::size_t(trials); ++b) {
    const double f = rng.uniform(min_cycles, max_cycles);
    for (std::size_t t = 0; t < std::size_t(length); ++t) {
      batch.x(t, b, 0) = f / max_cycles;
      batch.y(t, b, 0) = portable::sin(6.283185307179586 * f * double(t + 1) / length);
    }
  }
  return batch;
}

}  // namespace rnnbook
