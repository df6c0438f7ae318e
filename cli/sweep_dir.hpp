#pragma once
// A sweep on disk (docs/sweeps.md), shared by `rnnbook sweep` and `rnnbook collect`:
//   DIR/manifest.json   {"format": "rnnbook-sweep", "version", "base", "axes",
//                        "points": [{"index": 0, "values": {...}, "dir": "points/0000"}, ...]}
//                       (base is null for a list of configs)
//   DIR/points/NNNN/    spec.json (the point's config); once run: result.json (written last and
//                       atomically), one .npy per array, checkpoint/; error.txt when it failed
//                       (beside a result.json when training diverged)
// NNNN has 4 digits, more when the sweep has more than 10000 points.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/sweep.hpp"

namespace rnnbook {

inline constexpr const char* kSweepFormat = "rnnbook-sweep";

// Digits of the point directories: 4, or enough for index count - 1.
int point_digits(std::size_t count);
// "points/0007"
std::string point_dir(std::size_t index, std::size_t count);

// The manifest of an expansion {axes, points} (core's expand_sweep); base is null for a list spec.
ordered_json make_manifest(const ordered_json& base, const ordered_json& expansion);
// DIR/manifest.json; throws rnnbook::Error naming the file when it is missing or not a sweep's.
ordered_json read_manifest(const std::filesystem::path& dir);
// The first of base, axes, points where two manifests differ, or "" when they describe one sweep.
std::string manifest_difference(const ordered_json& a, const ordered_json& b);

// What points/NNNN/spec.json holds for a config: the same bytes every time, so that a point whose
// spec.json has them and whose result.json exists is complete.
std::string point_spec_text(const ordered_json& config);

struct SweepState {
  std::filesystem::path dir;         // absolute
  std::size_t count = 0;             // points in the sweep
  std::vector<std::size_t> pending;  // points without a complete result, in order
};

// Creates the sweep in dir, or takes up the one there: refuses (rnnbook::Error) a dir that holds
// another sweep or other files. A point is complete when its spec.json has this sweep's bytes and
// its result.json exists; any other point gets this sweep's spec.json (its old result.json and
// error.txt removed when the spec changed) and is pending. The manifest is written first, so a
// sweep killed while writing is taken up again.
SweepState write_sweep(const std::filesystem::path& dir, const ordered_json& manifest,
                       const std::vector<std::string>& specs);
// Points whose directory holds error.txt, in order.
std::vector<std::size_t> failed_points(const std::filesystem::path& dir, std::size_t count);

}  // namespace rnnbook
