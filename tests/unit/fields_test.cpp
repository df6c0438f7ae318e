#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "experiments/experiment.hpp"
#include "experiments/fields.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

TEST_CASE("Fields reads values, fills defaults and names bad fields", "[config]") {
  json filled;
  SECTION("defaults are filled when fields are absent") {
    const json in = json::parse(R"({"model": {}})");
    Fields root(in, filled, "");
    CHECK(root.integer("steps", 10, 0, 100) == 10);
    Fields model = root.object("model");
    CHECK(model.number("leak", 0.5, 0, 1) == 0.5);
    model.finish();
    root.finish();
    CHECK(filled == json::parse(R"({"steps": 10, "model": {"leak": 0.5}})"));
  }
  SECTION("an out-of-range value names the field and the range") {
    const json in = json::parse(R"({"model": {"hidden": 5000}})");
    Fields root(in, filled, "");
    Fields model = root.object("model");
    CHECK_THROWS_WITH(model.integer("hidden", 64, 1, 1024),
                      Equals("model.hidden: must be an integer in [1, 1024], got 5000"));
  }
  SECTION("open interval ends are shown as such") {
    const json in = json::parse(R"({"leak": 0})");
    Fields root(in, filled, "");
    CHECK_THROWS_WITH(root.number("leak", 1, 0, 1, true, false),
                      Equals("leak: must be a number in (0, 1], got 0"));
  }
  SECTION("a subnormal number is refused, naming the field and the range") {
    const json in = json::parse(R"({"tau": 5e-324, "shift": -1e-310, "zero": 0})");
    Fields root(in, filled, "");
    CHECK_THROWS_WITH(root.number("tau", 1, 0, 100, true, false),
                      Equals("tau: must be a number in (0, 100] and 0 or at least 2.2250738585072014e-308 in magnitude "
                             "(not subnormal), got 5e-324"));
    CHECK_THROWS_WITH(root.number("shift", 0, -1, 1), Contains("shift: must be a number in [-1, 1] and 0 or at least"));
    CHECK(root.number("zero", 1, 0, 1) == 0.0);
  }
  SECTION("a wrong type names the field") {
    const json in = json::parse(R"({"steps": "many", "flag": 1, "name": 3, "x": 1.5})");
    Fields root(in, filled, "");
    CHECK_THROWS_WITH(root.integer("steps", 1, 0, 9),
                      Equals("steps: must be an integer in [0, 9], got \"many\""));
    CHECK_THROWS_WITH(root.boolean("flag", false), Equals("flag: must be true or false, got 1"));
    CHECK_THROWS_WITH(root.choice("name", "a", {"a", "b"}),
                      Equals("name: must be one of \"a\", \"b\", got 3"));
    CHECK_THROWS_WITH(root.integer("x", 1, 0, 9), Contains("x: must be an integer"));
  }
  SECTION("integral floats are accepted as integers") {
    const json in = json::parse(R"({"steps": 3.0})");
    Fields root(in, filled, "");
    CHECK(root.integer("steps", 1, 0, 9) == 3);
  }
  SECTION("an unknown field is refused with the allowed list") {
    const json in = json::parse(R"({"model": {"hiden": 3}})");
    Fields root(in, filled, "");
    Fields model = root.object("model");
    model.integer("hidden", 64, 1, 1024);
    model.number("leak", 1, 0, 1);
    CHECK_THROWS_WITH(model.finish(),
                      Equals("model.hiden: unknown field; allowed here: hidden, leak"));
  }
  SECTION("a group that is not an object is refused") {
    const json in = json::parse(R"({"model": [1]})");
    Fields root(in, filled, "");
    CHECK_THROWS_WITH(root.object("model"), Equals("model: must be an object, got [1]"));
  }
}

TEST_CASE("make_experiment validates the whole train config", "[config]") {
  SECTION("bad JSON") {
    CHECK_THROWS_WITH(make_experiment("{\"kind\": "), Contains("config: not valid JSON"));
    CHECK_THROWS_WITH(make_experiment("{\"kind\": \"train\", \"seed\": 1e3084}"),
                      "config: not valid JSON (a number is out of range)");
  }
  SECTION("missing or unknown kind") {
    CHECK_THROWS_WITH(make_experiment("{}"), Contains("kind: missing"));
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "trian"})"),
                      Equals("kind: must be one of \"train\", \"sntk\", \"pitchfork\", \"measure\", \"sample\", \"flatness\", \"forecast\", \"switching\", \"causality\", \"lowrank\", got \"trian\""));
  }
  SECTION("each group names its fields") {
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "optimizer": {"lr": -1}})"),
                      Equals("optimizer.lr: must be a number in (0, 10], got -1"));
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "task": {"bits": 0}})"),
                      Equals("task.bits: must be an integer in [1, 16], got 0"));
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "seed": -3})"),
                      Contains("seed: must be an integer in [0, 9007199254740991]"));
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "stpes": 3})"),
                      Contains("stpes: unknown field; allowed here: kind, seed, steps"));
  }
  SECTION("the size limit is checked before allocating, with the estimate and the limit") {
    CHECK_THROWS_WITH(
        make_experiment(R"({"kind": "train", "batch_size": 1024, "model": {"hidden": 1024}, "task": {"steps": 5000}})"),
        Equals("size: max(batch_size, eval_trials) x (time steps of the task) x model.hidden = 5242880000 exceeds "
               "the limit 4000000; make one of them smaller"));
  }
  SECTION("a subnormal temperature is refused up front, not after training (it failed in result())") {
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "switching", "model": {"tau": 5e-324}})"),
                      Contains("model.tau: must be a number in (0, 100] and 0 or at least"));
  }
  SECTION("errors are rnnbook::Error") {
    CHECK_THROWS_AS(make_experiment("[]"), Error);
  }
}
