#pragma once
// Sine-wave generation: a constant input cue f / max_cycles asks for y_t = sin(2 pi f t / T),
// with f (cycles per trial) drawn uniformly from [min_cycles, max_cycles].
#include "tasks/task.hpp"

namespace rnnbook {

struct SineWave : Task {
  int length = 100;
  double min_cycles = 1.0, max_cycles = 4.0;

  int inputs() const override { return 1; }
  int outputs() const override { return 1; }
  int steps() const override { return length; }
  Batch sample(int trials, Rng& rng) const override;
};

}  // namespace rnnbook
