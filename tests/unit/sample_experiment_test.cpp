// The `sample` experiment: config with defaults, bad input naming the field, series and result.
#include <catch2/catch.hpp>
#include <cmath>

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
  CHECK(e->total() == 2 * 20 + 40 + 30);
  e->step(80);  // all of training
  CHECK(e->series("loss", 0).size() == 80);
  const auto sigma = e->series("sigma", 0);
  CHECK(sigma.front() == 1.0);
  CHECK(sigma.back() == Approx(std::pow(0.02, 2.0 / 3.0)).epsilon(1e-14));
  CHECK(e->series("time", 0) == std::vector<double>{0.0});  // sampling starts when training ends
  CHECK(e->series("snapshots", 0).size() == 50);
  e->step(30);
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
  };
  for (const auto& [extra, message] : cases) {
    json config = json::parse(extra);
    config["kind"] = "sample";
    INFO(extra);
    CHECK_THROWS_WITH(make_experiment(config.dump()), Equals(message));
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
  CHECK(r.arrays.count("samples") == 0);
}
