#pragma once
// Experiment kind "train": a recurrent network trained on a task (BPTT or the truncated
// gradient; Adam, AMSGrad or SGD with momentum).
// Config fields, defaults and ranges are documented in README.md ("The train experiment").
#include <chrono>

#include <variant>

#include "experiments/experiment.hpp"

#include "optim/adam.hpp"
#include "optim/clip.hpp"
#include "optim/sgd.hpp"
#include "rnn/network.hpp"
#include "tasks/task.hpp"

namespace rnnbook {

// Optional measures of the `measures` object (SCIENCE.md 6.5, 6.6; defaults from SCIENCE.md 7.2).
struct MeasureSettings {
  bool rich_lazy = false;           // weight change, kernel/representation alignment, sign similarity at the end
  int kernel_trials = 32;           // trials of the tangent-kernel batch (all steps, all outputs)
  int representation_trials = 320;  // trials of the representation batch (Gram of h_T; signs of all h)
  long hessian_every = 0;           // 0: never; k: lambda_max of the loss Hessian w.r.t. W at steps 0, k, 2k, ...
  int hessian_trials = 256;         // validation batch of the Hessian
  double hessian_tol = 1e-6;        // power iteration: relative change of lambda
  int hessian_iterations = 300;     // power iteration: at most this many Hessian-vector products
};

struct TrainConfig {
  std::uint64_t seed = 0;
  long steps = 300;
  int batch_size = 32;
  int eval_trials = 4;
  RnnShape shape;
  double gain = 1.0;
  int rank = 0;  // 0: the full Gaussian W0; r: W0 truncated to rank r (SCIENCE.md 1.7)
  std::shared_ptr<const Task> task;
  GradientRule rule = GradientRule::bptt;
  std::string optimizer = "adam";  // "adam", "amsgrad", "sgd"
  AdamSettings adam;
  SgdSettings sgd;
  double clip = 0.0;  // global-norm clipping threshold; 0 = none
  bool trains[5] = {true, true, true, true, true};  // W, U, b, C, c
  MeasureSettings measures;
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
  // Defined in train_checkpoint.cpp; header and arrays: README.md ("Checkpoints").
  Checkpoint snapshot() const override;
  void restore(const Checkpoint& checkpoint) override;
  bool has_state() const override { return true; }

  const RnnParameters& parameters() const { return params_; }
  long diverged_at() const { return diverged_at_; }  // -1 unless training diverged

 private:
  void record_hessian();  // lambda_max at the current position on the validation batch

  TrainConfig cfg_;
  Rng data_rng_;
  RnnParameters params_, grad_;
  Eigen::VectorXd trains_;  // 1 where theta trains, 0 where frozen
  std::variant<Adam, Sgd> optimizer_;
  Trajectory traj_;
  std::vector<double> losses_;
  RnnParameters initial_;  // kept for the rich/lazy measures
  Batch hessian_batch_;    // fixed validation batch (stream 5), when hessian_every > 0
  std::vector<double> hessian_max_, hessian_steps_, hessian_iterations_;
  double elapsed_ms_ = 0.0;
  // The numerical guard (step()): state before the current update, and where training diverged.
  Eigen::VectorXd theta_before_;
  std::variant<Adam, Sgd> optimizer_before_;
  long diverged_at_ = -1;
  std::string divergence_cause_;
  std::string divergence_message() const;
};

}  // namespace rnnbook
