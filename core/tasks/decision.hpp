#pragma once
// Simplified native versions of neurogym's perceptual decision tasks (SCIENCE.md 1.8 [D]); both
// use cross-entropy on 3 classes (0 fixate, 1 choice 1, 2 choice 2) at every step: fixate during
// the stimulus, choose in the decision period. Coherences are drawn from {0, 6.4, 12.8, 25.6,
// 51.2} % by default.
#include <vector>

#include "tasks/task.hpp"

namespace rnnbook {

// Two-alternative forced choice. Inputs [fixation, stim 1, stim 2]; during the stimulus
// stim_k = (1 + s_k c) / 2 + noise with s = +1 on the correct side, -1 on the other.
struct TwoAlternativeChoice : Task {
  int stim_steps = 7, decision_steps = 1;
  double noise = 0.1;  // sd per step (neurogym's sigma 1 at dt = 100 ms)
  std::vector<double> coherences{0.0, 0.064, 0.128, 0.256, 0.512};

  int inputs() const override { return 3; }
  int outputs() const override { return 3; }
  int steps() const override { return stim_steps + decision_steps; }
  LossKind loss() const override { return LossKind::cross_entropy; }
  Batch sample(int trials, Rng& rng) const override;
};

// Context-dependent decision. Inputs [fixation, modality 1, modality 2, context 1, context 2];
// each modality carries a signed coherence plus noise; the context says which one to report
// (choice 1 for a positive sign, choice 2 for a negative one).
struct ContextDecision : Task {
  int stim_steps = 7, decision_steps = 1;
  double noise = 0.1;
  std::vector<double> coherences{0.0, 0.064, 0.128, 0.256, 0.512};

  int inputs() const override { return 5; }
  int outputs() const override { return 3; }
  int steps() const override { return stim_steps + decision_steps; }
  LossKind loss() const override { return LossKind::cross_entropy; }
  Batch sample(int trials, Rng& rng) const override;
};

}  // namespace rnnbook
