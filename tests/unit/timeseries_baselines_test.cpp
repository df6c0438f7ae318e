// Baselines, forecast sets and their measures (SCIENCE.md 13.2-13.3, 13.5): U45 (the Naive
// predictive covers 80 % of a Gaussian random walk at every lead), the Average forecast, MSE/CRPS
// by lead, the weighted quantile loss, coverage, PIT, the informative horizon, raw units, and
// user series loading with its errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "timeseries/baselines.hpp"
#include "timeseries/calibration.hpp"
#include "timeseries/forecast_metrics.hpp"
#include "timeseries/series_input.hpp"
#include "timeseries/standardize.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::RowVectorXd;
using Eigen::VectorXd;

TEST_CASE("U45: the Naive predictive covers 80 % of a Gaussian random walk at every lead", "[timeseries]") {
  Rng rng(0);
  const int leads = 35, paths = 200000, chunk = 10000;
  const RowVectorXd step_sd = RowVectorXd::Ones(1);
  VectorXd covered = VectorXd::Zero(leads);
  for (int start = 0; start < paths; start += chunk) {
    ForecastSet set(chunk, leads, 1);
    for (int w = 0; w < chunk; ++w) {
      const double origin = rng.normal();
      MatrixXd truth(leads, 1);
      double y = origin;
      for (int h = 0; h < leads; ++h) truth(h, 0) = (y += rng.normal());
      set.set(w, naive_forecast(RowVectorXd::Constant(1, origin), step_sd, leads), truth);
    }
    covered += coverage_by_lead(set, 0.8) * double(chunk);
  }
  covered /= double(paths);
  CHECK((covered.array() - 0.8).abs().maxCoeff() < 0.004);
}

TEST_CASE("Naive and Average forecasts and the first-difference sd", "[timeseries]") {
  MatrixXd y(5, 2);
  y << 1, 0, 2, 0, 4, 1, 7, 1, 11, 3;
  // Differences 1, 2, 3, 4 (sd sqrt(1.25)) and 0, 1, 0, 2 (sd sqrt(0.6875)).
  const RowVectorXd s = difference_sd(y, 0, 5);
  CHECK(s(0) == Approx(std::sqrt(1.25)).epsilon(1e-15));
  CHECK(s(1) == Approx(std::sqrt(0.6875)).epsilon(1e-15));
  const GaussianForecast naive = naive_forecast(y.row(4), s, 4);
  CHECK(naive.mean.row(3) == y.row(4));
  CHECK(naive.sd(3, 1) == Approx(2 * s(1)).epsilon(1e-15));
  const GaussianForecast avg = average_forecast(RowVectorXd::Zero(2), RowVectorXd::Ones(2), 3);
  CHECK(avg.mean.isZero(0));
  CHECK(avg.sd.isOnes(0));
  CHECK_THROWS_AS(difference_sd(y, 0, 2), Error);
  CHECK_THROWS_AS(naive_forecast(y.row(4), s, 0), Error);
}

TEST_CASE("measures by lead on a hand-made forecast set", "[timeseries]") {
  ForecastSet set(2, 2, 1);
  GaussianForecast f{MatrixXd::Zero(2, 1), MatrixXd::Ones(2, 1)};
  MatrixXd t0(2, 1), t1(2, 1);
  t0 << 0.5, 2.0;
  t1 << -1.0, 0.1;
  set.set(0, f, t0);
  set.set(1, f, t1);
  const VectorXd mse = mse_by_lead(set);
  CHECK(mse(0) == Approx((0.25 + 1.0) / 2).epsilon(1e-15));
  CHECK(mse(1) == Approx((4.0 + 0.01) / 2).epsilon(1e-15));
  CHECK(crps_by_lead(set)(0) == Approx((gaussian_crps(0, 1, 0.5) + gaussian_crps(0, 1, -1.0)) / 2).epsilon(1e-15));
  // 80 % interval: +-1.2816; lead 1: both inside, lead 2: one of two.
  const VectorXd cov = coverage_by_lead(set, 0.8);
  CHECK(cov(0) == 1.0);
  CHECK(cov(1) == 0.5);
  CHECK(mean_sd_by_lead(set).isOnes(0));
  const VectorXd pit = pit_histogram(set, 4);
  CHECK(pit.sum() == Approx(1.0));
  CHECK(pit(3) == 0.25);  // Phi(2.0) = 0.977
  // MWQL up to lead 1 and lead 2: sums of numerators over sum |y|.
  const QuantileGrid g = QuantileGrid::deciles();
  const double num1 = mean_quantile_loss(g, 0, 1, 0.5) + mean_quantile_loss(g, 0, 1, -1.0);
  const double num2 = num1 + mean_quantile_loss(g, 0, 1, 2.0) + mean_quantile_loss(g, 0, 1, 0.1);
  CHECK(weighted_quantile_loss(set, 1) == Approx(num1 / 1.5).epsilon(1e-14));
  CHECK(weighted_quantile_loss(set, 2) == Approx(num2 / 3.6).epsilon(1e-14));
  CHECK_THROWS_AS(weighted_quantile_loss(set, 3), Error);
  CHECK_THROWS_AS(set.set(2, f, t0), Error);
  CHECK_THROWS_AS(mse_by_lead(ForecastSet(0, 2, 1)), Error);
  // Raw units: mean + sd x, sd scaled.
  ChannelScaling sc{RowVectorXd::Constant(1, 10.0), RowVectorXd::Constant(1, 2.0)};
  const ForecastSet raw = set.in_raw_units(sc);
  CHECK(raw.truth[set.at(0, 1, 0)] == 14.0);
  CHECK(raw.mean[0] == 10.0);
  CHECK(raw.sd[0] == 2.0);
  CHECK(mse_by_lead(raw)(1) == Approx(4 * mse(1)).epsilon(1e-14));
}

TEST_CASE("the informative horizon is the first lead at 95 % of the reference", "[timeseries]") {
  VectorXd score(5), ref = VectorXd::Ones(5);
  score << 0.2, 0.6, 0.94, 0.96, 0.9;
  CHECK(informative_horizon(score, ref) == 4);
  CHECK(informative_horizon(score, ref, 0.5) == 2);
  CHECK(informative_horizon(score, ref, 2.0) == 6);  // never: leads + 1
}

TEST_CASE("z-scoring with training statistics", "[timeseries]") {
  MatrixXd y(4, 2);
  y << 1, 10, 3, 10, 5, 20, 100, 0;
  const ChannelScaling s = fit_scaling(y, 0, 3);
  CHECK(s.mean(0) == 3.0);
  CHECK(s.sd(0) == Approx(std::sqrt(8.0 / 3)).epsilon(1e-15));
  const MatrixXd z = s.to_z(y);
  CHECK(z(1, 0) == 0.0);
  CHECK((s.from_z(z) - y).norm() < 1e-12);
  CHECK_THROWS_WITH(fit_scaling(y, 0, 2), Catch::Contains("constant"));
  CHECK_THROWS_AS(fit_scaling(y, 0, 1), Error);
}

TEST_CASE("user series: (T) or (T, channels) in C order, with errors that name the field", "[timeseries]") {
  const MatrixXd y = series_from_array({3, 2}, {1, 2, 3, 4, 5, 7}, "data");
  REQUIRE(y.rows() == 3);
  CHECK(y(1, 0) == 3);
  CHECK(y(2, 1) == 7);
  CHECK(series_from_array({3}, {1, 2, 4}, "data").cols() == 1);
  CHECK_THROWS_WITH(series_from_array({2, 2, 1}, {1, 2, 3, 4}, "data"), Catch::Contains("data: must be a 1-d"));
  CHECK_THROWS_WITH(series_from_array({3, 2}, {1, 2, 3}, "data"), Catch::Contains("needs 6 values"));
  CHECK_THROWS_WITH(series_from_array({2, 1}, {1, NAN}, "x"), Catch::Contains("x: entry [1, 0]"));
  CHECK_THROWS_WITH(series_from_array({3, 2}, {1, 2, 1, 3, 1, 4}, "data"), Catch::Contains("channel 0 is constant"));
  CHECK_THROWS_WITH(series_from_array({3, 1}, {1, 2, 3}, "data", 10), Catch::Contains("too short"));
  CHECK_THROWS_WITH(series_from_array({10, 1000}, {}, "data"), Catch::Contains("over the limit"));
  CHECK_THROWS_WITH(series_from_array({0, 2}, {}, "data"), Catch::Contains("empty axis"));
}
