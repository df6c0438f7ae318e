#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "common/progress.hpp"
#include "experiments/experiment.hpp"

using namespace rnnbook;

TEST_CASE("progress: parts map onto the unit, values only grow, no hook is no call", "[progress]") {
  report_progress(0.5);  // no hook: nothing to call, nothing to fail
  CHECK_FALSE(progress_wanted());
  std::vector<double> got;
  {
    const ProgressScope scope([&](double f) { got.push_back(f); });
    CHECK(progress_wanted());
    {
      const ProgressPart first(0.0, 0.25);
      report_progress(0.5);   // 0.125
      report_progress(0.25);  // below: dropped
      report_progress(2.0);   // clamped: 0.25
    }                         // its end: 0.25 again, dropped
    {
      const ProgressPart second(0.5, 1.0);
      const ProgressPart inner(0.5, 1.0);  // [0.75, 1] of the unit
      report_progress(0.0);
    }
    progress_next_unit();
    report_progress(0.1);  // a new unit starts again from 0
  }
  CHECK(got == std::vector<double>{0.125, 0.25, 0.75, 1.0, 0.1});
  CHECK_FALSE(progress_wanted());
}

namespace {

// The reports of one run, by the position the experiment was at when each came.
struct Reports {
  std::map<long, std::vector<double>> by_position;
  std::size_t count = 0;
};

Result run_in_chunks(const std::string& config, long chunk, Reports* reports) {
  auto e = make_experiment(config);
  const Experiment* seen = e.get();
  std::unique_ptr<ProgressScope> scope;
  if (reports)
    scope = std::make_unique<ProgressScope>([seen, reports](double f) {
      reports->by_position[seen->position()].push_back(f);
      ++reports->count;
    });
  while (!e->done()) e->step(chunk);
  return e->result();
}

// Runs `config` in chunks of 1 and 3 steps with and without a hook: at least `positions` positions
// report, fractions grow within [0, 1] at each and reach `near` at least, some position reports twice
// or more, and every number but the timings is the same bit for bit.
void check_reports(const std::string& config, std::size_t positions, double near = 0.0) {
  for (long chunk : {1L, 3L}) {
    INFO("chunk " << chunk);
    Reports reports;
    const Result with = run_in_chunks(config, chunk, &reports);
    const Result without = run_in_chunks(config, chunk, nullptr);
    CHECK(reports.by_position.size() >= positions);
    std::size_t most = 0;
    for (const auto& [position, fractions] : reports.by_position) {
      INFO("position " << position);
      most = std::max(most, fractions.size());
      for (std::size_t i = 0; i < fractions.size(); ++i) {
        CHECK(fractions[i] >= 0.0);
        CHECK(fractions[i] <= 1.0);
        if (i > 0) CHECK(fractions[i] > fractions[i - 1]);
      }
      CHECK(fractions.back() >= near);
    }
    CHECK(most >= 2);
    // Bit for bit the same run: every scalar but the timings, every array.
    for (const auto& [key, value] : without.scalars)
      if (key.find("_ms") == std::string::npos && key != "steps_per_second") {
        INFO(key);
        CHECK((with.scalars.at(key) == value || (value != value && with.scalars.at(key) != with.scalars.at(key))));
      }
    REQUIRE(with.arrays.size() == without.arrays.size());
    for (const auto& [key, array] : without.arrays) {
      INFO(key);
      CHECK(with.arrays.at(key).shape == array.shape);
      const auto& a = with.arrays.at(key).data;
      bool same = a.size() == array.data.size();
      for (std::size_t i = 0; same && i < a.size(); ++i)
        same = a[i] == array.data[i] || (a[i] != a[i] && array.data[i] != array.data[i]);
      CHECK(same);
    }
  }
}

}  // namespace

TEST_CASE("progress: long units report growing fractions in [0, 1] and leave every number as it was", "[progress]") {
  const std::string sntk = R"({"kind": "sntk", "seed": 3, "steps": 4, "batch_size": 8,
    "model": {"hidden": 6, "cell": "rate", "leak": 0.7},
    "task": {"name": "memory_pro", "stim_steps": 3, "memory_steps": 2, "response_steps": 3},
    "sntk": {"interval": 1, "eval_trials": 4, "top_k": 5}})";
  const std::string sntk_matrix_free = R"({"kind": "sntk", "seed": 3, "steps": 2, "batch_size": 8,
    "model": {"hidden": 6, "leak": 0.7},
    "task": {"name": "memory_pro", "stim_steps": 3, "memory_steps": 2, "response_steps": 3},
    "sntk": {"interval": 1, "eval_trials": 4, "top_k": 3, "method": "matrix_free", "probes": 8}})";
  const std::string pitchfork = R"({"kind": "pitchfork", "seed": 2, "steps": 6, "batch_size": 8,
    "model": {"hidden": 6}, "teacher": {"steps": 12},
    "sntk": {"interval": 2, "near_mu": 0, "eval_trials": 2, "eval_steps": 12, "method": "dense", "top_k": 4}})";
  const std::string switching = R"({"kind": "switching", "seed": 2,
    "data": {"name": "nascar", "variant": "soft_sticky", "steps": 400, "test_steps": 80},
    "training": {"iterations": 3, "samples": 2}, "baseline": {"fit": false},
    "evaluation": {"posterior_samples": 3, "horizon": 3, "paths": 2}})";
  const std::string measure = R"({"kind": "measure", "data": {"samples": 600},
    "estimators": {"local_pca": {"k": 10}}})";
  // kind, config, the least number of positions that must have reported
  const std::vector<std::tuple<std::string, std::string, std::size_t>> runs{
      {"sntk", sntk, 5}, {"sntk matrix-free", sntk_matrix_free, 3}, {"pitchfork", pitchfork, 4},
      {"switching", switching, 3}, {"measure", measure, 2}};
  for (const auto& [name, config, positions] : runs) {
    INFO(name);
    check_reports(config, positions);
  }
}

TEST_CASE("progress: a chunk's reports are the fraction of all its units done, growing, paced", "[progress]") {
  long done = 0;
  std::vector<double> got;
  {
    const ChunkProgressScope scope(4, [&] { return done; }, 0.0, [&](double f) { got.push_back(f); });
    report_progress(0.5);  // unit 0 half done: 1/8
    done = 2;
    progress_next_unit();
    report_progress(0.5);  // unit 2 half done: 5/8
    report_progress(0.25);  // lower in the core: dropped
    done = 4;               // past the last unit (a final measurement): counts as part of unit 3
    progress_next_unit();
    report_progress(0.0);   // 3/4
    report_progress(1.0);   // 1
  }
  CHECK(got == std::vector<double>{0.125, 0.625, 0.75, 1.0});
  got.clear();
  {
    // Pacing: nothing within the first interval (a second here) of the call.
    const ChunkProgressScope scope(1, [] { return 0L; }, 1000.0, [&](double f) { got.push_back(f); });
    report_progress(0.5);
  }
  CHECK(got.empty());
}

TEST_CASE("progress: the checkpoints of flatness and train, and the first steps of forecast and causality, report", "[progress]") {
  // Hessian trace and lambda_max at every checkpoint: each unit measures, the first after the initial network.
  const std::string flatness = R"({"kind": "flatness", "seed": 1, "steps": 4, "batch_size": 4,
    "data": {"classes": 3, "dim": 4, "train": 40, "test": 20}, "model": {"hidden": [8, 8]},
    "measures": {"every": 1, "points": 20, "layer_points": 20, "hessian_samples": 4, "hessian_iterations": 20}})";
  const std::string train = R"({"kind": "train", "seed": 2, "steps": 4, "batch_size": 4, "model": {"hidden": 8},
    "task": {"bits": 2, "steps": 10}, "measures": {"hessian_every": 2, "hessian_trials": 8, "hessian_iterations": 30}})";
  const std::string forecast = R"({"kind": "forecast", "seed": 1, "data": {"frames": 3000},
    "models": {"ar": {"max_order": 20, "patience": 20}, "var": {"max_order": 8, "patience": 8}}})";
  const std::string causality = R"({"kind": "causality", "seed": 1, "data": {"name": "rate", "neurons": 8, "samples": 2000},
    "granger": {"max_order": 6}, "attention": {"epochs": 0}})";
  // kind, config, the least number of positions that must have reported
  const std::vector<std::tuple<std::string, std::string, std::size_t>> runs{
      {"flatness", flatness, 4}, {"train", train, 2}, {"forecast", forecast, 1}, {"causality", causality, 1}};
  for (const auto& [name, config, positions] : runs) {
    INFO(name);
    check_reports(config, positions, 0.9);
  }
}
