// The `sample` experiment: config with defaults, bad input naming the field, series and result.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "experiments/experiment.hpp"
#include "experiments/sample_experiment.hpp"
#include "measures/sample_quality.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

// A small RSN run on the double peak: 3 levels x 20 steps + 40, then 30 sampling steps.
json small_sample_config() {
  return json::parse(R"({"kind": "sample", "seed": 3,
    "model": {"hidden": 20},
    "training": {"levels": 3, "steps_per_level": 20, "final_steps": 40, "batch_size": 32, "data_size": 500},
    "sampling": {"chains": 200, "steps": 30, "record_every": 10, "snapshot_chains": 50},
    "measures": {"reference": 1000, "mmd_samples": 300, "grid": {"points": 11}}})");
}

Result run_sample(const json& config) {
  auto e = make_experiment(config.dump());
  while (!e->done()) e->step(7);
  return e->result();
}

}  // namespace

TEST_CASE("sample experiment: defaults follow SCIENCE.md 5.5 and the target", "[sampling][experiment]") {
  const SampleConfig dp = SampleConfig::parse(json::parse(R"({"kind": "sample"})"));
  CHECK(dp.target_name == "double_peak");
  CHECK(dp.hidden == 200);
  CHECK(dp.training.noise.sigma_end == 0.02);
  CHECK(dp.training.total_steps() == 19 * 100 + 2000);
  CHECK(dp.training.batch_size == 256);
  CHECK(dp.training.adam.lr == 0.01);
  CHECK(dp.init_uniform);
  CHECK(dp.filled["sampling"]["dt"] == 0.01);
  const SampleConfig x = SampleConfig::parse(json::parse(R"({"kind": "sample", "target": {"name": "laplace_x"}})"));
  CHECK(x.hidden == 500);
  CHECK(x.training.noise.sigma_end == 0.01);
  CHECK_FALSE(x.init_uniform);
  const SampleConfig ex = SampleConfig::parse(json::parse(R"({"kind": "sample", "model": {"name": "exact"}})"));
  CHECK_FALSE(ex.trains());
  CHECK(ex.filled["model"] == json::parse(R"({"name": "exact"})"));
}

TEST_CASE("sample experiment: a run streams its series and returns the measures", "[sampling][experiment]") {
  auto e = make_experiment(small_sample_config().dump());
  // Training steps, sampling steps, then the MMD^2 units: the bandwidth and one piece per kernel sum.
  CHECK(e->total() == 2 * 20 + 40 + 30 + 1 + 3);
  e->step(80);  // all of training
  CHECK(e->series("loss", 0).size() == 80);
  const auto sigma = e->series("sigma", 0);
  CHECK(sigma.front() == 1.0);
  CHECK(sigma.back() == Approx(std::pow(0.02, 2.0 / 3.0)).epsilon(1e-14));
  CHECK(e->series("time", 0) == std::vector<double>{0.0});  // sampling starts when training ends
  CHECK(e->series("snapshots", 0).size() == 50);
  CHECK(e->step(30) == 30);
  CHECK_FALSE(e->done());
  CHECK(e->step(10) == 4);
  CHECK(e->done());
  const auto time = e->series("time", 1);
  REQUIRE(time.size() == 3);
  CHECK(time[2] == Approx(0.3).epsilon(1e-15));
  CHECK(e->series("distance", 0).size() == 4);
  CHECK_THROWS_WITH(e->series("los", 0), Contains("series: unknown name \"los\""));
  const Result r = e->result();
  CHECK(r.kind == "sample");
  CHECK(r.arrays.at("samples").shape == std::vector<std::size_t>{200, 1});
  CHECK(r.arrays.at("snapshots").shape == std::vector<std::size_t>{4, 50, 1});
  CHECK(r.arrays.at("reference").shape == std::vector<std::size_t>{1000, 1});
  CHECK(r.arrays.at("grid").data.front() == -3.0);
  CHECK(r.arrays.at("W1").shape == std::vector<std::size_t>{1, 20});
  CHECK(r.scalars.at("parameters") == 2 * 20 + 20);
  CHECK(r.scalars.at("training_steps_done") == 80);
  CHECK(r.scalars.at("sampling_time") == Approx(0.3).epsilon(1e-15));  // 30 steps of dt 0.01
  // The snapshot at the end is the first 50 of the final samples.
  const auto& snaps = r.arrays.at("snapshots").data;
  const auto& samples = r.arrays.at("samples").data;
  CHECK(std::vector<double>(snaps.end() - 50, snaps.end()) == std::vector<double>(samples.begin(), samples.begin() + 50));
  // The last distance is the sliced W1 (here W1) of all chains against the reference.
  CHECK(e->series("distance", 3)[0] == r.scalars.at("sliced_w1"));
  CHECK(r.arrays.at("mode_masses").data[0] + r.arrays.at("mode_masses").data[1] == Approx(1.0));
  // MMD^2, KL and the score error are those of the result's own arrays: the first 200 chains (all of them)
  // against the first 300 reference points (measures.mmd_samples), KL(reference || chains) with 100 bins.
  const auto& reference = r.arrays.at("reference").data;
  const Eigen::Map<const Eigen::MatrixXd> x(samples.data(), 1, 200), ref(reference.data(), 1, 300);
  const double h = median_bandwidth(x, ref);
  CHECK(r.scalars.at("mmd_bandwidth") == h);
  CHECK(r.scalars.at("mmd2") == mmd2_unbiased(x, ref, h));
  const Eigen::Map<const Eigen::VectorXd> all_ref(reference.data(), 1000), chains(samples.data(), 200);
  CHECK(r.scalars.at("kl") == histogram_kl(all_ref, chains, 100));
  CHECK(r.scalars.at("kl") > 0.0);
  const auto& score = r.arrays.at("score").data;
  const auto& true_score = r.arrays.at("true_score").data;
  const Eigen::Map<const Eigen::VectorXd> learned(score.data(), 11), truth(true_score.data(), 11);
  CHECK(r.scalars.at("score_error") == Approx((learned - truth).norm() / truth.norm()).epsilon(1e-14));
  CHECK(r.scalars.at("score_error") > 0.0);
  // The per-coordinate W1, the reference's kurtosis and both mode masses, from the same arrays.
  CHECK(r.arrays.at("marginal_w1").data == std::vector<double>{wasserstein1(chains, all_ref)});
  const Eigen::Map<const Eigen::MatrixXd> chains_1x(samples.data(), 1, 200), reference_1x(reference.data(), 1, 1000);
  CHECK(r.arrays.at("target_kurtosis").data[0] == excess_kurtosis(reference_1x)(0));
  const Eigen::MatrixXd centres = SampleConfig::parse(small_sample_config()).target->mode_centres();
  REQUIRE(centres.cols() == 2);
  const Eigen::VectorXd masses = mode_masses(chains_1x, centres), target_masses = mode_masses(reference_1x, centres);
  CHECK(r.arrays.at("mode_masses").data == std::vector<double>(masses.data(), masses.data() + 2));
  CHECK(r.arrays.at("target_mode_masses").data == std::vector<double>(target_masses.data(), target_masses.data() + 2));
  // Counters, the DSM noise schedule by step (3 levels of sigma_end^(n/3), the last one held for final_steps)
  // and the learned score on the grid from the weights the result reports: s(x) = -x + W1 tanh(W2 x + b2).
  CHECK(r.scalars.at("training_steps") == 80);
  CHECK(r.scalars.at("sampling_steps_done") == 30);
  CHECK(r.scalars.at("steps_done") == 114);
  CHECK(r.scalars.at("stopped_early") == 0);
  CHECK(r.scalars.at("diverged") == 0);
  const auto& loss = r.arrays.at("loss").data;
  REQUIRE(loss.size() == 80);
  CHECK(r.scalars.at("initial_loss") == loss.front());
  CHECK(r.scalars.at("final_loss") == loss.back());
  const auto& sigma_by_step = r.arrays.at("sigma").data;
  REQUIRE(sigma_by_step.size() == 80);
  for (std::size_t k = 0; k < 80; ++k)
    CHECK(sigma_by_step[k] == Approx(std::pow(0.02, double(k < 20 ? 0 : k < 40 ? 1 : 2) / 3.0)).epsilon(1e-14));
  CHECK(r.arrays.at("time").data == std::vector<double>{0.0, 0.1, 0.2, 0.3});
  const auto& W1 = r.arrays.at("W1").data;
  const auto& W2 = r.arrays.at("W2").data;
  const auto& b2 = r.arrays.at("b2").data;
  REQUIRE(W2.size() == 20);
  REQUIRE(b2.size() == 20);
  const auto& grid = r.arrays.at("grid").data;
  REQUIRE(grid.size() == 11);
  double worst = 0.0;
  for (std::size_t g = 0; g < 11; ++g) {
    CHECK(grid[g] == Approx(-3.0 + 0.6 * double(g)).margin(1e-14));
    double s = -grid[g];
    for (std::size_t j = 0; j < 20; ++j) s += W1[j] * std::tanh(W2[j] * grid[g] + b2[j]);
    worst = std::max(worst, std::abs(score[g] - s));
  }
  CHECK(worst < 1e-12);
  // The double peak's density and score on the grid: 0.5 N(-1, 0.3^2) + 0.5 N(1, 0.3^2) is not assumed;
  // they are the target's own exp(log p) and its finite-difference derivative.
  const auto& density = r.arrays.at("true_density").data;
  const SampleConfig cfg = SampleConfig::parse(small_sample_config());
  for (std::size_t g = 0; g < 11; ++g) {
    const double h = 1e-5;
    Eigen::MatrixXd at(1, 3);
    at << grid[g] - h, grid[g], grid[g] + h;
    const Eigen::VectorXd lp = cfg.target->log_density(at);
    CHECK(density[g] == Approx(std::exp(lp(1))).epsilon(1e-12));
    CHECK(true_score[g] == Approx((lp(2) - lp(0)) / (2 * h)).epsilon(1e-6).margin(1e-6));
  }
  SECTION("the same seed gives the same numbers; another seed others") {
    const Result again = run_sample(small_sample_config());
    CHECK(again.arrays.at("samples").data == samples);
    json other = small_sample_config();
    other["seed"] = 4;
    CHECK(run_sample(other).arrays.at("samples").data != samples);
  }
}

TEST_CASE("sample experiment: exact Langevin and sampler-only models in 2-D", "[sampling][experiment]") {
  json c = json::parse(R"({"kind": "sample", "seed": 1, "model": {"name": "exact"},
    "target": {"name": "gaussian_mixture", "weights": [0.3, 0.7], "means": [[-1, 0], [1, 1]],
               "covariances": [[[0.3, 0.1], [0.1, 0.2]], [[0.2, 0], [0, 0.2]]]},
    "sampling": {"chains": 500, "steps": 400, "dt": 0.01, "record_every": 100},
    "measures": {"reference": 2000, "mmd_samples": 500, "directions": 20, "grid": {"points": 5}}})");
  const Result r = run_sample(c);
  CHECK(r.scalars.at("training_steps") == 0);
  const auto& dist = r.arrays.at("distance").data;
  CHECK(dist.size() == 5);
  CHECK(dist.back() < 0.5 * dist.front());  // the chains relax onto the target
  CHECK(r.arrays.at("true_density").shape == std::vector<std::size_t>{5, 5});
  CHECK(r.arrays.at("mode_masses").data[1] == Approx(0.7).margin(0.08));
  CHECK(r.config["target"]["weights"]["data"] == json::parse("[0.3, 0.7]"));
  SECTION("sampler-only networks train and sample") {
    for (const char* name : {"sampler_fr", "sampler_sc"}) {
      c["model"] = {{"name", name}, {"activation", "relu"}};
      c["training"] = json::parse(R"({"levels": 2, "steps_per_level": 10, "final_steps": 10})");
      const Result so = run_sample(c);
      CHECK(so.arrays.at("W").shape == std::vector<std::size_t>{2, 2});
      CHECK(so.arrays.at("loss").shape == std::vector<std::size_t>{20});
      CHECK(so.arrays.at("samples").shape == std::vector<std::size_t>{500, 2});
    }
  }
}

TEST_CASE("sample experiment: exact Langevin in 2-D, every array from the chains replayed by hand", "[sampling][experiment]") {
  const json c = json::parse(R"({"kind": "sample", "seed": 2, "model": {"name": "exact"},
    "target": {"name": "gaussian_mixture", "weights": [0.3, 0.7], "means": [[-1, 0], [1, 1]],
               "covariances": [[[0.3, 0.1], [0.1, 0.2]], [[0.2, 0], [0, 0.2]]]},
    "sampling": {"chains": 60, "steps": 20, "dt": 0.01, "record_every": 5, "snapshot_chains": 60},
    "measures": {"reference": 300, "mmd_samples": 40, "directions": 7, "grid": {"points": 4}}})");
  const Result r = run_sample(c);
  const SampleConfig cfg = SampleConfig::parse(c);
  // The reference: 300 target draws of stream 5, as (n, d) rows.
  Rng reference_rng(2, 5);
  const Eigen::MatrixXd ref = cfg.target->sample(300, reference_rng);
  CHECK(r.arrays.at("reference").data == std::vector<double>(ref.data(), ref.data() + ref.size()));
  // The chains: uniform in [-2, 2]^2 from stream 4, then x <- x + dt s(x) + sqrt(2 dt) xi, recorded every 5 steps.
  Rng chain_rng(2, 4);
  Eigen::MatrixXd x(2, 60), drift(2, 60);
  for (Eigen::Index j = 0; j < 60; ++j)
    for (Eigen::Index i = 0; i < 2; ++i) x(i, j) = chain_rng.uniform(-2.0, 2.0);
  Rng directions_rng(2, 6);
  const Eigen::MatrixXd directions = random_directions(2, 7, directions_rng);
  const auto& snaps = r.arrays.at("snapshots").data;
  const auto& distance = r.arrays.at("distance").data;
  REQUIRE(r.arrays.at("snapshots").shape == std::vector<std::size_t>{5, 60, 2});
  REQUIRE(distance.size() == 5);
  double snap_gap = 0.0;
  for (int k = 0; k <= 20; ++k) {
    if (k > 0) {
      cfg.target->score(x, drift);
      x += 0.01 * drift;
      for (Eigen::Index j = 0; j < 60; ++j)
        for (Eigen::Index i = 0; i < 2; ++i) x(i, j) += std::sqrt(0.02) * chain_rng.normal();
    }
    if (k % 5 != 0) continue;
    const std::size_t at = std::size_t(k / 5);
    for (Eigen::Index v = 0; v < x.size(); ++v) snap_gap = std::max(snap_gap, std::abs(snaps[at * 120 + std::size_t(v)] - x(v)));
    CHECK(distance[at] == Approx(sliced_wasserstein1(x, ref, directions)).epsilon(1e-12));
  }
  CHECK(snap_gap < 1e-12);
  CHECK(r.arrays.at("time").data == std::vector<double>{0.0, 0.05, 0.1, 0.15, 0.2});
  const auto& samples = r.arrays.at("samples").data;
  REQUIRE(samples.size() == 120);
  double sample_gap = 0.0;
  for (Eigen::Index v = 0; v < x.size(); ++v) sample_gap = std::max(sample_gap, std::abs(samples[std::size_t(v)] - x(v)));
  CHECK(sample_gap < 1e-12);
  const Eigen::Map<const Eigen::MatrixXd> chains(samples.data(), 2, 60);
  CHECK(r.scalars.at("sliced_w1") == sliced_wasserstein1(chains, ref, directions));
  CHECK(r.scalars.at("sliced_w1") == distance.back());
  // Per-coordinate mean, population standard deviation, excess kurtosis and W1 of the final chains.
  for (Eigen::Index i = 0; i < 2; ++i) {
    double mean = 0.0, m2 = 0.0, m4 = 0.0;
    for (Eigen::Index j = 0; j < 60; ++j) mean += chains(i, j) / 60.0;
    for (Eigen::Index j = 0; j < 60; ++j) {
      const double d = chains(i, j) - mean;
      m2 += d * d / 60.0, m4 += d * d * d * d / 60.0;
    }
    const std::size_t u = std::size_t(i);
    CHECK(r.arrays.at("mean").data[u] == Approx(mean).epsilon(1e-12));
    CHECK(r.arrays.at("std").data[u] == Approx(std::sqrt(m2)).epsilon(1e-12));
    CHECK(r.arrays.at("kurtosis").data[u] == Approx(excess_kurtosis(chains)(i)).epsilon(1e-14));
    CHECK(r.arrays.at("marginal_w1").data[u] == wasserstein1(chains.row(i).transpose(), ref.row(i).transpose()));
  }
  const Eigen::VectorXd kurtosis = excess_kurtosis(chains), target_kurtosis = excess_kurtosis(ref);
  CHECK(r.scalars.at("kurtosis_min") == kurtosis.minCoeff());
  CHECK(r.scalars.at("target_kurtosis_min") == target_kurtosis.minCoeff());
  CHECK(r.arrays.at("target_kurtosis").data == std::vector<double>(target_kurtosis.data(), target_kurtosis.data() + 2));
  const double h = median_bandwidth(chains.leftCols(40), ref.leftCols(40));
  CHECK(r.scalars.at("mmd_bandwidth") == h);
  CHECK(r.scalars.at("mmd2") == mmd2_unbiased(chains.leftCols(40), ref.leftCols(40), h));
  const Eigen::VectorXd masses = mode_masses(chains, cfg.target->mode_centres());
  CHECK(r.arrays.at("mode_masses").data == std::vector<double>(masses.data(), masses.data() + 2));
  // The density on the 4 x 4 grid (row: y, column: x), the mixture written out.
  CHECK(r.arrays.at("grid").data == std::vector<double>{-3.0, -1.0, 1.0, 3.0});
  const auto gauss = [](double x0, double x1, double m0, double m1, double a, double b, double d) {
    const double det = a * d - b * b, u = x0 - m0, v = x1 - m1;
    return std::exp(-0.5 * (d * u * u - 2 * b * u * v + a * v * v) / det) / (2 * std::acos(-1.0) * std::sqrt(det));
  };
  const auto& density = r.arrays.at("true_density").data;
  const double grid[] = {-3.0, -1.0, 1.0, 3.0};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      const double p = 0.3 * gauss(grid[j], grid[i], -1, 0, 0.3, 0.1, 0.2) + 0.7 * gauss(grid[j], grid[i], 1, 1, 0.2, 0, 0.2);
      CHECK(density[std::size_t(i * 4 + j)] == Approx(p).epsilon(1e-12).margin(1e-300));
    }
  CHECK(r.scalars.at("training_steps_done") == 0);
  CHECK(r.scalars.at("sampling_steps_done") == 20);
  CHECK(r.scalars.at("steps_done") == 20 + 4);  // and the MMD^2's bandwidth and 3 kernel sums
  CHECK(r.scalars.at("parameters") == 0);
  CHECK(r.scalars.at("sampling_time") == Approx(0.2).epsilon(1e-15));
  CHECK(std::isnan(r.scalars.at("initial_loss")));
  CHECK(r.arrays.at("loss").data.empty());
  CHECK(r.scalars.count("kl") == 0);  // 1-D only
  CHECK(r.arrays.count("score") == 0);
}

TEST_CASE("sample experiment: user samples as the target", "[sampling][experiment]") {
  json c = small_sample_config();
  c["target"] = json::parse(R"({"name": "samples", "samples": {"shape": [6, 2], "data": [0, 1, 1, 0, 2, 2, 0, 0, 1, 1, 3, 3]}})");
  const Result r = run_sample(c);
  CHECK(r.config["target"]["samples"] == json::parse(R"({"shape": [6, 2]})"));
  CHECK(r.arrays.at("reference").shape == std::vector<std::size_t>{6, 2});
  CHECK(r.arrays.at("samples").shape == std::vector<std::size_t>{200, 2});
  CHECK(r.arrays.count("true_density") == 0);
}

TEST_CASE("sample experiment: bad input names the field", "[sampling][experiment][bad-input]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"target": {"name": "gaussian_mixture", "weights": [0.5, 0.6], "means": [0, 1], "covariances": [1, 1]}})",
       "target.weights: must sum to 1, got a sum of 1.1"},
      {R"({"target": {"name": "gaussian_mixture", "weights": [-0.5, 1.5], "means": [0, 1], "covariances": [1, 1]}})",
       "target.weights[0]: must be a number >= 0, got -0.5"},
      {R"({"target": {"name": "gaussian_mixture", "weights": [1], "means": [[0, 0]], "covariances": [[[1, 2], [2, 1]]]}})",
       "target.covariances[0]: must be positive definite, got smallest eigenvalue -1"},
      {R"({"target": {"name": "laplace_mixture", "weights": [1], "means": [[0, 0]], "covariances": [[1, 2]]}})",
       "target.covariances: must be a 3-d array (K, d, d), got shape [1, 2]"},
      {R"({"target": {"name": "laplace_mixture", "weights": [1], "means": [[0, 0]], "covariances": [[[1]]]}})",
       "target.covariances: must be 2 x 2 matrices, like the means"},
      {R"({"target": {"name": "gaussian_mixture", "weights": [1], "means": [0]}})",
       "target.covariances: missing; must be an array (K, d, d) (or (K) in 1-D)"},
      {R"({"target": {"name": "samples", "samples": {"shape": [3], "data": [1, null, 2]}}})",
       "target.samples.data[1]: must be a finite number, got null (NaN and infinity become null in JSON)"},
      {R"({"target": {"name": "ring", "radius": 0}})", "target.radius: must be a number in (0, 1000], got 0"},
      {R"({"target": {"name": "ring", "means": [0]}})", "target.means: unknown field; allowed here: name, radius, width"},
      {R"({"sampling": {"dt": 0}})", "sampling.dt: must be a number in (0, 1], got 0"},
      {R"({"sampling": {"dt": -0.01}})", "sampling.dt: must be a number in (0, 1], got -0.01"},
      {R"({"training": {"sigma_end": 0}})", "training.sigma_end: must be a number in (0, 1e+06], got 0"},
      {R"({"training": {"sigma_start": -1}})", "training.sigma_start: must be a number in (0, 1e+06], got -1"},
      {R"({"model": {"name": "exact", "hidden": 3}})", "model.hidden: unknown field; allowed here: name"},
      {R"({"model": {"name": "exact"}, "training": {"batch_size": 8}})",
       "training.batch_size: unknown field; this object takes no fields with these settings"},
      {R"({"model": {"name": "exact"}, "target": {"name": "samples", "samples": [1, 2, 3]}})",
       "model.name: \"exact\" runs Langevin dynamics on the target's own score, and target \"samples\" has none; "
       "choose \"rsn\", \"sampler_fr\" or \"sampler_sc\""},
      {R"({"model": {"hidden": 4096}, "sampling": {"chains": 10000}})",
       "sampling.chains: model.hidden x sampling.chains = 40960000 exceeds the limit 10000000; use fewer chains"},
      {R"({"measures": {"grid": {"min": 1, "max": 1}}})", "measures.grid.max: must be greater than measures.grid.min"},
      {R"({"target": {"name": "ring"}, "measures": {"reference": 1000000, "directions": 1000}})",
       "measures.directions: measures.reference x measures.directions = 1000000000 exceeds the limit 50000000; "
       "use at most 50 directions or a smaller measures.reference"},
      {R"({"model": {"name": "exact"}, "target": {"name": "ring"}, "sampling": {"chains": 100000}, "measures": {"directions": 1000}})",
       "measures.directions: sampling.chains x measures.directions = 100000000 exceeds the limit 10000000; "
       "use at most 100 directions or fewer chains"},
  };
  for (const auto& [extra, message] : cases) {
    json config = json::parse(extra);
    config["kind"] = "sample";
    INFO(extra);
    CHECK_THROWS_WITH(make_experiment(config.dump()), Equals(message));
  }
}

TEST_CASE("sample experiment: the sliced distance's memory is bounded by measures.directions", "[sampling][experiment][bad-input]") {
  // reference x directions sorted projections and chains x directions projections, each at most 1e7 values.
  SECTION("at the limits is allowed: the default 50 directions fit the largest reference") {
    const SampleConfig c = SampleConfig::parse(json::parse(R"({"kind": "sample", "model": {"name": "exact"},
      "target": {"name": "ring"}, "sampling": {"chains": 10000}, "measures": {"reference": 50000, "directions": 1000}})"));
    CHECK(c.directions == 1000);
    const SampleConfig d = SampleConfig::parse(json::parse(R"({"kind": "sample", "model": {"name": "exact"},
      "target": {"name": "ring"}, "measures": {"reference": 1000000}})"));
    CHECK(d.directions == 50);
  }
  SECTION("in 1-D the distance has one direction, whatever measures.directions says") {
    const SampleConfig c = SampleConfig::parse(json::parse(R"({"kind": "sample", "model": {"name": "exact"},
      "sampling": {"chains": 100000}, "measures": {"reference": 1000000, "directions": 1000}})"));
    CHECK(c.target->dim() == 1);
  }
  SECTION("user samples are the reference") {
    json config = json::parse(R"({"kind": "sample", "measures": {"directions": 1000}})");
    const int n = 50001;
    std::vector<double> data(2 * n);
    for (int i = 0; i < 2 * n; ++i) data[i] = 0.001 * i;
    config["target"] = {{"name", "samples"}, {"samples", {{"shape", {n, 2}}, {"data", data}}}};
    CHECK_THROWS_WITH(make_experiment(config.dump()),
                      Equals("measures.directions: the target's samples x measures.directions = 50001000 exceeds the "
                             "limit 50000000; use at most 999 directions"));
    config["measures"]["directions"] = 999;
    CHECK(SampleConfig::parse(config).directions == 999);
  }
}

TEST_CASE("sample experiment: a diverging sampler stops with a message and keeps its result", "[sampling][experiment]") {
  // Langevin on a Gaussian of variance 0.01 with dt = 1: |1 - dt/s^2| = 99, the chains blow up.
  const json c = json::parse(R"({"kind": "sample", "model": {"name": "exact"},
    "target": {"name": "gaussian_mixture", "weights": [1], "means": [0], "covariances": [0.01]},
    "sampling": {"chains": 10, "steps": 400, "dt": 1, "record_every": 1}})");
  auto e = make_experiment(c.dump());
  CHECK_THROWS_AS(e->step(400), Diverged);
  CHECK_THROWS_WITH(e->step(1), Contains("sampling diverged at step"));
  const Result r = e->result();
  CHECK(r.scalars.at("diverged") == 1.0);
  CHECK(r.scalars.at("diverged_at_step") == double(e->position()));
  CHECK(r.scalars.at("diverged_at_step") < 400);
  CHECK(r.scalars.at("stopped_early") == 1.0);
  CHECK(r.arrays.count("samples") == 0);
}

TEST_CASE("sample experiment: training.beta2 below training.beta1^2 is refused before Adam's step blows up", "[sampling][experiment][bad-input]") {
  // rsn with relu on laplace_x at beta2 0 trained, then failed with "W_out W_out^T is not invertible":
  // dead relu units give exact 0 gradients, Adam's step m / (sqrt(v) + eps) became ~1e6 x lr.
  json config = json::parse(R"({"kind": "sample", "model": {"name": "rsn", "hidden": 16, "activation": "relu"},
    "target": {"name": "laplace_x"},
    "training": {"data_size": 100, "levels": 2, "steps_per_level": 5, "final_steps": 5, "batch_size": 16, "beta2": 0},
    "sampling": {"chains": 20, "steps": 10, "record_every": 2, "snapshot_chains": 5},
    "measures": {"reference": 100, "mmd_samples": 50, "directions": 5, "bins": 10, "grid": {"points": 11}}})");
  CHECK_THROWS_WITH(make_experiment(config.dump()),
                    Equals("training.beta2: must be at least training.beta1^2 = 0.81 (allowed [beta1^2, 1)), got 0; "
                           "below it Adam's step grows without bound where a gradient entry is exactly 0"));
  config["training"]["beta1"] = 0.5;  // beta2 = beta1^2: the step stays bounded, the run ends
  config["training"]["beta2"] = 0.25;
  const Result r = run_experiment(config.dump());
  CHECK(r.scalars.count("mmd_bandwidth") == 1);
}

TEST_CASE("sample experiment: an rsn with fewer units than the target's dimension is refused up front", "[sampling][experiment][bad-input]") {
  // hidden 1 on the 2-D ring trained, then failed with "W_out W_out^T is not invertible" (the fuzz driver).
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "sample", "model": {"name": "rsn", "hidden": 1}, "target": {"name": "ring"}})"),
                    Equals("model.hidden: the rsn needs at least the target's dimension d = 2 units to sample (its readout "
                           "W_out, d x hidden, must have rank d); allowed [2, 4096], got 1"));
  CHECK_NOTHROW(make_experiment(R"({"kind": "sample", "model": {"name": "rsn", "hidden": 2}, "target": {"name": "ring"}})"));
}

TEST_CASE("sample experiment: the MMD^2 is computed in units of step(), after sampling", "[sampling][experiment][mmd]") {
  // 2000 chains against 2100 reference points: 2 pieces per kernel sum (Mmd2Pieces), after the
  // bandwidth: 7 units after the 5 sampling steps. Each unit is about 20 ms natively.
  const json c = json::parse(R"({"kind": "sample", "seed": 4, "model": {"name": "exact"},
    "sampling": {"chains": 2000, "steps": 5, "record_every": 5, "snapshot_chains": 10},
    "measures": {"reference": 2100, "mmd_samples": 2100, "directions": 3, "grid": {"points": 3}}})");
  auto e = make_experiment(c.dump());
  REQUIRE(e->total() == 5 + 7);
  CHECK(e->step(5) == 5);
  for (long k = 1; k <= 7; ++k) {
    CHECK(e->step(1) == 1);
    CHECK(e->position() == 5 + k);
  }
  CHECK(e->done());
  CHECK(e->step(1) == 0);
  const Result r = e->result();
  CHECK(r.scalars.at("stopped_early") == 0.0);
  CHECK(r.scalars.at("steps_done") == 12.0);
  CHECK(r.scalars.at("sampling_steps_done") == 5.0);
  const auto& samples = r.arrays.at("samples").data;
  const auto& reference = r.arrays.at("reference").data;
  const Eigen::Map<const Eigen::MatrixXd> x(samples.data(), 1, 2000), ref(reference.data(), 1, 2100);
  const double h = median_bandwidth(x, ref);
  CHECK(r.scalars.at("mmd_bandwidth") == h);
  CHECK(r.scalars.at("mmd2") == mmd2_unbiased(x, ref, h));
  // Any chunking of the units gives the same result: one call for the whole run.
  auto whole = make_experiment(c.dump());
  CHECK(whole->step(1000) == 12);
  CHECK(whole->result().scalars.at("mmd2") == r.scalars.at("mmd2"));
}

TEST_CASE("sample experiment: a stopped run's result computes the MMD^2 only when it is quick", "[sampling][experiment][mmd]") {
  // Stopped in the MMD units at 2000 x 2100 (1.26e7 kernel values, over the 1.2e7 result() may spend):
  // no mmd2, the bandwidth and the other measures of the final chains are there.
  const json big = json::parse(R"({"kind": "sample", "seed": 4, "model": {"name": "exact"},
    "sampling": {"chains": 2000, "steps": 5, "record_every": 5, "snapshot_chains": 10},
    "measures": {"reference": 2100, "mmd_samples": 2100, "directions": 3, "grid": {"points": 3}}})");
  auto e = make_experiment(big.dump());
  e->step(5 + 2);
  const Result r = e->result();
  CHECK(r.scalars.at("stopped_early") == 1.0);
  CHECK(r.scalars.at("steps_done") == 7.0);
  CHECK(r.scalars.count("mmd2") == 0);
  CHECK(r.scalars.count("mmd_bandwidth") == 1);
  CHECK(r.scalars.count("sliced_w1") == 1);
  // The small run stopped while sampling: its result has the MMD^2 of the chains where they are.
  auto s = make_experiment(small_sample_config().dump());
  s->step(80 + 12);
  const Result rs = s->result();
  CHECK(rs.scalars.at("sampling_steps_done") == 12.0);
  const auto& samples = rs.arrays.at("samples").data;
  const auto& reference = rs.arrays.at("reference").data;
  const Eigen::Map<const Eigen::MatrixXd> x(samples.data(), 1, 200), ref(reference.data(), 1, 300);
  CHECK(rs.scalars.at("mmd2") == mmd2_unbiased(x, ref, median_bandwidth(x, ref)));
}
