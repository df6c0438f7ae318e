#pragma once
// `rnnbook collect --arrays NAME`: one result array of every point of a sweep stacked into one
// array of shape (points, ...), in point order.
#include <filesystem>
#include <string>

#include "experiments/result.hpp"
#include "experiments/sweep.hpp"

namespace rnnbook {

// Reads points/NNNN/<name>.npy of every point whose result.json lists the array. Throws
// rnnbook::Error naming the array and the point when a point lacks it (failed, not run, or a kind
// without it) or its shape differs from point 0's: ragged arrays do not stack.
ResultArray stack_point_arrays(const std::filesystem::path& dir, const ordered_json& manifest, const std::string& name);

}  // namespace rnnbook
