#pragma once
// MemoryPro (SCIENCE.md 1.8, after kpflow's custom_tasks/memory_pro.py): channels [fixation,
// cos theta, sin theta] in and out. The angle is shown during the stimulus period, held through the
// memory period, and reported in the response period, when the fixation input drops to 0.
#include <vector>

#include "tasks/task.hpp"

namespace rnnbook {

struct MemoryPro : Task {
  int stim_steps = 30, memory_steps = 30, response_steps = 30;
  double input_noise = 0.1 * 1.4142135623730951;  // sd of N(0, (0.1 sqrt 2)^2) on every input

  int inputs() const override { return 3; }
  int outputs() const override { return 3; }
  int steps() const override { return stim_steps + memory_steps + response_steps; }
  Batch sample(int trials, Rng& rng) const override;       // theta uniform on [0, 2 pi)
  Batch with_angles(const std::vector<double>& theta, Rng* noise) const;  // noise-free if null
  static std::vector<double> even_angles(int n);           // k 2 pi / n, the test set
  // Fraction of trials whose response-period mean output (channels 1, 2) points within pi / 8 of the
  // target angle (half the spacing of 8 test angles: the nearest of them is the right one).
  double response_accuracy(const xt::xtensor<double, 3>& y, const Batch& batch) const;
};

}  // namespace rnnbook
