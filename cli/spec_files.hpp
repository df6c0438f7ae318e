#pragma once
// User data given by file in a spec: task.inputs, task.targets and task.mask (train), data.points
// (measure), data.inputs, data.targets, data.test_inputs and data.test_targets (flatness) and
// target.samples (sample) may be paths of .npy files, resolved relative to the spec file's
// directory; they are read into {"shape", "data"}.
#include <filesystem>
#include <string>

#include "experiments/sweep.hpp"

namespace rnnbook {

// Returns the spec text with each .npy path replaced by its array (the text unchanged when it has
// none, or is not valid JSON: core then reports it). Throws rnnbook::Error naming the field.
std::string load_data_files(const std::string& spec_text, const std::filesystem::path& base);

// The same fields' paths made absolute (base / path), so that a copy of the spec written elsewhere
// (a sweep's points/NNNN/spec.json) still finds its data. Other fields are left alone.
void absolute_data_paths(ordered_json& spec, const std::filesystem::path& base);

}  // namespace rnnbook
