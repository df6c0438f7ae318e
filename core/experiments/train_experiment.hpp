#pragma once
// Experiment kind "train": a recurrent network trained on a task with Adam.
// Config fields, defaults and ranges are documented in README.md ("The train experiment").
#include <chrono>

#include "experiments/experiment.hpp"
#include "optim/adam.hpp"
#include "rnn/network.hpp"
#include "tasks/task.hpp"

namespace rnnbook {

struct TrainConfig {
  std::uint64_t seed = 0;
  long steps = 300;
  int batch_size = 32;
  int eval_trials = 4;
  RnnShape shape;
  double gain = 1.0;
  std::shared_ptr<const Task> task;
  AdamSettings adam;
  json filled;  // the config with defaults

  static TrainConfig parse(const json& config);  // throws rnnbook::Error naming the field
};

// Largest B * T * N a train run may hold (B = max(batch_size, eval_trials)).
constexpr double kMaxTrainCells = 4e6;

class TrainExperiment : public Experiment {
 public:
  explicit TrainExperiment(const json& config);

  long step(long n) override;
  long position() const override { return long(losses_.size()); }
  long total() const override { return cfg_.steps; }
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

  const RnnParameters& parameters() const { return params_; }

 private:
  TrainConfig cfg_;
  Rng data_rng_;
  RnnParameters params_, grad_;
  Adam adam_;
  Trajectory traj_;
  std::vector<double> losses_;
  double elapsed_ms_ = 0.0;
};

}  // namespace rnnbook
