#pragma once
// Experiment kind "sample" (SCIENCE.md 5): a score network trained by denoising score matching on
// samples of a target, then run as a sampler: the reservoir-sampler network in reservoir space
// (model "rsn"), a sampler-only network ("sampler_fr", "sampler_sc"), or Langevin dynamics on the
// target's exact score ("exact"). Units of work: training steps, sampling steps, then the MMD^2 of the
// final chains in pieces (measures/sample_quality.hpp), so that result() stays quick at any mmd_samples.
// Config fields, defaults and ranges: README.md ("The sample experiment").
#include <chrono>
#include <cmath>
#include <memory>

#include "experiments/experiment.hpp"
#include "measures/sample_quality.hpp"
#include "sampling/dsm.hpp"
#include "sampling/langevin.hpp"
#include "sampling/reservoir_sampler.hpp"
#include "sampling/target.hpp"

namespace rnnbook {

struct SampleConfig {
  std::uint64_t seed = 0;
  std::shared_ptr<const Target> target;
  std::string target_name;
  std::int64_t data_size = 10000;  // training samples drawn from the target (user samples: all of them)

  std::string model = "rsn";  // "rsn", "sampler_fr", "sampler_sc", "exact"
  std::int64_t hidden = 200;
  Activation activation = Activation::tanh;
  double weight_scale = 4.0;  // rsn: W2 ~ N(0, scale^2/d); sampler-only: W ~ N(0, scale^2/d)
  double centre_range = 3.0;  // rsn: unit centres c ~ U[-range, range]^d

  DsmSettings training;

  std::int64_t chains = 2000, steps = 1000, record_every = 10, snapshot_chains = 500;
  double dt = 1e-2;
  bool init_uniform = true;  // start states U[-scale, scale] (else N(0, scale^2))
  double init_scale = 2.0;

  std::int64_t reference = 10000, mmd_samples = 2000, directions = 50, bins = 100;
  double grid_min = -3.0, grid_max = 3.0;
  std::int64_t grid_points = 121;

  json filled;

  static SampleConfig parse(const json& config);  // throws rnnbook::Error naming the field
  bool trains() const { return model != "exact"; }
};

// Most values the chains and their snapshots may hold (memory of a browser tab).
constexpr double kMaxChainValues = 1e7;
// Kernel values result() may still compute for the MMD^2 of a run stopped before its MMD units ended:
// mmd_samples 2000 (the default) and below.
constexpr double kResultMmdKernels = 1.2e7;

class SampleExperiment : public Experiment {
 public:
  explicit SampleExperiment(const json& config);
  ~SampleExperiment() override;

  long step(long n) override;
  long position() const override { return long(trained_ + sampled_ + measured_); }
  long total() const override { return long(training_total_ + cfg_.steps + measure_total_); }
  // "loss" and "sigma": one value per training step; "time" and "distance": one per record;
  // "snapshots": snapshot_chains x d values per record (chain-major), the chains' positions.
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

  const SampleConfig& config() const { return cfg_; }

 private:
  void start_sampling();  // makes the sampler from the trained network and records t = 0
  void record();          // the distance to the target and a snapshot of the chains, now
  const Eigen::MatrixXd& positions();  // the chains' samples x (d x chains)
  void measure();  // the next MMD unit: the bandwidth of the final chains, then a piece of the kernel sums
  Eigen::Index mmd_chains() const;     // chains and reference samples in the MMD
  Eigen::Index mmd_reference() const;

  SampleConfig cfg_;
  std::int64_t training_total_ = 0, trained_ = 0, sampled_ = 0, measure_total_ = 0, measured_ = 0;
  Rng train_rng_, sample_rng_;
  std::unique_ptr<ScoreModel> model_;
  std::unique_ptr<DsmTrainer> trainer_;
  std::unique_ptr<ReservoirSampler> rsn_;
  std::unique_ptr<ReservoirChains> reservoir_;
  std::unique_ptr<LangevinChains> langevin_;
  Eigen::MatrixXd reference_, x_;
  std::unique_ptr<SlicedDistance> distance_;
  std::unique_ptr<Mmd2Pieces> mmd_;  // null without an MMD (fewer than 2 chains)
  bool mmd_running_ = false;         // the final chains are finite and the bandwidth > 0
  double mmd_bandwidth_ = NAN;
  std::vector<double> loss_, sigma_, time_, distance_series_, snapshots_;
  long diverged_at_ = -1;
  std::string divergence_;
  double training_ms_ = 0.0, sampling_ms_ = 0.0, measure_ms_ = 0.0;
};

}  // namespace rnnbook
