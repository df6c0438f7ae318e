#pragma once
// Experiment kind "sntk": a train run (train_experiment.hpp, every field of it) that at a chosen
// interval measures the sNTK Theta = J J^T of the trained recurrent parameters on a fixed evaluation
// batch (measures/sntk_measures.hpp): PR and entropy rank, top-k eigenvalues, PR of K, Z Z^T and
// of Theta's partial traces, rank(Theta) against N rank(Z). Config table: README.md ("The sntk experiment").
#include <vector>

#include "experiments/train_experiment.hpp"
#include "measures/sntk_measures.hpp"

namespace rnnbook {

struct SntkConfig {
  TrainConfig train;
  long interval = 50;    // measure at step 0, every interval steps, and at the end
  int eval_trials = 8;   // trials of the sNTK batch (memory_pro: evenly spaced angles, no noise)
  ParameterSelection selection;  // the trainable recurrent blocks
  SntkOptions options;
  json filled;

  static SntkConfig parse(const json& config);
};

class SntkExperiment : public Experiment {
 public:
  explicit SntkExperiment(const json& config);

  long step(long n) override;
  long position() const override { return trainer_.position(); }
  long total() const override { return trainer_.total(); }
  // Values from index `from` on: "loss" has one per training step, the others one per measurement
  // (top_eigenvalues: top_k per measurement, flattened).
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

  const Batch& eval_batch() const { return eval_; }
  const RnnParameters& parameters() const { return trainer_.parameters(); }
  const SntkConfig& config() const { return cfg_; }

 private:
  void measure_if_due();

  SntkConfig cfg_;
  TrainExperiment trainer_;
  Batch eval_;
  Rng probe_rng_;
  long measured_at_ = -1;  // the position of the last measurement
  std::vector<double> steps_, pr_, pr_se_, erank_, trace_, top_, top_K_, top_P_, pr_K_, pr_ZZ_, pr_spatial_, pr_temporal_,
      rank_theta_, rank_bound_, eval_loss_, exact_;
  double measure_ms_ = 0.0;
};

}  // namespace rnnbook
