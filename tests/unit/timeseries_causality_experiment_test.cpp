// The "causality" experiment (SCIENCE.md 14): its estimates are the core's, it steps (regression
// estimates, then attention training steps) and stops with partial results, it reads user
// recordings, and it refuses bad configs with messages that name the field.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include <cmath>

#include "common/rng.hpp"
#include "experiments/experiment.hpp"
#include "timeseries/attention_forecaster.hpp"
#include "timeseries/auroc.hpp"
#include "timeseries/granger.hpp"
#include "timeseries/network_series.hpp"

using namespace rnnbook;

namespace causality_experiment_test {

json small_causality_config() {
  return json::parse(R"({"kind": "causality", "seed": 2, "data": {"neurons": 6, "samples": 600, "burn_in": 20},
    "attention": {"context": 4, "width": 8, "heads": 2, "key_width": 4, "hidden": 8, "epochs": 2, "batch": 64}})");
}

Eigen::MatrixXd matrix_of(const ResultArray& a) {
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      a.data.data(), Eigen::Index(a.shape[0]), Eigen::Index(a.shape[1]));
}

void refuses_causality(const std::string& config, const std::string& part) {
  INFO(config);
  CHECK_THROWS_WITH(make_experiment(config), Catch::Contains(part));
}

}  // namespace causality_experiment_test

using namespace causality_experiment_test;

TEST_CASE("causality experiment: Granger, baselines and attention as the core computes them", "[causality-experiment]") {
  auto e = make_experiment(small_causality_config().dump());
  // 360 training rows - 4 = 356 windows in batches of 64: 6 steps per epoch.
  CHECK(e->total() == 1 + 12);
  CHECK(e->step(1) == 1);
  const Result first = e->result();
  CHECK(first.arrays.count("attention") == 0);
  RateNetworkSettings rs;
  rs.neurons = 6;
  rs.samples = 600;
  rs.burn_in = 20;
  const NetworkSeries net = rate_network_series(rs, 2);
  const int p = bic_order(net.series.topRows(480), 10, 480);
  CHECK(first.scalars.at("granger_order") == p);
  const Eigen::MatrixXd F = granger_causality(net.series, p, p, 480);
  CHECK(matrix_of(first.arrays.at("granger")) == F);
  CHECK(matrix_of(first.arrays.at("weights")) == net.weights);
  CHECK(first.scalars.at("auroc_granger") == connectivity_auroc(F, net.weights));
  CHECK(first.scalars.at("auroc_lag_correlation_with_diagonal") ==
        connectivity_auroc(lag_correlation(net.series, 480), net.weights, true));
  CHECK(first.scalars.at("auroc_granger_with_diagonal") == connectivity_auroc(F, net.weights, true));
  CHECK(matrix_of(first.arrays.at("series")) == net.series);
  const Eigen::MatrixXd V = var_coefficient_magnitude(net.series, p, 480);
  CHECK(matrix_of(first.arrays.at("var_coefficients")) == V);
  CHECK(first.scalars.at("auroc_var_coefficients") == connectivity_auroc(V, net.weights));
  CHECK(first.scalars.at("auroc_var_coefficients_with_diagonal") == connectivity_auroc(V, net.weights, true));
  // |Pearson correlation| of neuron i at t with neuron j at t - 1 over rows 1..479, written out; 0 on the diagonal.
  const Eigen::MatrixXd L = matrix_of(first.arrays.at("lag_correlation"));
  double worst = 0;
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = 0; j < 6; ++j) {
      double mi = 0, mj = 0, sij = 0, sii = 0, sjj = 0;
      for (Eigen::Index t = 1; t < 480; ++t) mi += net.series(t, i) / 479.0, mj += net.series(t - 1, j) / 479.0;
      for (Eigen::Index t = 1; t < 480; ++t) {
        const double a = net.series(t, i) - mi, b = net.series(t - 1, j) - mj;
        sij += a * b, sii += a * a, sjj += b * b;
      }
      worst = std::max(worst, std::abs(L(i, j) - (i == j ? 0.0 : std::abs(sij) / std::sqrt(sii * sjj))));
    }
  CHECK(worst < 1e-12);
  CHECK(first.scalars.at("auroc_lag_correlation") == connectivity_auroc(L, net.weights));
  CHECK(e->step(5) == 5);
  CHECK(e->series("loss", 0).size() == 5);
  const Result partial = e->result();
  CHECK(partial.scalars.at("stopped_early") == 1.0);
  const Eigen::MatrixXd A = matrix_of(partial.arrays.at("attention"));
  CHECK((A.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
  CHECK(A.diagonal().isZero(0));
  CHECK(e->step(100) == 7);
  const Result full = e->result();
  // The same as training the core's model directly with the model seed 1000 x seed.
  AttentionSettings s;
  s.context = 4, s.width = 8, s.heads = 2, s.key_width = 4, s.hidden = 8, s.epochs = 2, s.batch = 64;
  const AttentionForecaster m = train_attention_forecaster(net.series, 0, 360, s, 2000);
  Eigen::MatrixXd direct;
  const std::vector<Eigen::Index> test = attention_origins(480, 600, 4);
  const Eigen::MatrixXd pred = attention_predict(m, net.series, test, &direct);
  CHECK(matrix_of(full.arrays.at("attention")) == direct);
  CHECK(full.scalars.at("attention_r2") == one_step_r2(pred, net.series, test));
  // The attention on the true edges per neuron, against the density of edges off the diagonal.
  const Eigen::MatrixXd edges = (net.weights.array() != 0).cast<double>();
  CHECK(full.scalars.at("attention_edge_mass") == (direct.array() * edges.array()).sum() / 6.0);
  CHECK(full.scalars.at("edge_density") == edges.sum() / 30.0);
  CHECK(full.scalars.at("auroc_attention") == connectivity_auroc(direct, net.weights));
  CHECK(full.scalars.at("auroc_attention_with_diagonal") == connectivity_auroc(direct, net.weights, true));
  CHECK(full.config["attention"]["seed"] == 2000);
}

TEST_CASE("causality experiment: Izhikevich without attention, and user recordings", "[causality-experiment]") {
  const Result izh = run_experiment(
      R"({"kind": "causality", "data": {"name": "izhikevich", "neurons": 5, "density": 0.5, "steps": 800}, "attention": {"enabled": false}})");
  CHECK(izh.scalars.at("steps_done") == 1.0);
  CHECK(izh.arrays.count("attention") == 0);
  CHECK(izh.scalars.count("auroc_granger") == 1);
  RateNetworkSettings rs;
  rs.neurons = 4;
  rs.density = 0.5;
  rs.samples = 300;
  const NetworkSeries net = rate_network_series(rs, 5);
  json c = json::parse(R"({"kind": "causality", "attention": {"enabled": false}, "granger": {"max_order": 3}})");
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rowmajor = net.series;
  c["data"] = {{"name", "series"}, {"values", {{"shape", {300, 4}}, {"data", std::vector<double>(rowmajor.data(), rowmajor.data() + 1200)}}}};
  const Result blind = run_experiment(c.dump());
  CHECK(blind.scalars.count("auroc_granger") == 0);
  CHECK(blind.arrays.count("granger") == 1);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> w = net.weights;
  c["data"]["weights"] = {{"shape", {4, 4}}, {"data", std::vector<double>(w.data(), w.data() + 16)}};
  const Result known = run_experiment(c.dump());
  CHECK(matrix_of(known.arrays.at("weights")) == net.weights);
  REQUIRE(known.scalars.at("edges") > 0);
  CHECK(known.scalars.count("auroc_granger") == 1);
  CHECK(known.scalars.at("edges") == double((net.weights.array() != 0).count()));
  c["data"]["weights"]["data"] = std::vector<double>(16, 0.0);  // no edge: no AUROC, no error
  const Result none = run_experiment(c.dump());
  CHECK(none.scalars.at("edges") == 0.0);
  CHECK(none.scalars.count("auroc_granger") == 0);
}

TEST_CASE("causality experiment: bad input names the field", "[causality-experiment]") {
  refuses_causality(R"({"kind": "causality", "data": {"neuron": 5}})", "data.neuron");
  refuses_causality(R"({"kind": "causality", "data": {"neurons": 1000}})", "data.neurons");
  refuses_causality(R"({"kind": "causality", "data": {"name": "spikes"}})", "data.name");
  // Without noise the rate network settles on a fixed point (also at g = 10): it failed after the
  // simulation with "rate network: neuron 0 is constant over the recording".
  refuses_causality(R"({"kind": "causality", "data": {"sigma": 0, "g": 10}})", "data.sigma: must be a number in (0, 10], got 0");
  refuses_causality(R"({"kind": "causality", "data": {"name": "series"}})", "data.values: missing");
  json one = json::parse(R"({"kind": "causality", "data": {"name": "series"}})");
  one["data"]["values"] = {{"shape", {200, 1}}, {"data", std::vector<double>(200, 1.0)}};
  refuses_causality(one.dump(), "1 neurons; allowed 2 to 64");
  {  // a duplicated neuron, or one the sum of two others: Granger's regressions failed after the first step
    // with "least squares: the regressors are collinear"
    json dup = json::parse(R"({"kind": "causality", "data": {"name": "series"}, "attention": {"enabled": false}})");
    Rng rng(4);
    std::vector<double> v, w;
    for (int t = 0; t < 300; ++t) {
      const double a = rng.normal(), b = rng.normal(), c = rng.normal();
      v.insert(v.end(), {a, a, b}), w.insert(w.end(), {a, b, c, a + b});
    }
    dup["data"]["values"] = {{"shape", {300, 3}}, {"data", v}};
    refuses_causality(dup.dump(), "data.values: the neurons are linearly dependent over the Granger rows (rows 9 to 229)");
    dup["data"]["values"] = {{"shape", {300, 4}}, {"data", w}};
    refuses_causality(dup.dump(), "data.values: the neurons are linearly dependent");
    for (std::size_t t = 100; t < 130; ++t) w[4 * t + 3] += 1e-3 * rng.normal();  // nearly, not exactly, dependent: runs
    dup["data"]["values"] = {{"shape", {300, 4}}, {"data", w}};
    CHECK(run_experiment(dup.dump()).arrays.at("granger").shape == std::vector<std::size_t>{4, 4});
  }
  refuses_causality(R"({"kind": "causality", "data": {"samples": 150}, "granger": {"max_order": 10}})", "granger.max_order");
  refuses_causality(R"({"kind": "causality", "attention": {"epochs": 100000}})", "attention.epochs");
  refuses_causality(R"({"kind": "causality", "attention": {"context": 90}, "data": {"samples": 200}, "granger": {"max_order": 1}})",
                    "attention.context");
  // 500 x 0.2 = 100 test rows hold one window of 99 steps and its target: its R^2 was -inf after training.
  refuses_causality(R"({"kind": "causality", "data": {"neurons": 4, "samples": 500}, "granger": {"max_order": 3},
    "attention": {"context": 99}})", "attention.context: windows of 99 steps do not fit the 500-row recording's training "
                                    "and test segments (the test segment needs 101 rows for two windows)");
  {  // one step of context less: two test windows, a finite R^2
    const Result r = run_experiment(R"({"kind": "causality", "data": {"neurons": 4, "samples": 500}, "granger": {"max_order": 3},
      "attention": {"context": 98, "width": 4, "heads": 1, "key_width": 2, "hidden": 4, "epochs": 1}})");
    CHECK(std::isfinite(r.scalars.at("attention_r2")));
  }
  refuses_causality(R"({"kind": "causality", "split": {"train": 0.9, "test": 0.3}})", "split.test");
  refuses_causality(R"({"kind": "causality", "attention": {"heads": 0}})", "attention.heads");
}
