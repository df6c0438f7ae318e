#pragma once
// n-bit flip-flop (SCIENCE.md 1.8): in each of n channels a +1 or -1 pulse arrives with probability
// pulse_prob per step; the target of that channel holds the sign of its last pulse (0 before the
// first). Inputs and outputs both have n channels; every step counts in the loss.
#include "common/rng.hpp"
#include "rnn/batch.hpp"

namespace rnnbook {

struct FlipFlop {
  int bits = 3;
  int steps = 50;
  double pulse_prob = 0.05;

  Batch sample(int trials, Rng& rng) const;
};

}  // namespace rnnbook
