// The "forecast" experiment (SCIENCE.md 13): its numbers are the forecasting benchmark's, it steps
// (classical models, then GRU steps) and stops with partial results, it reads user series.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "experiments/experiment.hpp"
#include "timeseries/cortex4.hpp"
#include "timeseries/forecast_benchmark.hpp"
#include "timeseries/standardize.hpp"

using namespace rnnbook;

namespace forecast_experiment_test {

json small_forecast_config() {
  return json::parse(R"({"kind": "forecast", "seed": 3, "data": {"frames": 3000}, "leads": 35,
    "models": {"ar": {"max_order": 20}, "var": {"max_order": 8}}})");
}

}  // namespace forecast_experiment_test

using namespace forecast_experiment_test;

TEST_CASE("forecast experiment: defaults, and the benchmark's numbers", "[forecast-experiment]") {
  const Result r = run_experiment(small_forecast_config().dump());
  CHECK(r.kind == "forecast");
  CHECK(r.config["data"]["name"] == "cortex4");
  CHECK(r.config["split"]["train"] == 0.6);
  CHECK(r.config["report"]["mwql_leads"] == json::array({18, 35}));
  CHECK(r.config["models"]["gru"]["enabled"] == false);
  Cortex4Settings g;
  g.frames = 3000;
  ForecastBenchmarkSettings s;
  s.leads = 35;
  s.ar.max_order = 20;
  s.var.max_order = 8;
  const ForecastBenchmark b = run_forecast_benchmark(cortex4_series(g, 3), s, 3);
  const ModelScores ar = score_model(b, "ar");
  CHECK(r.arrays.at("ar_mse").data == std::vector<double>(ar.mse.data(), ar.mse.data() + ar.mse.size()));
  CHECK(r.scalars.at("var_mwql_rel_35") == relative_mwql(b, "var", 35));
  CHECK(r.scalars.at("naive_mwql_rel_18") == 1.0);
  CHECK(r.scalars.at("ar_order_2") == double(b.model("ar").orders[2]));
  CHECK(r.scalars.at("var_order") == double(b.model("var").orders[0]));
  CHECK(r.scalars.at("windows") == double(b.origins.size()));
  CHECK(r.arrays.at("truth").shape == std::vector<std::size_t>{b.origins.size(), 35, 4});
  CHECK(r.arrays.at("var_mean_z").data == b.model("var").z.mean);
  CHECK(r.arrays.at("series").shape == std::vector<std::size_t>{3000, 4});
  CHECK(r.arrays.count("gru_mse") == 0);
  CHECK(r.scalars.at("ar_informative_horizon_s") == score_model(b, "ar").informative_lead / 35.0);
}

TEST_CASE("forecast experiment: GRU steps, live loss, Stop keeps partial results", "[forecast-experiment]") {
  json c = small_forecast_config();
  c["models"]["gru"] = {{"enabled", true}, {"hidden", 4}, {"context", 10}, {"horizon", 5}, {"steps", 6}, {"batch", 4}};
  auto e = make_experiment(c.dump());
  CHECK(e->total() == 7);
  CHECK(e->result().arrays.empty());
  CHECK(e->step(1) == 1);
  CHECK(e->series("loss", 0).empty());
  CHECK(e->step(2) == 2);
  CHECK(e->series("loss", 0).size() == 2);
  CHECK(e->series("loss", 1).size() == 1);
  const Result partial = e->result();
  CHECK(partial.scalars.at("stopped_early") == 1.0);
  CHECK(partial.arrays.at("gru_mse").data.size() == 5);
  CHECK(partial.scalars.count("gru_mwql_rel_18") == 0);  // beyond the GRU's 5 leads
  CHECK(e->step(100) == 4);
  CHECK(e->done());
  const Result full = e->result();
  CHECK(full.scalars.at("stopped_early") == 0.0);
  // The same config gives the same bits.
  CHECK(run_experiment(c.dump()).arrays.at("gru_mean_z").data == full.arrays.at("gru_mean_z").data);
  CHECK_THROWS_WITH(e->series("mse", 0), Catch::Contains("allowed: loss"));
}

TEST_CASE("forecast experiment: user series (T, channels) or (T)", "[forecast-experiment]") {
  Cortex4Settings g;
  g.frames = 1200;
  const Eigen::MatrixXd y = cortex4_series(g, 1);
  json data = json::array();
  for (Eigen::Index t = 0; t < y.rows(); ++t) data.push_back(y(t, 0) + 2 * y(t, 1));
  json c = json::parse(R"({"kind": "forecast", "leads": 20, "models": {"ar": {"max_order": 10}, "var": {"max_order": 5}}})");
  c["data"] = {{"name", "series"}, {"values", data}, {"rate_hz", 10}};
  const Result r = run_experiment(c.dump());
  CHECK(r.scalars.at("channels") == 1.0);
  CHECK(r.config["data"]["values"]["shape"] == json::array({1200}));
  CHECK(r.scalars.at("ar_informative_horizon_s") * 10 == Approx(r.scalars.at("ar_informative_horizon_s") * 10));
  json flat = json::array();
  for (Eigen::Index t = 0; t < y.rows(); ++t) flat.push_back(y(t, 0)), flat.push_back(y(t, 3));
  c["data"]["values"] = {{"shape", {1200, 2}}, {"data", flat}};
  const Result r2 = run_experiment(c.dump());
  CHECK(r2.arrays.at("series").shape == std::vector<std::size_t>{1200, 2});
  CHECK(r2.arrays.at("series").data[3] == y(1, 3));
}

TEST_CASE("forecast experiment: a noise-free sine (exactly AR(2)) or ramp runs, and the order search skips collinear orders", "[forecast-experiment]") {
  // Lags past the exact order are collinear: the order search stopped with "least squares: the regressors are
  // collinear (X^T X is singular)" after validation had passed; those orders now have no score.
  json sine = json::array(), ramp = json::array();
  for (int t = 0; t < 1000; ++t) sine.push_back(std::sin(2 * 3.141592653589793 * t / 50)), ramp.push_back(double(t));
  json c = json::parse(R"({"kind": "forecast", "leads": 10, "validation": {"leads": 5}, "models": {"ar": {"max_order": 5}, "var": {"max_order": 3}}})");
  c["data"] = {{"name", "series"}};
  for (const json& values : {sine, ramp}) {
    c["data"]["values"] = values;
    const Result r = run_experiment(c.dump());
    for (const char* model : {"ar", "var"}) {
      INFO(model);
      CHECK(r.scalars.at(std::string(model) + "_order") >= 1);
      const std::vector<double>& mse = r.arrays.at(std::string(model) + "_mse").data;
      REQUIRE(mse.size() == 10);
      CHECK(std::all_of(mse.begin(), mse.end(), [](double v) { return std::isfinite(v); }));
    }
  }
}

namespace forecast_experiment_test {

// Entry (w, h, c) of a (windows, leads, channels) result array.
double forecast_entry(const ResultArray& a, std::size_t w, std::size_t h, std::size_t c) {
  return a.data[(w * a.shape[1] + h) * a.shape[2] + c];
}

}  // namespace forecast_experiment_test

TEST_CASE("forecast experiment: the fitted AR and VAR parameters give the forecasts, bands in raw units", "[forecast-experiment]") {
  const Result r = run_experiment(small_forecast_config().dump());
  const ResultArray& y = r.arrays.at("series");
  Eigen::MatrixXd series = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      y.data.data(), Eigen::Index(y.shape[0]), Eigen::Index(y.shape[1]));
  const Eigen::MatrixXd z = fit_scaling(series, 0, Eigen::Index(r.scalars.at("train_end"))).to_z(series);
  const std::size_t n = 4, p = std::size_t(r.scalars.at("var_order"));
  const ResultArray& A = r.arrays.at("var_lags");
  REQUIRE(A.shape == std::vector<std::size_t>{p, n, n});
  REQUIRE(r.arrays.at("var_noise_cov").shape == std::vector<std::size_t>{n, n});
  const ResultArray& phi = r.arrays.at("ar_lags");
  std::size_t widest = 0;
  for (std::size_t c = 0; c < n; ++c) widest = std::max(widest, std::size_t(r.scalars.at("ar_order_" + std::to_string(c))));
  REQUIRE(phi.shape == std::vector<std::size_t>{n, widest});
  const std::vector<double>& origins = r.arrays.at("origins").data;
  double worst = 0;
  for (std::size_t w = 0; w < origins.size(); w += 7) {
    const Eigen::Index t = Eigen::Index(origins[w]);
    for (std::size_t i = 0; i < n; ++i) {
      // Lead 1 of the VAR: c + sum_k A_k z_{t+1-k}; of channel i's AR: c_i + sum_k phi_ik z_{t+1-k, i}.
      double var_mean = r.arrays.at("var_intercept").data[i], ar_mean = r.arrays.at("ar_intercept").data[i];
      for (std::size_t k = 0; k < p; ++k)
        for (std::size_t j = 0; j < n; ++j) var_mean += A.data[(k * n + i) * n + j] * z(t - Eigen::Index(k), Eigen::Index(j));
      const std::size_t order = std::size_t(r.scalars.at("ar_order_" + std::to_string(i)));
      for (std::size_t k = 0; k < widest; ++k) {
        if (k >= order) CHECK(phi.data[i * widest + k] == 0.0);
        ar_mean += phi.data[i * widest + k] * z(t - Eigen::Index(k), Eigen::Index(i));
      }
      worst = std::max(worst, std::abs(var_mean - forecast_entry(r.arrays.at("var_mean_z"), w, 0, i)));
      worst = std::max(worst, std::abs(ar_mean - forecast_entry(r.arrays.at("ar_mean_z"), w, 0, i)));
      CHECK(forecast_entry(r.arrays.at("var_sd_z"), w, 0, i) ==
            Approx(std::sqrt(r.arrays.at("var_noise_cov").data[i * n + i])).epsilon(1e-12));
      CHECK(forecast_entry(r.arrays.at("ar_sd_z"), w, 0, i) == Approx(std::sqrt(r.arrays.at("ar_noise_var").data[i])).epsilon(1e-12));
    }
  }
  CHECK(worst < 1e-12);
  // Raw units: mean = scaling mean + sd x the z mean; the band is the central 80 % interval, so it
  // holds the truth as often as the coverage says.
  const double q = 1.2815515655446004;  // Phi^-1(0.9)
  const ResultArray &mean = r.arrays.at("var_mean"), &lower = r.arrays.at("var_lower"), &upper = r.arrays.at("var_upper");
  const ResultArray &mz = r.arrays.at("var_mean_z"), &sz = r.arrays.at("var_sd_z"), &truth = r.arrays.at("truth");
  REQUIRE(mean.shape == mz.shape);
  const std::vector<double>& mu = r.arrays.at("scaling_mean").data;
  const std::vector<double>& sd = r.arrays.at("scaling_sd").data;
  std::vector<double> inside(mean.shape[1], 0.0);
  for (std::size_t i = 0; i < mean.data.size(); ++i) {
    const std::size_t c = i % n, h = (i / n) % mean.shape[1];
    CHECK(mean.data[i] == mu[c] + sd[c] * mz.data[i]);
    CHECK(upper.data[i] - mean.data[i] == Approx(q * sd[c] * sz.data[i]).epsilon(1e-12));
    CHECK(mean.data[i] - lower.data[i] == Approx(q * sd[c] * sz.data[i]).epsilon(1e-12));
    const double y_raw = mu[c] + sd[c] * truth.data[i];
    if (lower.data[i] <= y_raw && y_raw <= upper.data[i]) inside[h] += 1;
  }
  const double entries = double(mean.shape[0] * n);
  for (std::size_t h = 0; h < inside.size(); ++h)
    CHECK(std::abs(inside[h] / entries - r.arrays.at("var_coverage").data[h]) <= 1.0 / entries);
}

TEST_CASE("forecast experiment: the scaling, the truth and every model's scores by lead, from their definitions", "[forecast-experiment]") {
  const Result r = run_experiment(small_forecast_config().dump());
  const ResultArray& y = r.arrays.at("series");
  const std::size_t n = y.shape[1], train_end = std::size_t(r.scalars.at("train_end"));
  // z-scoring: each channel's mean and population sd over the training rows.
  std::vector<double> mu(n, 0.0), sd(n, 0.0);
  for (std::size_t t = 0; t < train_end; ++t)
    for (std::size_t c = 0; c < n; ++c) mu[c] += y.data[t * n + c] / double(train_end);
  for (std::size_t t = 0; t < train_end; ++t)
    for (std::size_t c = 0; c < n; ++c) sd[c] += (y.data[t * n + c] - mu[c]) * (y.data[t * n + c] - mu[c]) / double(train_end);
  for (std::size_t c = 0; c < n; ++c) {
    sd[c] = std::sqrt(sd[c]);
    CHECK(r.arrays.at("scaling_mean").data[c] == Approx(mu[c]).epsilon(1e-12));
    CHECK(r.arrays.at("scaling_sd").data[c] == Approx(sd[c]).epsilon(1e-12));
  }
  // The truth at lead h + 1 of origin t is row t + 1 + h in z units.
  const ResultArray& truth = r.arrays.at("truth");
  const std::vector<double>& origins = r.arrays.at("origins").data;
  const std::size_t W = origins.size(), H = truth.shape[1];
  REQUIRE((W > 5 && H == 35));
  double worst = 0;
  for (std::size_t w = 0; w < W; ++w)
    for (std::size_t h = 0; h < H; ++h)
      for (std::size_t c = 0; c < n; ++c) {
        const double z = (y.data[(std::size_t(origins[w]) + 1 + h) * n + c] - mu[c]) / sd[c];
        worst = std::max(worst, std::abs(forecast_entry(truth, w, h, c) - z));
      }
  CHECK(worst < 1e-12);
  // MSE, Gaussian CRPS s (x (2 Phi(x) - 1) + 2 phi(x) - 1/sqrt(pi)) with x = (y - m) / s, and the mean sd, by lead
  // over windows and channels; the informative horizon is the first lead whose MSE reaches 0.95 of Average's.
  const double pi = 3.14159265358979323846;
  const auto by_lead = [&](const std::string& m) {
    std::vector<std::vector<double>> s(3, std::vector<double>(H, 0.0));  // mse, crps, mean sd
    const ResultArray &mean = r.arrays.at(m + "_mean_z"), &sdz = r.arrays.at(m + "_sd_z");
    for (std::size_t w = 0; w < W; ++w)
      for (std::size_t h = 0; h < H; ++h)
        for (std::size_t c = 0; c < n; ++c) {
          const double e = forecast_entry(truth, w, h, c) - forecast_entry(mean, w, h, c), sigma = forecast_entry(sdz, w, h, c);
          const double x = e / sigma;
          s[0][h] += e * e / double(W * n);
          s[1][h] += sigma * (x * std::erf(x / std::sqrt(2.0)) + 2 * std::exp(-x * x / 2) / std::sqrt(2 * pi) - 1 / std::sqrt(pi)) / double(W * n);
          s[2][h] += sigma / double(W * n);
        }
    return s;
  };
  const std::vector<double> average_mse = by_lead("average")[0];
  for (const std::string m : {"naive", "average", "ar", "var"}) {
    const auto s = by_lead(m);
    for (std::size_t h = 0; h < H; ++h) {
      CHECK(r.arrays.at(m + "_mse").data[h] == Approx(s[0][h]).epsilon(1e-12));
      CHECK(r.arrays.at(m + "_crps").data[h] == Approx(s[1][h]).epsilon(1e-12));
      CHECK(r.arrays.at(m + "_sd").data[h] == Approx(s[2][h]).epsilon(1e-12));
    }
    std::size_t lead = 1;
    while (lead <= H && s[0][lead - 1] < 0.95 * average_mse[lead - 1]) ++lead;
    CHECK(r.scalars.at(m + "_informative_horizon_s") == double(lead) / 35.0);
  }
}
