#include "experiments/forecast_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "timeseries/calibration.hpp"
#include "timeseries/forecast_metrics.hpp"
#include "timeseries/predictive_scores.hpp"

namespace rnnbook {

namespace {

const char* const kForecastModels[] = {"naive", "average", "ar", "var", "gru"};

// A (windows, leads, channels) array of a forecast set's field.
ResultArray forecast_array(const ForecastSet& set, const std::vector<double>& field) {
  return {{std::size_t(set.windows), std::size_t(set.leads), std::size_t(set.channels)}, field};
}

// A model's forecasts in the series' own units: the predictive mean and the central `level` band
// mean -+ Phi^-1((1 + level) / 2) sd, each (windows, leads, channels).
void add_raw_forecasts(Result& r, const std::string& name, const ForecastSet& z, const ChannelScaling& scaling,
                       double level) {
  const ForecastSet raw = z.in_raw_units(scaling);
  const double q = normal_quantile(0.5 * (1 + level));
  std::vector<double> lower(raw.mean.size()), upper(raw.mean.size());
  for (std::size_t i = 0; i < raw.mean.size(); ++i) {
    lower[i] = raw.mean[i] - q * raw.sd[i];
    upper[i] = raw.mean[i] + q * raw.sd[i];
  }
  r.arrays[name + "_mean"] = forecast_array(raw, raw.mean);
  r.arrays[name + "_lower"] = forecast_array(raw, lower);
  r.arrays[name + "_upper"] = forecast_array(raw, upper);
}

// The fitted VAR (z units): intercept c (n), lags A_1..A_p as (p, n, n) with row i the target
// channel i, noise covariance Sigma (n, n).
void add_var_parameters(Result& r, const VarModel& m) {
  const std::size_t n = std::size_t(m.channels());
  ResultArray lags{{m.lags.size(), n, n}, {}};
  for (const Eigen::MatrixXd& A : m.lags)
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      for (Eigen::Index j = 0; j < A.cols(); ++j) lags.data.push_back(A(i, j));
  r.arrays["var_intercept"] = vector_array(m.intercept);
  r.arrays["var_lags"] = lags;
  r.arrays["var_noise_cov"] = matrix_array(m.noise_cov);
}

// The fitted ARs (z units), one per channel: intercepts (channels), lags (channels, largest order)
// with zeros beyond a channel's own order, noise variances (channels).
void add_ar_parameters(Result& r, const std::vector<VarModel>& models) {
  int width = 0;
  for (const VarModel& m : models) width = std::max(width, m.order());
  ResultArray lags{{models.size(), std::size_t(width)}, std::vector<double>(models.size() * std::size_t(width), 0.0)};
  std::vector<double> intercept, noise;
  for (std::size_t c = 0; c < models.size(); ++c) {
    for (int k = 0; k < models[c].order(); ++k)
      lags.data[c * std::size_t(width) + std::size_t(k)] = models[c].lags[std::size_t(k)](0, 0);
    intercept.push_back(models[c].intercept(0));
    noise.push_back(models[c].noise_cov(0, 0));
  }
  r.arrays["ar_intercept"] = vector_array(intercept);
  r.arrays["ar_lags"] = lags;
  r.arrays["ar_noise_var"] = vector_array(noise);
}

}  // namespace

ForecastExperiment::ForecastExperiment(const json& config) : cfg_(ForecastConfig::parse(config)) {}

long ForecastExperiment::step(long n) {
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  if (n > 0 && position_ == 0) {
    progress_next_unit();  // the order searches report (the GRU's training steps after it are short)
    // Streams of the seed: 0 the generator, the GRU's initialisation and batches from seed + 1.
    y_ = cfg_.generated ? cortex4_series(cfg_.cortex4, cfg_.seed) : cfg_.user_series;
    ForecastBenchmarkSettings classical = cfg_.bench;
    classical.gru = false;
    bench_ = run_forecast_benchmark(y_, classical, cfg_.seed);
    z_ = bench_.scaling.to_z(y_);
    if (cfg_.bench.gru) {
      if (bench_.origins.front() - cfg_.bench.gru_settings.context + 1 < 0)
        throw Error("models.gru.context: " + std::to_string(cfg_.bench.gru_settings.context) +
                    " frames reach before the series' start from the first test origin");
      gru_ = std::make_unique<GruTrainer>(z_, 0, bench_.split.train_end, cfg_.bench.gru_settings, cfg_.seed + 1);
    }
    ++position_, ++done;
  }
  while (done < n && position_ < total()) {
    const double loss = gru_->step();
    if (!std::isfinite(loss)) throw Diverged("forecast: the GRU's training loss is not finite at step " + std::to_string(position_));
    losses_.push_back(loss);
    ++position_, ++done;
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

std::vector<double> ForecastExperiment::series(const std::string& name, long from) const {
  if (name != "loss") throw Error("series: unknown name \"" + name + "\"; allowed: loss");
  return series_from(losses_, from);
}

Result ForecastExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.kind = "forecast";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["steps_done"] = double(position_);
  r.scalars["stopped_early"] = position_ < total() ? 1.0 : 0.0;
  if (position_ > 0) {
    ForecastBenchmark b = bench_;
    if (gru_ && gru_->steps_done() > 0) {
      const GruForecaster& m = gru_->model();
      const int C = cfg_.bench.gru_settings.context;
      b.models.push_back({"gru", collect_forecasts([&](Eigen::Index t) { return gru_forecast(m, z_, t, C); }, z_,
                                                   b.origins, m.horizon()), {}, {}});
    }
    r.scalars["frames"] = double(y_.rows());
    r.scalars["channels"] = double(y_.cols());
    r.scalars["train_end"] = double(b.split.train_end);
    r.scalars["validation_end"] = double(b.split.validation_end);
    r.scalars["windows"] = double(b.origins.size());
    r.arrays["series"] = matrix_array(y_);
    r.arrays["origins"] = vector_array(std::vector<double>(b.origins.begin(), b.origins.end()));
    r.arrays["scaling_mean"] = vector_array(Eigen::VectorXd(b.scaling.mean.transpose()));
    r.arrays["scaling_sd"] = vector_array(Eigen::VectorXd(b.scaling.sd.transpose()));
    r.arrays["truth"] = forecast_array(b.model("naive").z, b.model("naive").z.truth);
    for (const char* name : kForecastModels) {
      if (std::string(name) == "gru" && !(gru_ && gru_->steps_done() > 0)) continue;
      const std::string n = name;
      const ModelForecasts& m = b.model(n);
      const ModelScores s = score_model(b, n, cfg_.coverage_level);
      r.arrays[n + "_mse"] = vector_array(s.mse);
      r.arrays[n + "_crps"] = vector_array(s.crps);
      r.arrays[n + "_coverage"] = vector_array(s.coverage);
      r.arrays[n + "_sd"] = vector_array(s.mean_sd);
      r.arrays[n + "_mean_z"] = forecast_array(m.z, m.z.mean);
      r.arrays[n + "_sd_z"] = forecast_array(m.z, m.z.sd);
      add_raw_forecasts(r, n, m.z, b.scaling, cfg_.coverage_level);
      r.scalars[n + "_informative_horizon_s"] = s.informative_lead / cfg_.rate_hz;
      for (int L : cfg_.report_leads)
        if (L <= m.z.leads) r.scalars[n + "_mwql_rel_" + std::to_string(L)] = relative_mwql(b, n, L);
      for (std::size_t c = 0; c < m.orders.size(); ++c)
        r.scalars[n + "_order" + (m.orders.size() > 1 ? "_" + std::to_string(c) : "")] = m.orders[c];
    }
    add_ar_parameters(r, b.model("ar").fitted);
    add_var_parameters(r, b.model("var").fitted.front());
  }
  r.timing_ms = elapsed_ms_ + std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
