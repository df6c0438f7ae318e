#include <catch2/catch.hpp>
#include <cmath>

#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"

using namespace rnnbook;

namespace {
// A learning rate far too large: the weights blow up within a few steps.
const char* const kDiverges =
    R"({"kind": "train", "seed": 1, "steps": 100, "batch_size": 4,
        "model": {"hidden": 16, "activation": "identity", "gain": 3}, "task": {"bits": 2, "steps": 20},
        "optimizer": {"name": "sgd", "lr": 10}})";
}

TEST_CASE("guard: a diverging run stops at the step, says so, and keeps the last finite state", "[guard]") {
  TrainExperiment e(json::parse(kDiverges));
  std::string message;
  try {
    e.step(100);
  } catch (const Diverged& d) {
    message = d.what();
  }
  const long k = e.diverged_at();
  INFO(message);
  REQUIRE(k > 0);
  REQUIRE(k < 100);
  CHECK(e.position() == k);
  CHECK(message.rfind("training diverged at step " + std::to_string(k) + ": ", 0) == 0);
  CHECK(message.find("lower optimizer.lr") != std::string::npos);
  CHECK(e.parameters().flat().allFinite());

  const Result r = e.result();
  CHECK(r.scalars.at("diverged") == 1);
  CHECK(r.scalars.at("diverged_at_step") == double(k));
  CHECK(r.scalars.at("steps_done") == double(k));
  CHECK(r.scalars.at("stopped_early") == 1);
  for (double v : r.arrays.at("loss").data) CHECK(std::isfinite(v));
  CHECK(r.arrays.at("loss").data.size() == std::size_t(k));

  SECTION("stepping again repeats the error and does nothing") {
    CHECK_THROWS_AS(e.step(1), Diverged);
    CHECK(e.position() == k);
  }
  SECTION("the snapshot holds the last finite state and says where it diverged") {
    const Checkpoint cp = e.snapshot();
    CHECK(cp.header["scalars"]["diverged_at_step"] == k);
    for (double v : cp.arrays.at("theta").data) CHECK(std::isfinite(v));
    // It equals the state of a run stopped one step before the divergence.
    TrainExperiment before(json::parse(kDiverges));
    before.step(k);
    CHECK(before.parameters().flat() == e.parameters().flat());
    CHECK(before.snapshot().header["state"] == cp.header["state"]);
    TrainExperiment restored(json::parse(kDiverges));
    restored.restore(cp);
    CHECK(restored.position() == k);
    CHECK_THROWS_AS(restored.step(1), Diverged);  // the same data and weights diverge again
  }
  SECTION("run_experiment rethrows the message") {
    CHECK_THROWS_WITH(run_experiment(kDiverges), message);
  }
}

TEST_CASE("guard: a run that stays finite says it did not diverge", "[guard]") {
  json config = json::parse(kDiverges);
  config["model"] = {{"hidden", 16}};  // tanh, gain 1
  config["optimizer"]["lr"] = 0.01;
  config["steps"] = 5;
  const Result r = run_experiment(config.dump());
  CHECK(r.scalars.at("diverged") == 0);
  CHECK(r.scalars.count("diverged_at_step") == 0);
}
