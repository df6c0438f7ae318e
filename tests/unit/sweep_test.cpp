#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "experiments/sweep.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

namespace {

ordered_json expand(const std::string& text) { return expand_sweep(parse_sweep_text(text)); }

}  // namespace

TEST_CASE("expand_sweep: order, paths, list specs", "[sweep]") {
  SECTION("axes keep the grid's key order; the last axis varies fastest") {
    // "seed" sorts after "model.rank": a sorting json would swap the axes.
    const ordered_json s = expand(R"({"base": {"kind": "train"}, "grid": {"seed": [0, 1, 2], "model.rank": [1, 8]}})");
    REQUIRE(s["axes"].size() == 2);
    CHECK(s["axes"][0] == ordered_json::parse(R"({"path": "seed", "values": [0, 1, 2]})"));
    CHECK(s["axes"][1] == ordered_json::parse(R"({"path": "model.rank", "values": [1, 8]})"));
    REQUIRE(s["points"].size() == 6);
    const int seeds[] = {0, 0, 1, 1, 2, 2}, ranks[] = {1, 8, 1, 8, 1, 8};
    for (int i = 0; i < 6; ++i) {
      const ordered_json& p = s["points"][std::size_t(i)];
      CHECK(p["index"] == i);
      CHECK(p["values"].dump() == "{\"seed\":" + std::to_string(seeds[i]) + ",\"model.rank\":" + std::to_string(ranks[i]) + "}");
    }
  }
  SECTION("a point's config is the base with its values set, nested objects created") {
    const ordered_json s = expand(R"({"base": {"kind": "train", "model": {"hidden": 8}, "steps": 3},
                                     "grid": {"model.rank": [2], "optimizer.lr": [0.5], "task.a.b": ["x"]}})");
    REQUIRE(s["points"].size() == 1);
    CHECK(s["points"][0]["config"] == ordered_json::parse(R"({"kind": "train", "model": {"hidden": 8, "rank": 2},
        "steps": 3, "optimizer": {"lr": 0.5}, "task": {"a": {"b": "x"}}})"));
  }
  SECTION("a value replaces what the base holds at its path, whole objects included") {
    const ordered_json s = expand(R"({"base": {"seed": 1, "task": {"name": "flip_flop", "bits": 2}},
                                     "grid": {"seed": [7], "task": [{"name": "sine_wave"}]}})");
    CHECK(s["points"][0]["config"] == ordered_json::parse(R"({"seed": 7, "task": {"name": "sine_wave"}})"));
  }
  SECTION("no grid, or an empty one, is one point: the base") {
    for (const char* text : {R"({"base": {"seed": 3}})", R"({"base": {"seed": 3}, "grid": {}})"}) {
      const ordered_json s = expand(text);
      CHECK(s["axes"] == ordered_json::array());
      REQUIRE(s["points"].size() == 1);
      CHECK(s["points"][0] == ordered_json::parse(R"({"index": 0, "values": {}, "config": {"seed": 3}})"));
    }
    CHECK(expand(R"({"grid": {"seed": [1]}})")["points"][0]["config"] == ordered_json::parse(R"({"seed": 1})"));
  }
  SECTION("a list spec is one point per config, no axes") {
    const ordered_json s = expand(R"([{"seed": 1}, {"kind": "measure"}])");
    CHECK(s["axes"] == ordered_json::array());
    REQUIRE(s["points"].size() == 2);
    CHECK(s["points"][1] == ordered_json::parse(R"({"index": 1, "values": {}, "config": {"kind": "measure"}})"));
  }
  SECTION("three axes: point index = (i0 * n1 + i1) * n2 + i2") {
    const ordered_json s = expand(R"({"grid": {"a": [0, 1], "b": [0, 1, 2], "c": [0, 1, 2, 3]}})");
    REQUIRE(s["points"].size() == 24);
    for (const auto& p : s["points"]) {
      const int i = p["values"]["a"], j = p["values"]["b"], k = p["values"]["c"];
      CHECK(p["index"] == (i * 3 + j) * 4 + k);
    }
  }
}

TEST_CASE("expand_sweep: bad specs are refused naming the field", "[sweep]") {
  SECTION("the spec itself") {
    CHECK_THROWS_WITH(expand("5"), Equals("sweep: must be {\"base\": {...}, \"grid\": {...}} or a list of configs, got 5"));
    CHECK_THROWS_WITH(expand("{\"base\": {}, "), Equals("sweep: not valid JSON (at byte 14)"));
    CHECK_THROWS_WITH(expand(R"({"base": {}, "grids": {}})"), Equals("sweep.grids: unknown field; allowed here: base, grid"));
  }
  SECTION("base and grid") {
    CHECK_THROWS_WITH(expand(R"({"base": [1]})"), Equals("base: must be a config object, got [1]"));
    CHECK_THROWS_WITH(expand(R"({"grid": ["seed"]})"),
                      Equals("grid: must be an object of path: [values], e.g. {\"seed\": [0, 1, 2]}, got [\"seed\"]"));
    CHECK_THROWS_WITH(expand(R"({"grid": {"seed": 3}})"), Equals("grid.seed: must be a non-empty array of values, got 3"));
    CHECK_THROWS_WITH(expand(R"({"grid": {"seed": []}})"), Equals("grid.seed: must be a non-empty array of values, got []"));
  }
  SECTION("paths") {
    const std::string hint = "a path is field names joined by \".\", e.g. \"model.rank\"";
    CHECK_THROWS_WITH(expand(R"({"grid": {"": [1]}})"), Equals("grid: a path is empty; " + hint));
    for (const char* path : {"model..rank", ".seed", "seed."})
      CHECK_THROWS_WITH(expand(std::string(R"({"grid": {")") + path + R"(": [1]}})"),
                        Equals(std::string("grid.") + path + ": a path segment is empty; " + hint));
    CHECK_THROWS_WITH(expand(R"({"base": {"model": {"hidden": 64}}, "grid": {"model.hidden.x": [1]}})"),
                      Equals("grid.model.hidden.x: model.hidden is 64, not an object"));
    // The prefix may come from an earlier axis's value.
    CHECK_THROWS_WITH(expand(R"({"grid": {"model": [{}, 3], "model.rank": [1]}})"),
                      Equals("grid.model.rank: model is 3, not an object"));
  }
  SECTION("a list entry that is not an object") {
    CHECK_THROWS_WITH(expand(R"([{}, {}, {}, "x"])"), Equals("sweep[3]: must be a config object, got \"x\""));
  }
  SECTION("more than 100000 points, checked before any point is built") {
    std::string many = "[";
    for (int i = 0; i < 400; ++i) many += (i ? "," : "") + std::to_string(i);
    many += "]";
    CHECK_THROWS_WITH(expand(R"({"grid": {"a": )" + many + R"(, "b": )" + many + "}}"),
                      Equals("grid: 160000 points, at most 100000"));
    // 400^8 overflows 64 bits: the count saturates instead of wrapping around to a small number.
    std::string huge = R"({"grid": {)";
    for (int k = 0; k < 8; ++k) huge += (k ? "," : "") + std::string("\"a") + std::to_string(k) + "\": " + many;
    CHECK_THROWS_WITH(expand(huge + "}}"), Equals("grid: more than 10^19 points, at most 100000"));
    CHECK(expand(R"({"grid": {"a": )" + many + R"(, "b": [0, 1]}})")["points"].size() == 800);
    std::string list = "[";
    for (int i = 0; i <= 100000; ++i) list += i ? ",{}" : "{}";
    CHECK_THROWS_WITH(expand(list + "]"), Equals("sweep: 100001 configs, at most 100000"));
  }
}
