#pragma once
// The --grid options of `rnnbook sweep`: one axis each, "PATH=VALUES".
//   seed=0:9            -> seed: [0, 1, ..., 9]      a:b is an inclusive integer range
//   model.rank=1,8,64   -> model.rank: [1, 8, 64]    a comma list; items may be ranges (0:2,10)
//   model.cell=rate,current / model.bias=true,false -> each item that parses as a JSON number or
//                          true/false is that, any other item is a string ("1e-3" is a number,
//                          ".5" and "null" are strings)
// Values with commas, objects or arrays go in the spec file's "grid" instead.
#include <string>
#include <utility>

#include "experiments/sweep.hpp"

namespace rnnbook {

// Returns (path, values); throws rnnbook::Error "--grid <arg>: ..." naming what is wrong. The path
// itself is checked by expand_sweep with the spec's other axes.
std::pair<std::string, ordered_json> parse_grid_arg(const std::string& arg);

}  // namespace rnnbook
