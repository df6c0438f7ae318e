#include "tasks/decision.hpp"

namespace rnnbook {

namespace {

double draw_coherence(const std::vector<double>& list, Rng& rng) {
  return list[std::size_t(rng.uniform() * double(list.size())) % list.size()];
}

// Fixate (class 0) through the stimulus, answer `choice` (1 or 2) in the decision period.
void set_targets(Batch& batch, std::size_t b, int stim_steps, int choice) {
  for (std::size_t t = 0; t < batch.steps(); ++t) {
    const bool decide = t >= std::size_t(stim_steps);
    batch.y(t, b, decide ? std::size_t(choice) : 0) = 1.0;
  }
}

}  // namespace

Batch TwoAlternativeChoice::sample(int trials, Rng& rng) const {
  Batch batch = empty_batch(*this, trials);
  for (std::size_t b = 0; b < std::size_t(trials); ++b) {
    const int choice = rng.bernoulli(0.5) ? 1 : 2;
    const double c = draw_coherence(coherences, rng);
    for (std::size_t t = 0; t < std::size_t(stim_steps); ++t) {
      batch.x(t, b, 0) = 1.0;
      batch.x(t, b, 1) = 0.5 * (1.0 + (choice == 1 ? c : -c)) + rng.normal(0.0, noise);
      batch.x(t, b, 2) = 0.5 * (1.0 + (choice == 2 ? c : -c)) + rng.normal(0.0, noise);
    }
    set_targets(batch, b, stim_steps, choice);
  }
  return batch;
}

Batch ContextDecision::sample(int trials, Rng& rng) const {
  Batch batch = empty_batch(*this, trials);
  for (std::size_t b = 0; b < std::size_t(trials); ++b) {
    const double c1 = draw_coherence(coherences, rng) * rng.sign();
    const double c2 = draw_coherence(coherences, rng) * rng.sign();
    const int context = rng.bernoulli(0.5) ? 1 : 2;
    const double relevant = context == 1 ? c1 : c2;
    // A zero coherence has no right answer: the sign of the noise-free value decides, 0 -> choice 1.
    const int choice = relevant >= 0.0 ? 1 : 2;
    for (std::size_t t = 0; t < std::size_t(stim_steps); ++t) {
      batch.x(t, b, 0) = 1.0;
      batch.x(t, b, 1) = c1 + rng.normal(0.0, noise);
      batch.x(t, b, 2) = c2 + rng.normal(0.0, noise);
    }
    for (std::size_t t = 0; t < batch.steps(); ++t) batch.x(t, b, std::size_t(2 + context)) = 1.0;
    set_targets(batch, b, stim_steps, choice);
  }
  return batch;
}

}  // namespace rnnbook
