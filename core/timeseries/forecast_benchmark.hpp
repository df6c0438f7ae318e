#pragma once
// The forecasting benchmark of SCIENCE.md 13.2-13.3 on one series: chronological split, z-scoring
// with training statistics, the Naive, Average, AR, VAR and (optionally) GRU forecasters, test
// forecasts at origins every `stride` frames, and their scores by lead.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "timeseries/gru_forecaster.hpp"
#include "timeseries/validated_var.hpp"

namespace rnnbook {

struct ForecastBenchmarkSettings {
  double train_fraction = 0.6;
  double validation_fraction = 0.2;
  int leads = 105;   // test future per origin (3 s at 35 Hz)
  int stride = 35;   // test origins every 1 s (the paper: stride = L; an option)
  OrderSearchSettings ar{140, 10, 35, 35, 0.0};
  OrderSearchSettings var{60, 10, 35, 35, 1e-8};
  bool gru = false;
  GruForecasterSettings gru_settings;
};

struct ModelForecasts {
  std::string name;         // "naive", "average", "ar", "var", "gru"
  ForecastSet z;            // z units; the GRU has gru_settings.horizon leads, the others `leads`
  std::vector<int> orders;  // AR: one per channel; VAR: one; else empty
  std::vector<VarModel> fitted;  // the fitted models (z units): AR one per channel, VAR one; else empty
};

struct ForecastBenchmark {
  ForecastSplit split;
  ChannelScaling scaling;
  std::vector<Eigen::Index> origins;
  std::vector<ModelForecasts> models;
  const ModelForecasts& model(const std::string& name) const;  // throws if absent
};

// y: the raw series (T x channels). gru_progress(step, loss) as train_gru_forecaster.
ForecastBenchmark run_forecast_benchmark(const Eigen::Ref<const Eigen::MatrixXd>& y, const ForecastBenchmarkSettings& s,
                                         std::uint64_t seed,
                                         const std::function<bool(int, double)>& gru_progress = {});

// Scores of one model by lead, against the benchmark's Naive and Average on the same windows.
struct ModelScores {
  Eigen::VectorXd mse, crps, coverage, mean_sd;  // by lead (z units)
  int informative_lead = 0;  // first lead with MSE >= 0.95 MSE(Average); leads + 1 if none
};
ModelScores score_model(const ForecastBenchmark& b, const std::string& name, double coverage_level = 0.8,
                        double informative_fraction = 0.95);

// MWQL up to lead L in raw units, divided by the Naive's on the same windows.
double relative_mwql(const ForecastBenchmark& b, const std::string& name, int max_lead);

}  // namespace rnnbook
