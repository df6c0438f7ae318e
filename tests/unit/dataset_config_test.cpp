#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

// A 2-bit copy task as user data: T = 4, B = 3 trials, the target is the input of the step before.
json copy_task() {
  json x = json::array(), y = json::array();
  for (int t = 0; t < 4; ++t) {
    json xt = json::array(), yt = json::array();
    for (int b = 0; b < 3; ++b) {
      xt.push_back({double((t + b) % 2), double((t * b) % 3) - 1});
      yt.push_back({t == 0 ? 0.0 : double((t - 1 + b) % 2)});
    }
    x.push_back(xt);
    y.push_back(yt);
  }
  return {{"name", "dataset"}, {"inputs", x}, {"targets", y}};
}

json config_with(const json& task) {
  json c = json::parse(R"({"kind": "train", "seed": 1, "steps": 40, "batch_size": 3, "eval_trials": 3,
                           "model": {"hidden": 8}, "optimizer": {"lr": 0.02}})");
  c["task"] = task;
  return c;
}

std::string error_of(const json& task) {
  try {
    make_experiment(config_with(task).dump());
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("dataset task: user arrays from the config train, in either array form", "[dataset]") {
  const json nested = copy_task();
  const Result r = run_experiment(config_with(nested).dump());
  CHECK(r.arrays.at("eval_input").shape == std::vector<std::size_t>{3, 4, 2});
  CHECK(r.arrays.at("eval_target").shape == std::vector<std::size_t>{3, 4, 1});
  CHECK(r.config["task"]["inputs"] == json({{"shape", {4, 3, 2}}}));  // the echo holds shapes only
  CHECK(r.config["task"]["loss"] == "mse");
  const auto& loss = r.arrays.at("loss").data;
  CHECK(loss.back() < loss.front());

  SECTION("{shape, data} in C order gives the same run as nested arrays") {
    json flat = nested;
    for (const char* key : {"inputs", "targets"}) {
      json data = json::array();
      for (const auto& t : nested[key])
        for (const auto& b : t)
          for (const auto& k : b) data.push_back(k);
      flat[key] = {{"shape", {4, 3, nested[key][0][0].size()}}, {"data", data}};
    }
    CHECK(run_experiment(config_with(flat).dump()).arrays.at("loss").data == loss);
  }
  SECTION("a mask (T, B) weights the loss: masking every step but the last changes the run") {
    json masked = nested;
    masked["mask"] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {1, 1, 1}};
    CHECK(run_experiment(config_with(masked).dump()).arrays.at("loss").data != loss);
  }
  SECTION("cross-entropy takes one-hot targets and reports accuracy") {
    json ce = nested;
    ce["loss"] = "cross_entropy";
    json y = json::array();
    for (int t = 0; t < 4; ++t) y.push_back({{1, 0}, {0, 1}, {1, 0}});
    ce["targets"] = y;
    CHECK(run_experiment(config_with(ce).dump()).scalars.count("eval_accuracy") == 1);
  }
}

TEST_CASE("dataset task: bad user data is refused, naming the field", "[dataset]") {
  json t = copy_task();
  t.erase("targets");
  CHECK(error_of(t) == "task.targets: missing; the dataset task needs inputs (T, B, I) and targets (T, B, O)");
  t = copy_task();
  t["targets"] = {{"shape", {4, 2, 1}}, {"data", std::vector<double>(8, 0.0)}};
  CHECK_THAT(error_of(t), StartsWith("task.targets: shape (4, 2, 1) must be (4, 3, O) to match task.inputs"));
  t = copy_task();
  t["inputs"][2][1][0] = nullptr;  // what JSON.stringify makes of NaN
  CHECK(error_of(t) == "task.inputs[2][1][0]: must be a finite number, got null (NaN and infinity become null in JSON)");
  t = copy_task();
  t["inputs"] = {{"shape", {1, 1, 2}}, {"data", {1, "x"}}};
  CHECK(error_of(t) == "task.inputs.data[1]: must be a finite number, got \"x\"");
  t = copy_task();
  t["inputs"] = {{"shape", {4, 3, 2}}, {"data", {1, 2}}};
  CHECK(error_of(t) == "task.inputs.data: shape [4, 3, 2] needs 24 values, got 2");
  t = copy_task();
  t["inputs"][1].erase(0);
  CHECK_THAT(error_of(t), StartsWith("task.inputs[1]: must be an array of 3 entries"));
  t = copy_task();
  t["inputs"] = json::array();
  CHECK(error_of(t) == "task.inputs: must be a 3-d array (T, B, I), got shape [0]");
  t = copy_task();
  t["inputs"] = {{"shape", {4, 0, 2}}, {"data", json::array()}};
  CHECK(error_of(t) == "task.inputs: shape [4, 0, 2] has an empty axis");
  t = copy_task();
  t["inputs"] = {{"shape", {5000, 1000, 1}}, {"data", json::array()}};
  CHECK(error_of(t) == "task.inputs: shape [5000, 1000, 1] holds 5000000 values, over the limit of 4000000");
  t = copy_task();
  t["inputs"] = {{"shape", {5001, 1, 1}}, {"data", std::vector<double>(5001, 0.0)}};
  CHECK(error_of(t) == "task.inputs: T = 5001 time steps, over the limit of 5000");
  t = copy_task();
  t["inputs"] = {{"shape", {1, 1, 1025}}, {"data", std::vector<double>(1025, 0.0)}};
  CHECK(error_of(t) == "task.inputs: I = 1025 input channels, over the limit of 1024");
  t = copy_task();
  t["mask"] = {{0, 0, 2}, {0, 0, 0}, {0, 0, 0}, {1, 1, 1}};
  CHECK(error_of(t) == "task.mask: entries must be in [0, 1]");
  t = copy_task();
  t["mask"] = {{0, 0}, {0, 0}, {0, 0}, {1, 1}};
  CHECK_THAT(error_of(t), StartsWith("task.mask: shape (4, 2) must be (4, 3)"));
  t = copy_task();
  t["shape"] = 3;
  CHECK_THAT(error_of(t), StartsWith("task.shape: unknown field; allowed here: name, loss, inputs, targets, mask"));
}
