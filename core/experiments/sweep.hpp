#pragma once
// Sweeps: many configs from one spec. Both fronts expand a sweep here, so its order, limits and
// messages exist once: the CLI (`rnnbook sweep`) writes one spec file per point, the page
// (`rnnbook.sweep`, through wasm's sweepPoints) runs the points on its worker pool.
//
//   spec:   {"base": {...config...}, "grid": {"seed": [0, 1, 2], "model.rank": [1, 8]}}
//           or a list of configs [{...}, {...}]
//   result: {"axes":   [{"path": "seed", "values": [0, 1, 2]}, {"path": "model.rank", "values": [1, 8]}],
//            "points": [{"index": 0, "values": {"seed": 0, "model.rank": 1}, "config": {...}},
//                       {"index": 1, "values": {"seed": 0, "model.rank": 8}, "config": {...}}, ...]}
//
// Order: the axes come in the order of the grid's keys in the JSON text (the user's order, which is
// why sweeps use nlohmann::ordered_json: rnnbook::json sorts keys). The points are the cartesian
// product with the LAST axis varying fastest, like nested for-loops or itertools.product: point
// index = (i_0 * n_1 + i_1) * n_2 + i_2 ... for value i_k of axis k. A point's config is base with
// each axis's value set at its path, in axis order: "a.b.c" sets config["a"]["b"]["c"], creating
// missing objects. `grid` absent or {} gives one point, the base; `base` absent is {}. A list spec
// gives one point per config, axes [] and values {}.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace rnnbook {

using ordered_json = nlohmann::ordered_json;

inline constexpr std::size_t kMaxSweepPoints = 100000;

// Expands a sweep spec into its axes and points, as above. Throws rnnbook::Error naming the field:
// "sweep" (not an object or a list), "base", "grid", "grid.<path>" (values not a non-empty array, an
// empty path segment, a prefix that is not an object), "sweep[i]" (a list entry not an object), and
// more than kMaxSweepPoints points (checked before any point is built).
ordered_json expand_sweep(const ordered_json& spec);

// Parses a sweep spec's JSON text keeping its key order; throws "sweep: not valid JSON (at byte N)".
ordered_json parse_sweep_text(const std::string& text);

}  // namespace rnnbook
