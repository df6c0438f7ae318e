#include "timeseries/forecast_benchmark.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "timeseries/baselines.hpp"
#include "timeseries/calibration.hpp"
#include "timeseries/forecast_metrics.hpp"
#include "timeseries/standardize.hpp"

namespace rnnbook {

const ModelForecasts& ForecastBenchmark::model(const std::string& name) const {
  for (const ModelForecasts& m : models)
    if (m.name == name) return m;
  throw Error("forecast benchmark: no model named \"" + name + "\" was run");
}

ForecastBenchmark run_forecast_benchmark(const Eigen::Ref<const Eigen::MatrixXd>& y, const ForecastBenchmarkSettings& s,
                                         std::uint64_t seed, const std::function<bool(int, double)>& gru_progress) {
  ForecastBenchmark b;
  b.split = chronological_split(y.rows(), s.train_fraction, s.validation_fraction);
  b.scaling = fit_scaling(y, 0, b.split.train_end);
  const Eigen::MatrixXd z = b.scaling.to_z(y);
  b.origins = window_origins(b.split.validation_end - 1, b.split.total, s.leads, s.stride);
  if (b.origins.empty())
    throw Error("forecast: the test segment (" + std::to_string(b.split.total - b.split.validation_end) +
                " rows) is shorter than the horizon of " + std::to_string(s.leads) + " leads");
  const int leads = s.leads;
  const Eigen::RowVectorXd step_sd = difference_sd(z, 0, b.split.train_end);
  const Eigen::RowVectorXd zero = Eigen::RowVectorXd::Zero(z.cols()), one = Eigen::RowVectorXd::Ones(z.cols());
  b.models.push_back({"naive", collect_forecasts([&](Eigen::Index t) { return naive_forecast(z.row(t), step_sd, leads); },
                                                 z, b.origins, leads), {}, {}});
  b.models.push_back({"average", collect_forecasts([&](Eigen::Index) { return average_forecast(zero, one, leads); },
                                                   z, b.origins, leads), {}, {}});
  // The order searches are the long part: order p costs about p lags per channel for each AR, p lags per
  // channel pair for the VAR (a scalar AR lag measured about four times a VAR pair's), summed over the orders.
  const double channels = double(z.cols()), sum_ar = 0.5 * s.ar.max_order * (s.ar.max_order + 1.0),
               sum_var = 0.5 * s.var.max_order * (s.var.max_order + 1.0);
  const double pairs = channels * channels;
  ProgressPhases phases({4.0 * channels * sum_ar, 4.0 * channels * s.ar.max_order, pairs * sum_var, pairs * s.var.max_order});
  phases.enter(0);
  const std::vector<ValidatedVar> ar = fit_ar_by_validation(z, b.split, b.scaling, s.ar);
  phases.enter(1);
  ModelForecasts ar_out{"ar", collect_forecasts(ar_forecaster(ar, z, leads), z, b.origins, leads), {}, {}};
  for (const ValidatedVar& m : ar) {
    ar_out.orders.push_back(m.choice.order);
    ar_out.fitted.push_back(m.model);
  }
  b.models.push_back(std::move(ar_out));
  phases.enter(2);
  const ValidatedVar var = fit_var_by_validation(z, b.split, b.scaling, s.var);
  phases.enter(3);
  b.models.push_back({"var", collect_forecasts(var_forecaster(var.model, z, leads), z, b.origins, leads),
                      {var.choice.order}, {var.model}});
  if (s.gru) {
    const GruForecaster gru = train_gru_forecaster(z, 0, b.split.train_end, s.gru_settings, seed, gru_progress);
    const int H = s.gru_settings.horizon, C = s.gru_settings.context;
    std::vector<Eigen::Index> gru_origins;
    for (Eigen::Index t : b.origins)
      if (t - C + 1 >= 0) gru_origins.push_back(t);
    if (gru_origins.size() != b.origins.size())
      throw Error("forecast: the GRU context of " + std::to_string(C) + " frames reaches before the series' start");
    b.models.push_back({"gru", collect_forecasts([&](Eigen::Index t) { return gru_forecast(gru, z, t, C); }, z,
                                                 b.origins, H), {}, {}});
  }
  return b;
}

namespace {
// The first `leads` leads of a set (the GRU's horizon may be shorter than the others').
ForecastSet first_leads(const ForecastSet& set, Eigen::Index leads) {
  if (leads == set.leads) return set;
  ForecastSet out(set.windows, leads, set.channels);
  for (Eigen::Index w = 0; w < set.windows; ++w)
    for (Eigen::Index h = 0; h < leads; ++h)
      for (Eigen::Index c = 0; c < set.channels; ++c) {
        out.mean[out.at(w, h, c)] = set.mean[set.at(w, h, c)];
        out.sd[out.at(w, h, c)] = set.sd[set.at(w, h, c)];
        out.truth[out.at(w, h, c)] = set.truth[set.at(w, h, c)];
      }
  return out;
}
}  // namespace

ModelScores score_model(const ForecastBenchmark& b, const std::string& name, double coverage_level,
                        double informative_fraction) {
  const ForecastSet& set = b.model(name).z;
  ModelScores s;
  s.mse = mse_by_lead(set);
  s.crps = crps_by_lead(set);
  s.coverage = coverage_by_lead(set, coverage_level);
  s.mean_sd = mean_sd_by_lead(set);
  const Eigen::VectorXd average = mse_by_lead(first_leads(b.model("average").z, set.leads));
  s.informative_lead = informative_horizon(s.mse, average, informative_fraction);
  return s;
}

double relative_mwql(const ForecastBenchmark& b, const std::string& name, int max_lead) {
  const ForecastSet& set = b.model(name).z;
  const ForecastSet& naive = b.model("naive").z;
  return weighted_quantile_loss(set.in_raw_units(b.scaling), max_lead) /
         weighted_quantile_loss(naive.in_raw_units(b.scaling), max_lead);
}

}  // namespace rnnbook
