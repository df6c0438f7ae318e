#pragma once
// Seeded random networks and batches shared by the unit tests.
#include "common/rng.hpp"
#include "rnn/network.hpp"

namespace rnnbook::testing {

// gaussian_init(gain) plus small random biases (b stays 0 when the network has none).
inline RnnParameters random_parameters(const RnnShape& s, std::uint64_t seed, double gain = 1.3) {
  Rng rng(seed);
  RnnParameters p = gaussian_init(s, gain, rng);
  for (auto& v : p.b().reshaped()) v = rng.normal(0.0, 0.3);
  for (auto& v : p.c().reshaped()) v = rng.normal(0.0, 0.3);
  if (!s.bias) p.b().setZero();
  return p;
}

// Gaussian inputs and targets; about 70 % of the (t, b) pairs count in the loss.
inline Batch random_batch(int T, int B, int I, int O, std::uint64_t seed) {
  Rng rng(seed);
  Batch batch;
  batch.x = xt::zeros<double>({std::size_t(T), std::size_t(B), std::size_t(I)});
  batch.y = xt::zeros<double>({std::size_t(T), std::size_t(B), std::size_t(O)});
  batch.mask = xt::ones<double>({std::size_t(T), std::size_t(B)});
  for (auto& v : batch.x) v = rng.normal();
  for (auto& v : batch.y) v = rng.normal();
  for (auto& m : batch.mask) m = rng.bernoulli(0.7) ? 1.0 : 0.0;
  return batch;
}

// random_batch with one-hot targets when the loss is cross-entropy.
inline Batch batch_for(LossKind kind, int T, int B, int I, int O, std::uint64_t seed) {
  Batch batch = random_batch(T, B, I, O, seed);
  if (kind == LossKind::cross_entropy) {
    Rng rng(seed + 100);
    batch.y.fill(0.0);
    for (std::size_t t = 0; t < std::size_t(T); ++t)
      for (std::size_t b = 0; b < std::size_t(B); ++b) batch.y(t, b, std::size_t(rng.uniform() * O) % O) = 1.0;
  }
  return batch;
}

}  // namespace rnnbook::testing
