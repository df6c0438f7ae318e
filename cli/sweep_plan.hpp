#pragma once
// From `rnnbook sweep SPEC.json --grid ...` to the points: the spec file read (a config, {base,
// grid} or a list of configs), the --grid axes added, the .npy paths made absolute, the grid
// expanded by core (core/experiments/sweep.hpp) and every point's config validated by building it,
// all before anything is written.
#include <string>
#include <vector>

#include "experiments/sweep.hpp"

namespace rnnbook {

struct SweepPlan {
  ordered_json manifest;           // sweep_dir.hpp's manifest.json
  std::vector<std::string> specs;  // each point's spec.json text, in point order
};

// spec_path "-" reads standard input. Throws rnnbook::Error naming the field; a point whose config
// the core refuses is named with its values: "sweep: point 3 (model.hidden = 5000): model.hidden: ...".
SweepPlan plan_sweep(const std::string& spec_path, const std::vector<std::string>& grid_args);

}  // namespace rnnbook
