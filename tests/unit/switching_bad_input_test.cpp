#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "experiments/experiment.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

// The switching experiment refuses bad configs before any work, naming the field and its range.
TEST_CASE("bad input: switching configs name the field and the range", "[bad-input][switching]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"data": {"name": "lorenz"}})", "data.name: must be one of \"nascar\", \"series\", got \"lorenz\""},
      {R"({"data": {"variant": "sticky"}})", "data.variant: must be one of \"standard\", \"soft_sticky\", got \"sticky\""},
      {R"({"data": {"steps": 1}})", "data.steps: must be an integer in [2, 100000], got 1"},
      {R"({"data": {"test_steps": 1}})",
       "data.test_steps: must be 0 (score on the training data) or an integer in [2, 100000], got 1"},
      {R"({"data": {"tau": 0}})", "data.tau: must be a number in (0, 100], got 0"},
      {R"({"data": {"observations": 256, "steps": 20000}})",
       "data.steps: steps x observations = 5120000 values, over the limit of 4000000"},
      {R"({"data": {"train": [[1, 2]]}})",
       "data.train: unknown field; allowed here: name, variant, steps, test_steps, observations, scale, tau, gamma, noise"},
      {R"({"data": {"name": "series"}})", "data.train: missing; a series needs train (T, N)"},
      {R"({"data": {"name": "series", "train": [[1, 2]]}})", "data.train: needs at least 2 steps, got 1"},
      {R"({"data": {"name": "series", "train": [1, 2, 3]}})", "data.train: must be a 2-d array (T, N), got shape [3]"},
      {R"({"data": {"name": "series", "train": [[1, 2], [3, 4], [5, 6]], "test": [[1], [2]]}})",
       "data.test: 1 columns, but train has 2"},
      {R"({"data": {"name": "series", "train": [[1], [2], [3]], "test": [[1], [2]], "test_states": [[1], [0]]}})",
       "data.train_states: missing; test_states are scored against a kNN fitted on train_states"},
      {R"({"data": {"name": "series", "train": [[1], [2], [3]], "train_states": [[1, 0], [0, 1]]}})",
       "data.train_states: 2 steps, but train has 3"},
      {R"({"data": {"name": "series", "train": [[1], [2], [3], [4], [5], [6]], "train_states": [[1, 0], [0, 1], [1, 0], [1, 0], [1, 0], [1, 0]]}})",
       "data.train_states: 2 states per step, but model.states is 4"},
      {R"({"data": {"name": "series", "train": {"shape": [2, 1], "data": [1, null]}}})",
       "data.train.data[1]: must be a finite number, got null (NaN and infinity become null in JSON)"},
      {R"({"model": {"states": 0}})", "model.states: must be an integer in [1, 16], got 0"},
      {R"({"model": {"projection": 17}})", "model.projection: must be an integer in [1, 16], got 17"},
      {R"({"model": {"tau": -1}})", "model.tau: must be a number in (0, 100], got -1"},
      {R"({"training": {"lr": 0}})", "training.lr: must be a number in (0, 10], got 0"},
      {R"({"training": {"samples": 101}})", "training.samples: must be an integer in [1, 100], got 101"},
      {R"({"training": {"stop_window": 1}})", "training.stop_window: must be an integer in [2, 100000], got 1"},
      {R"({"training": {"samples": 100, "iterations": 10}, "data": {"steps": 20000}})",
       "training.samples: samples x steps x states = 8000000 values, over the limit of 4000000"},
      {R"({"training": {"momentum": 0.9}})",
       "training.momentum: unknown field; allowed here: iterations, samples, lr, weight_decay, clip_norm, warmup, entropy_bonus, early_stopping, stop_window, stop_increment"},
      {R"({"baseline": {"ridge": 0}})", "baseline.ridge: must be a number in (0, 1e+06], got 0"},
      {R"({"baseline": {"iterations": 1001}})", "baseline.iterations: must be an integer in [0, 1000], got 1001"},
      {R"({"data": {"steps": 4}})",
       "baseline.fit: the hard model needs at least model.states + 1 = 5 training steps, got 4; set baseline.fit to false or give more steps"},
      {R"({"evaluation": {"horizon": 1000}})", "evaluation.horizon: must be an integer in [1, 999], got 1000"},
      {R"({"evaluation": {"knn": 0}})", "evaluation.knn: must be an integer in [1, 1000], got 0"},
      {R"({"evaluation": {"paths": 1000, "horizon": 100}})",
       "evaluation.paths: steps x paths x horizon = 100000000 forecast steps, over the limit of 20000000"},
      {R"({"data": {"steps": 20000, "test_steps": 20000}})",
       "data: train steps x test steps = 400000000 kNN distances, over the limit of 100000000"},
      {R"({"seeds": 3})",
       "seeds: unknown field; allowed here: kind, seed, data, model, training, baseline, evaluation"},
  };
  for (const auto& [extra, message] : cases) {
    json config = json::parse(extra);
    config["kind"] = "switching";
    INFO(extra);
    CHECK_THROWS_WITH(make_experiment(config.dump()), Equals(message));
  }
  SECTION("the edges of the ranges are allowed") {
    CHECK_NOTHROW(make_experiment(R"({"kind": "switching", "data": {"steps": 5, "test_steps": 0},
        "model": {"states": 4}, "training": {"iterations": 0}, "evaluation": {"horizon": 4, "knn": 5}})"));
    CHECK_NOTHROW(make_experiment(R"({"kind": "switching", "data": {"name": "series", "train": [[1], [2]]},
        "model": {"states": 1}, "baseline": {"fit": false}, "training": {"iterations": 0}})"));
  }
}

TEST_CASE("bad input: switching model.posterior names its allowed values", "[bad-input][switching]") {
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "switching", "model": {"posterior": "increments"}})"),
                    Equals("model.posterior: must be one of \"observation\", \"increment\", got \"increments\""));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "switching", "model": {"posterior": true}})"),
                    Catch::Matchers::StartsWith("model.posterior: "));
  CHECK_NOTHROW(make_experiment(R"({"kind": "switching", "model": {"posterior": "increment"}, "training": {"iterations": 0}})"));
}
