#pragma once
// A task makes batches of seeded trials: inputs, targets and a loss mask (SCIENCE.md 1.8).
#include "common/rng.hpp"
#include "rnn/batch.hpp"
#include "rnn/loss.hpp"

namespace rnnbook {

class Task {
 public:
  virtual ~Task() = default;
  virtual int inputs() const = 0;
  virtual int outputs() const = 0;
  virtual int steps() const = 0;
  virtual LossKind loss() const { return LossKind::mse; }
  virtual Batch sample(int trials, Rng& rng) const = 0;
};

// An all-zero batch of the task's shape with every step counted in the loss.
Batch empty_batch(const Task& task, int trials);

}  // namespace rnnbook
