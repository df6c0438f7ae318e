#include "tasks/flip_flop.hpp"

namespace rnnbook {

Batch FlipFlop::sample(int trials, Rng& rng) const {
  Batch batch = empty_batch(*this, trials);
  const std::size_t T = length, B = trials, K = bits;
  // Draw order (trial, channel, time) is part of the reproducibility contract.
  for (std::size_t b = 0; b < B; ++b) {
    for (std::size_t k = 0; k < K; ++k) {
      double state = 0.0;
      for (std::size_t t = 0; t < T; ++t) {
        if (rng.bernoulli(pulse_prob)) {
          state = rng.sign();
          batch.x(t, b, k) = state;
        }
        batch.y(t, b, k) = state;
      }
    }
  }
  return batch;
}

}  // namespace rnnbook
