#include "sweep_dir.hpp"

#include <cstdio>

#include "common/error.hpp"
#include "experiments/result.hpp"
#include "files.hpp"

namespace rnnbook {

int point_digits(std::size_t count) {
  int digits = 1;
  for (std::size_t last = count > 0 ? count - 1 : 0; last >= 10; last /= 10) ++digits;
  return digits < 4 ? 4 : digits;
}

std::string point_dir(std::size_t index, std::size_t count) {
  char name[32];
  std::snprintf(name, sizeof name, "%0*zu", point_digits(count), index);
  return std::string("points/") + name;
}

ordered_json make_manifest(const ordered_json& base, const ordered_json& expansion) {
  const ordered_json& points = expansion["points"];
  ordered_json listed = ordered_json::array();
  for (const auto& p : points)
    listed.push_back({{"index", p["index"]}, {"values", p["values"]}, {"dir", point_dir(p["index"], points.size())}});
  return {{"format", kSweepFormat}, {"version", kVersion}, {"base", base}, {"axes", expansion["axes"]}, {"points", listed}};
}

ordered_json read_manifest(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "manifest.json";
  const std::string what = file.string();
  ordered_json m = ordered_json::parse(read_file(file, "manifest"), nullptr, false);
  if (m.is_discarded() || !m.is_object() || m.value("format", "") != kSweepFormat)
    throw Error(what + ": not a manifest of rnnbook sweep (format \"" + kSweepFormat + "\")");
  if (!m.contains("axes") || !m["axes"].is_array() || !m.contains("points") || !m["points"].is_array())
    throw Error(what + ": axes and points must be arrays");
  for (const auto& p : m["points"])
    if (!p.is_object() || !p.contains("dir") || !p["dir"].is_string() || !p.contains("values") || !p["values"].is_object())
      throw Error(what + ": each point needs \"dir\" and \"values\"");
  return m;
}

std::string manifest_difference(const ordered_json& a, const ordered_json& b) {
  for (const char* key : {"base", "axes", "points"})
    if (a.value(key, ordered_json()) != b.value(key, ordered_json())) return key;
  return "";
}

std::string point_spec_text(const ordered_json& config) { return config.dump(2) + "\n"; }

SweepState write_sweep(const std::filesystem::path& dir, const ordered_json& manifest,
                       const std::vector<std::string>& specs) {
  namespace fs = std::filesystem;
  const fs::path file = dir / "manifest.json";
  if (fs::exists(file)) {
    const std::string differs = manifest_difference(read_manifest(dir), manifest);
    if (!differs.empty())
      throw Error("sweep: " + dir.string() + " holds another sweep (its manifest.json differs in " + differs +
                  "); choose another --out or remove it");
  } else if (fs::exists(dir) && !(fs::is_directory(dir) && fs::is_empty(dir))) {
    throw Error("sweep: " + dir.string() + " exists and holds no manifest.json; choose another --out");
  } else {
    fs::create_directories(dir);
    write_file_atomic(file, manifest.dump(2) + "\n");
  }

  SweepState state{fs::absolute(dir).lexically_normal(), specs.size(), {}};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const fs::path point = dir / point_dir(i, specs.size());
    const fs::path spec = point / "spec.json";
    const bool same_spec = fs::exists(spec) && read_file(spec, "spec") == specs[i];
    if (same_spec && fs::exists(point / "result.json")) continue;
    if (!same_spec) {  // what another spec left there must not pass for this one's result
      fs::remove(point / "result.json");
      fs::remove(point / "error.txt");
      fs::create_directories(point);
      write_file_atomic(spec, specs[i]);
    }
    state.pending.push_back(i);
  }
  return state;
}

std::vector<std::size_t> failed_points(const std::filesystem::path& dir, std::size_t count) {
  std::vector<std::size_t> failed;
  for (std::size_t i = 0; i < count; ++i)
    if (std::filesystem::exists(dir / point_dir(i, count) / "error.txt")) failed.push_back(i);
  return failed;
}

}  // namespace rnnbook
