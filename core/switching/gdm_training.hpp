#pragma once
// Fits a GDM by GS-BBVI with the authors' recipe (SCIENCE.md 12.3): AdamW on every parameter but F,
// the gradient clipped to norm 1 over all parameters jointly, the learning rate held for `warmup`
// iterations, then linear to 0.1x over 2 warmup, then held; fresh Gumbel draws every iteration;
// early stopping on the mean ELBO increment over a window. Runs in chunks (run(n)) so that a front
// end can show progress and stop between them.
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"
#include "optim/adam.hpp"
#include "switching/gdm_elbo.hpp"
#include "switching/gdm_parameters.hpp"

namespace rnnbook {

struct GdmTrainingSettings {
  double learning_rate = 1e-2;
  double weight_decay = 1e-4;  // decoupled, as torch.optim.AdamW
  double clip_norm = 1.0;
  int warmup = 200;            // the authors' warmup_iters
  int samples = 10;            // M, Gumbel draws per iteration
  bool entropy_bonus = true;
  int max_iterations = 1000;   // the browser cap (the authors allow 4000)
  int stop_window = 100;       // stop when mean(diff(last stop_window ELBOs)) < stop_increment ...
  double stop_increment = 1e-4;
  bool early_stopping = true;  // ... if this is on
};

// Throws Error naming the field when a setting is out of range.
void check_gdm_training_settings(const GdmTrainingSettings& settings);

// The learning rate of iteration i (0-based): lr for i < w, lr (1 - 0.9 (i - w) / (2w)) up to 3w,
// then 0.1 lr (torch SequentialLR of ConstantLR, LinearLR(1 -> 0.1, 2w), ConstantLR(0.1)).
double gdm_learning_rate(const GdmTrainingSettings& settings, int iteration);

class GdmTrainer {
 public:
  // y is N x T (one observation per column); `initial` gives the starting parameters, F and tau;
  // `noise` is the stream of Gumbel draws (copied). Throws Error on bad settings or sizes.
  GdmTrainer(const Eigen::Ref<const Eigen::MatrixXd>& y, GdmModel initial, const GdmTrainingSettings& settings,
             const Rng& noise);

  // Up to `iterations` more iterations; fewer when done() becomes true. An iteration whose ELBO,
  // gradient or update is not finite is undone (parameters, optimiser and noise stream as before it)
  // and ends training: diverged() is then true.
  void run(int iterations);
  bool done() const { return diverged_ || stopped_early_ || iteration_ >= s_.max_iterations; }
  bool diverged() const { return diverged_; }
  bool stopped_early() const { return stopped_early_; }
  int iterations() const { return iteration_; }
  // The sampled ELBO at the parameters before each update (the authors' history).
  const std::vector<double>& elbo_history() const { return history_; }
  const GdmModel& model() const { return model_; }
  const GdmTrainingSettings& settings() const { return s_; }

 private:
  GdmTrainingSettings s_;
  GdmModel model_;
  GdmElbo elbo_;
  Adam adam_;
  Rng rng_;
  GdmParameters gradient_;
  GumbelNoise noise_;
  Eigen::VectorXd loss_gradient_;
  std::vector<double> history_;
  Eigen::VectorXd theta_before_;
  int iteration_ = 0;
  bool stopped_early_ = false, diverged_ = false;
};

}  // namespace rnnbook
