#pragma once
// Experiment kind "switching": soft switching dynamics (SCIENCE.md 12). Fits the two-level Gumbel
// Dynamical Model by GS-BBVI (the authors' recipe, capped for the browser) and, as a baseline, the
// recurrent sticky AR-HMM by exact EM, on the authors' NASCAR data or on the user's series; then
// scores both: the paper's kNN state quality next to the raw-observation kNN floor, matched accuracy,
// soft-state TV error, switch rate (when true states are known) and forecast skill against
// persistence. Units of work: GDM iterations, then EM iterations, then the evaluation's units
// (switching_evaluation.hpp, about 40 ms each).
// Config fields (defaults; ranges in switching_config.cpp, and every error names them):
//   seed 0;
//   data: name "nascar" | "series". nascar: variant "standard" | "soft_sticky", steps 1000,
//     test_steps 1000 (0: score on the training data), observations 10, scale / tau / gamma / noise
//     (the variant's values, SCIENCE.md 12.4). series: train (T, N), test (T', N), train_states (T, K)
//     and test_states (T', K), the last three optional (state metrics need the states);
//   model: states 4, projection 2, tau 0.99, posterior "observation" | "increment" (q also sees y_t - y_{t-1});
//   training: iterations 1000, samples 10, lr 0.01, weight_decay 1e-4, clip_norm 1, warmup 200,
//     entropy_bonus true, early_stopping true, stop_window 100, stop_increment 1e-4;
//   baseline: fit true, iterations 50, kmeans_restarts 10, ridge 1e-3, tolerance 1e-6;
//   evaluation: posterior_samples 20, horizon 10, paths 20, knn 10.
#include <chrono>
#include <memory>
#include <optional>

#include "experiments/experiment.hpp"
#include "experiments/switching_evaluation.hpp"
#include "switching/ar_hmm_fit.hpp"
#include "switching/gdm_training.hpp"
#include "switching/nascar.hpp"

namespace rnnbook {

struct SwitchingConfig {
  std::uint64_t seed = 0;
  // Data: NASCAR (train seed, test seed + 1000, the train C) or the user's series (N x T here,
  // (T, N) in the config), with optional true soft states (K x T here, (T, K) in the config).
  bool nascar = true;
  NascarSettings data;
  Eigen::Index test_steps = 1000;
  Eigen::MatrixXd user_train, user_test, user_train_states, user_test_states;
  GdmShape shape;
  double tau = 0.99;
  GdmTrainingSettings training;
  bool baseline = true;
  ArHmmFitSettings hard;
  int posterior_samples = 20, horizon = 10, paths = 20, knn = 10;
  json filled;  // the config with defaults

  static SwitchingConfig parse(const json& config);  // throws rnnbook::Error naming the field
};

class SwitchingExperiment : public Experiment {
 public:
  explicit SwitchingExperiment(const json& config);

  long step(long n) override;
  long position() const override;
  long total() const override;
  // "elbo" (one value per GDM iteration), "loss" (its negative) or "log_likelihood" (one per EM iteration).
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

 private:
  SwitchingData data() const;

  SwitchingConfig cfg_;
  Eigen::MatrixXd train_, test_;  // N x T
  Eigen::MatrixXd train_states_, test_states_, test_latent_;  // true states (K x T) and NASCAR's x, if known
  std::unique_ptr<GdmTrainer> gdm_;
  std::unique_ptr<ArHmmFitter> hard_;
  std::unique_ptr<SwitchingEvaluation> evaluation_;
  double elapsed_ms_ = 0.0;
};

}  // namespace rnnbook
