#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "experiments/experiment.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

// The flatness experiment refuses bad configs before any work, naming the field and its range. The
// same messages reach the CLI and JS (tests/node/flatness.test.mjs).
TEST_CASE("bad input: flatness configs name the field and the range", "[bad-input][flatness]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"model": {"hidden": [0]}})",
       "model.hidden: must be an array of 0 to 16 hidden-layer widths, each an integer in [1, 1024], got [0]"},
      {R"({"model": {"hidden": 64}})",
       "model.hidden: must be an array of 0 to 16 hidden-layer widths, each an integer in [1, 1024], got 64"},
      {R"({"model": {"hidden": [8, 2.5]}})",
       "model.hidden: must be an array of 0 to 16 hidden-layer widths, each an integer in [1, 1024], got [8,2.5]"},
      {R"({"model": {"hidden": [1024, 1024, 1024]}})",
       "model.hidden: the network has 2130954 parameters, over the limit of 2000000; use fewer or narrower layers"},
      {R"({"model": {"activation": "sigmoid"}})",
       "model.activation: must be one of \"tanh\", \"relu\", \"softplus\", \"identity\", got \"sigmoid\""},
      {R"({"loss": "hinge"})", "loss: must be one of \"mse\", \"cross_entropy\", got \"hinge\""},
      {R"({"steps": -1})", "steps: must be an integer in [0, 1000000], got -1"},
      {R"({"batch_size": 0})", "batch_size: must be an integer in [1, 4096], got 0"},
      {R"({"optimizer": {"lr": 0}})", "optimizer.lr: must be a number in (0, 10], got 0"},
      {R"({"optimizer": {"name": "adam", "momentum": 0.9}})",
       "optimizer.momentum: unknown field; allowed here: name, lr, beta1, beta2, eps, weight_decay"},
      {R"({"data": {"classes": 1}})", "data.classes: must be an integer in [2, 1024], got 1"},
      {R"({"data": {"train": 0}})", "data.train: must be an integer in [1, 100000], got 0"},
      {R"({"data": {"noise": -1}})", "data.noise: must be a number in [0, 100], got -1"},
      {R"({"data": {"dim": 1024, "train": 5000}})",
       "data.train: train x dim = 5120000 values, over the limit of 4000000"},
      {R"({"data": {"inputs": [[1, 2]]}})",
       "data.inputs: unknown field; allowed here: name, classes, dim, noise, scale, train, test"},
      {R"({"data": {"name": "dataset"}})",
       "data.inputs: missing; the dataset needs inputs (n, d) and targets (n, k)"},
      {R"({"data": {"name": "dataset", "inputs": [[1, 2], [3, 4]], "targets": [[1, 0]]}})",
       "data.targets: 1 rows, but data.inputs has 2; one target row per point"},
      {R"({"data": {"name": "dataset", "inputs": {"shape": [2, 1], "data": [1, null]}, "targets": [[1], [0]]}})",
       "data.inputs.data[1]: must be a finite number, got null (NaN and infinity become null in JSON)"},
      {R"({"data": {"name": "dataset", "inputs": [1, 2], "targets": [[1], [0]]}})",
       "data.inputs: must be a 2-d array (n, d), got shape [2]"},
      {R"({"data": {"name": "dataset", "inputs": [[1], [2]], "targets": [[1], [0]], "test_inputs": [[1]]}})",
       "data.test_targets: missing; test_inputs and test_targets come together"},
      {R"({"data": {"name": "dataset", "inputs": [[1], [2]], "targets": [[1], [0]], "test_inputs": [[1, 2]],
          "test_targets": [[1]]}})",
       "data.test_inputs: 2 columns, but inputs have 1"},
      {R"({"measures": {"every": 0}})", "measures.every: must be an integer in [1, 1000000], got 0"},
      {R"({"measures": {"points": 2000}})", "measures.points: must be an integer in [1, 1000], got 2000"},
      {R"({"measures": {"log_volume_rank": 11}})", "measures.log_volume_rank: must be an integer in [1, 10], got 11"},
      {R"({"measures": {"layer_points": 1}})",
       "measures.layer_points: must be 0 (off) or an integer in [2, 1000] (a covariance needs two points), got 1"},
      {R"({"measures": {"hessian_samples": 1}})",
       "measures.hessian_samples: must be 0 (off) or an integer in [2, 10000] (a standard error needs two probes), got 1"},
      {R"({"measures": {"hessian_tol": 0}})", "measures.hessian_tol: must be a number in (0, 1), got 0"},
      {R"({"seeds": 3})",
       "seeds: unknown field; allowed here: kind, seed, steps, precision, batch_size, loss, data, model, optimizer, measures"},
  };
  for (const auto& [extra, message] : cases) {
    json config = json::parse(extra);
    config["kind"] = "flatness";
    INFO(extra);
    CHECK_THROWS_WITH(make_experiment(config.dump()), Equals(message));
  }
  SECTION("kind names both experiments") {
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "flat"})"),
                      Equals("kind: must be one of \"train\", \"sntk\", \"pitchfork\", \"measure\", \"sample\", \"flatness\", \"forecast\", \"switching\", \"causality\", \"lowrank\", got \"flat\""));
  }
  SECTION("the edges of the ranges are allowed") {
    CHECK_NOTHROW(make_experiment(
        R"({"kind": "flatness", "model": {"hidden": []}, "measures": {"points": 1000, "log_volume_rank": 10,
            "layer_points": 2, "hessian_samples": 2}})"));
    CHECK_NOTHROW(make_experiment(R"({"kind": "flatness", "data": {"test": 0}, "measures": {"layer_points": 1000}})"));
  }
}
