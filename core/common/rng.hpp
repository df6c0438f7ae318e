#pragma once
// Seeded random numbers that give the same stream natively and in wasm: xoshiro256** seeded by
// splitmix64, uniforms from the top 53 bits, normals by the Marsaglia polar method (no std::
// distributions: libstdc++ and libc++ differ).
#include <cstdint>

namespace rnnbook {

// Everything that determines the rest of a stream (for checkpoints).
struct RngState {
  std::uint64_t s[4];
  double spare;
  bool has_spare;
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0);

  std::uint64_t next_u64();
  double uniform();                    // [0, 1)
  double uniform(double lo, double hi);
  double normal();                     // N(0, 1)
  double normal(double mean, double sd) { return mean + sd * normal(); }
  bool bernoulli(double p) { return uniform() < p; }
  double sign() { return (next_u64() >> 63) ? 1.0 : -1.0; }

  RngState state() const;
  void set_state(const RngState& state);

 private:
  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace rnnbook
