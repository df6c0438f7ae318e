#pragma once
// A checkpoint on disk: DIR/checkpoint.json (the header, arrays as {shape, file}) and one .npy
// file per array.
#include <filesystem>

#include "experiments/checkpoint.hpp"

namespace rnnbook {

void write_checkpoint(const Checkpoint& checkpoint, const std::filesystem::path& dir);
// Throws rnnbook::Error naming the file when it is missing or malformed.
Checkpoint read_checkpoint(const std::filesystem::path& dir);

}  // namespace rnnbook
