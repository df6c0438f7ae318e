#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "experiments/experiment.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

// Issue 3, "Bad input": each out-of-range value is refused before any work, naming the field and
// its range. The same table runs through the CLI and JS in tests/node/bad_input.test.mjs.
TEST_CASE("bad input: rank, leak and sizes name the field and the range", "[bad-input]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"model": {"hidden": 16, "rank": 17}})",
       "model.rank: must be an integer in [0, 16] (0 = full rank, at most model.hidden), got 17"},
      {R"({"model": {"hidden": 16, "rank": -1}})",
       "model.rank: must be an integer in [0, 16] (0 = full rank, at most model.hidden), got -1"},
      {R"({"model": {"rank": 2.5}})",
       "model.rank: must be an integer in [0, 64] (0 = full rank, at most model.hidden), got 2.5"},
      {R"({"model": {"rank": "low"}})",
       "model.rank: must be an integer in [0, 64] (0 = full rank, at most model.hidden), got \"low\""},
      {R"({"model": {"leak": 0}})", "model.leak: must be a number in (0, 1], got 0"},
      {R"({"model": {"leak": 1.5}})", "model.leak: must be a number in (0, 1], got 1.5"},
      {R"({"model": {"leak": -0.2}})", "model.leak: must be a number in (0, 1], got -0.2"},
      {R"({"model": {"hidden": 1025}})", "model.hidden: must be an integer in [1, 1024], got 1025"},
      {R"({"batch_size": 1025})", "batch_size: must be an integer in [1, 1024], got 1025"},
      {R"({"eval_trials": 65})", "eval_trials: must be an integer in [1, 64], got 65"},
      {R"({"steps": 1000001})", "steps: must be an integer in [0, 1000000], got 1000001"},
      {R"({"task": {"steps": 5001}})", "task.steps: must be an integer in [1, 5000], got 5001"},
      {R"({"batch_size": 1024, "model": {"hidden": 1024}, "task": {"steps": 5000}})",
       "size: max(batch_size, eval_trials) x (time steps of the task) x model.hidden = 5242880000 exceeds the "
       "limit 4000000; make one of them smaller"},
  };
  for (const auto& [extra, message] : cases) {
    json config = json::parse(extra);
    config["kind"] = "train";
    INFO(extra);
    CHECK_THROWS_WITH(make_experiment(config.dump()), Equals(message));
  }
  SECTION("the edges of the ranges are allowed") {
    CHECK_NOTHROW(make_experiment(R"({"kind": "train", "model": {"hidden": 16, "rank": 16, "leak": 1}})"));
    CHECK_NOTHROW(make_experiment(R"({"kind": "train", "model": {"hidden": 16, "rank": 1, "leak": 1e-9}})"));
  }
}
