#pragma once
// User-supplied data: all trials given as arrays; sample() draws trials at random without
// replacement (with replacement only when more are asked for than exist).
#include "tasks/task.hpp"

namespace rnnbook {

// Limits of user data (README.md, the dataset task).
constexpr std::size_t kMaxDatasetValues = 4000000;  // per array
constexpr std::size_t kMaxDatasetSteps = 5000;      // T
constexpr std::size_t kMaxDatasetChannels = 1024;   // I and O

class Dataset : public Task {
 public:
  // inputs (T, B, I), targets (T, B, O), mask (T, B) or empty for all ones. Throws rnnbook::Error
  // naming the array ("<prefix>inputs", ...) on a shape mismatch, a non-finite value or a mask
  // entry outside [0, 1].
  Dataset(Batch data, LossKind loss = LossKind::mse, const std::string& prefix = "data.");

  int inputs() const override { return int(data_.x.shape()[2]); }
  int outputs() const override { return int(data_.y.shape()[2]); }
  int steps() const override { return int(data_.x.shape()[0]); }
  LossKind loss() const override { return loss_; }
  Batch sample(int trials, Rng& rng) const override;
  const Batch& all() const { return data_; }

 private:
  Batch data_;
  LossKind loss_;
};

}  // namespace rnnbook
