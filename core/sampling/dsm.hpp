#pragma once
// Denoising score matching (SCIENCE.md 5.2) with the coarse-to-fine noise schedule and the
// browser-scale recipe of SCIENCE.md 5.5: one network trained level by level, Adam re-created at
// each level, learning rate lr sigma_n / sigma_0 with cosine decay inside each level.
#include <cstdint>
#include <memory>

#include "common/rng.hpp"
#include "optim/adam.hpp"
#include "sampling/score_model.hpp"

namespace rnnbook {

// sigma_n = sigma_start (sigma_end / sigma_start)^(n / L), n = 0 .. L-1 (SCIENCE.md 5.2).
struct NoiseSchedule {
  double sigma_start = 1.0;
  double sigma_end = 0.02;
  int levels = 20;

  double sigma(int n) const;
  void validate(const std::string& field) const;  // sigmas > 0, levels >= 1; errors name field.sigma_start ...
};

// l = 1/(2B) sum_b |s(x_b + sigma eps_b) + eps_b / sigma|^2, i.e. 1/2 E|s(x~) - (x - x~)/sigma^2|^2 per
// sample, for clean x and standard normal eps (d x B). With grad non-null, also its gradient in theta.
double dsm_loss(ScoreModel& model, const Eigen::Ref<const Eigen::MatrixXd>& x,
                const Eigen::Ref<const Eigen::MatrixXd>& eps, double sigma, Eigen::VectorXd* grad);

struct DsmSettings {
  NoiseSchedule noise;
  std::int64_t steps_per_level = 100;  // every level but the finest
  std::int64_t final_steps = 2000;     // the finest level
  std::int64_t batch_size = 256;
  AdamSettings adam{1e-2};             // adam.lr: the rate at the first level
  bool scale_lr = true;                // lr_n = lr sigma_n / sigma_0
  bool cosine = true;                  // lr * (1 + cos(pi k / K)) / 2 at step k of a level of K steps

  std::int64_t total_steps() const { return (noise.levels - 1) * steps_per_level + final_steps; }
};

// Trains a score model on data (d x n, columns drawn with replacement into each batch).
class DsmTrainer {
 public:
  DsmTrainer(ScoreModel& model, Eigen::MatrixXd data, const DsmSettings& settings);

  // One Adam step on a fresh batch and fresh noise from rng; returns the batch loss before the
  // step. Non-finite loss or gradient: returns it and leaves the model unchanged.
  double step(Rng& rng);

  std::int64_t position() const { return k_; }
  std::int64_t total() const { return s_.total_steps(); }
  int level() const;                 // the level of the next step
  double sigma() const { return s_.noise.sigma(level()); }
  double learning_rate() const;      // of the next step

 private:
  ScoreModel& model_;
  Eigen::MatrixXd data_, batch_, eps_;
  DsmSettings s_;
  std::unique_ptr<Adam> adam_;
  int adam_level_ = -1;
  Eigen::VectorXd grad_;
  std::int64_t k_ = 0;
};

}  // namespace rnnbook
