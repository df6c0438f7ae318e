#include "sweep_plan.hpp"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "common/error.hpp"
#include "experiments/experiment.hpp"
#include "files.hpp"
#include "grid_args.hpp"
#include "spec_files.hpp"
#include "sweep_dir.hpp"

namespace rnnbook {

namespace {

std::string read_spec_text(const std::string& spec_path) {
  if (spec_path != "-") return read_file(spec_path, "spec");
  std::ostringstream os;
  os << std::cin.rdbuf();
  return os.str();
}

// {base, grid} as given, a list as given, any other object as the base of a sweep.
ordered_json sweep_spec(ordered_json spec) {
  if (spec.is_object() && !spec.contains("base") && !spec.contains("grid"))
    return ordered_json{{"base", std::move(spec)}};
  return spec;
}

// "seed = 1, model.hidden = 5000", how a message names a point.
std::string values_text(const ordered_json& values) {
  std::string t;
  for (auto it = values.begin(); it != values.end(); ++it)
    t += (t.empty() ? "" : ", ") + it.key() + " = " + it.value().dump();
  return t;
}

}  // namespace

SweepPlan plan_sweep(const std::string& spec_path, const std::vector<std::string>& grid_args) {
  namespace fs = std::filesystem;
  ordered_json spec = sweep_spec(parse_sweep_text(read_spec_text(spec_path)));
  if (!grid_args.empty() && spec.is_array())
    throw Error("--grid: the spec is a list of configs; a grid needs one base config");
  for (const auto& arg : grid_args) {
    auto [path, values] = parse_grid_arg(arg);
    if (!spec.is_object()) break;  // expand_sweep names what the spec should be
    if (!spec.contains("grid")) spec["grid"] = ordered_json::object();
    // A path the spec's grid already has keeps its place and takes the command line's values.
    if (spec["grid"].is_object()) spec["grid"][path] = std::move(values);
  }
  // .npy paths are relative to the spec file; each point's spec.json lives elsewhere. Made absolute
  // in each point (a grid may give paths too) and in the manifest's base.
  const fs::path data_base = spec_path == "-" ? fs::path(".") : fs::path(spec_path).parent_path();
  ordered_json expansion = expand_sweep(spec);
  ordered_json base = spec.is_array() ? ordered_json() : spec.value("base", ordered_json::object());
  absolute_data_paths(base, data_base);
  SweepPlan plan;
  for (auto& point : expansion["points"]) {
    absolute_data_paths(point["config"], data_base);
    const std::string text = point_spec_text(point["config"]);
    try {  // as `rnnbook run` would: data files loaded, the experiment built (not run)
      make_experiment(load_data_files(text, data_base));
    } catch (const Error& e) {
      const std::string values = values_text(point["values"]);
      throw Error("sweep: point " + point["index"].dump() + (values.empty() ? "" : " (" + values + ")") + ": " + e.what());
    }
    plan.specs.push_back(text);
  }
  plan.manifest = make_manifest(base, expansion);
  return plan;
}

}  // namespace rnnbook
