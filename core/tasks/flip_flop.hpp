#pragma once
// n-bit flip-flop (SCIENCE.md 1.8): in each of n channels a +1 or -1 pulse arrives with probability
// pulse_prob per step; the target of that channel holds the sign of its last pulse (0 before the
// first). Inputs and outputs both have n channels; every step counts in the loss.
#include "tasks/task.hpp"

namespace rnnbook {

struct FlipFlop : Task {
  int bits = 3;
  int length = 50;
  double pulse_prob = 0.05;

  FlipFlop() = default;
  FlipFlop(int bits_, int length_, double pulse_prob_) : bits(bits_), length(length_), pulse_prob(pulse_prob_) {}
  int inputs() const override { return bits; }
  int outputs() const override { return bits; }
  int steps() const override { return length; }
  Batch sample(int trials, Rng& rng) const override;
};

}  // namespace rnnbook
