#pragma once
// Experiment kind "forecast" (SCIENCE.md 13): probabilistic forecasting of a multichannel series, the
// "cortex4" generator's or the user's, by Naive, Average, AR and VAR (orders chosen on validation
// data) and optionally the small GRU forecaster; chronological split, test forecasts at a stride,
// scores by lead, the informative horizon, MWQL relative to Naive, calibration.
// Work units: 1 for the data and the classical models, then one per GRU training step.
#include <chrono>
#include <memory>

#include "experiments/experiment.hpp"
#include "timeseries/cortex4.hpp"
#include "timeseries/forecast_benchmark.hpp"

namespace rnnbook {

struct ForecastConfig {
  std::uint64_t seed = 0;
  bool generated = true;  // data.name "cortex4", else the user's "series"
  Cortex4Settings cortex4;
  Eigen::MatrixXd user_series;  // T x channels (raw)
  double rate_hz = 35.0;        // frames per second, for horizons in seconds
  ForecastBenchmarkSettings bench;
  std::vector<int> report_leads = {18, 35, 70};  // MWQL / Naive up to these leads
  double coverage_level = 0.8;
  json filled;

  static ForecastConfig parse(const json& config);  // throws rnnbook::Error naming the field
};

class ForecastExperiment : public Experiment {
 public:
  explicit ForecastExperiment(const json& config);

  long step(long n) override;
  long position() const override { return position_; }
  long total() const override { return 1 + (cfg_.bench.gru ? cfg_.bench.gru_settings.steps : 0); }
  // "loss": the GRU's training loss per step.
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

 private:
  ForecastConfig cfg_;
  Eigen::MatrixXd y_, z_;
  ForecastBenchmark bench_;
  std::unique_ptr<GruTrainer> gru_;
  std::vector<double> losses_;
  long position_ = 0;
  double elapsed_ms_ = 0;
};

}  // namespace rnnbook
