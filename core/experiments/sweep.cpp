#include "experiments/sweep.hpp"

#include <cstdint>
#include <limits>
#include <vector>

#include "common/error.hpp"
#include "experiments/fields.hpp"

namespace rnnbook {

namespace {

const char* const kPathHint = "a path is field names joined by \".\", e.g. \"model.rank\"";

struct Axis {
  std::string path;
  std::vector<std::string> segments;  // "model.rank" -> {"model", "rank"}
  const ordered_json* values;
};

std::vector<std::string> path_segments(const std::string& path) {
  if (path.empty()) throw Error(std::string("grid: a path is empty; ") + kPathHint);
  std::vector<std::string> segments(1);
  for (char c : path) {
    if (c == '.') segments.emplace_back();
    else segments.back() += c;
  }
  for (const auto& s : segments)
    if (s.empty()) throw Error("grid." + path + ": a path segment is empty; " + kPathHint);
  return segments;
}

// Sets config[s0][s1]...[sn] = value, creating missing (or null) objects on the way.
void set_path(ordered_json& config, const Axis& axis, const ordered_json& value) {
  ordered_json* at = &config;
  std::string prefix;
  for (std::size_t i = 0; i + 1 < axis.segments.size(); ++i) {
    prefix += (i ? "." : "") + axis.segments[i];
    ordered_json& next = (*at)[axis.segments[i]];
    if (next.is_null()) next = ordered_json::object();
    if (!next.is_object())
      throw Error("grid." + axis.path + ": " + prefix + " is " + shown_value(json(next)) + ", not an object");
    at = &next;
  }
  (*at)[axis.segments.back()] = value;
}

// The product of the axis sizes, saturating (so a huge grid is refused, not wrapped around).
std::uint64_t point_count(const std::vector<Axis>& axes) {
  std::uint64_t n = 1;
  for (const auto& a : axes) {
    const std::uint64_t k = a.values->size();
    n = n > std::numeric_limits<std::uint64_t>::max() / k ? std::numeric_limits<std::uint64_t>::max() : n * k;
  }
  return n;
}

std::string count_text(std::uint64_t n) {
  return n == std::numeric_limits<std::uint64_t>::max() ? "more than 10^19" : std::to_string(n);
}

ordered_json expand_list(const ordered_json& list) {
  if (list.size() > kMaxSweepPoints)
    throw Error("sweep: " + std::to_string(list.size()) + " configs, at most " + std::to_string(kMaxSweepPoints));
  ordered_json points = ordered_json::array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object())
      throw Error("sweep[" + std::to_string(i) + "]: must be a config object, got " + shown_value(json(list[i])));
    points.push_back({{"index", i}, {"values", ordered_json::object()}, {"config", list[i]}});
  }
  return {{"axes", ordered_json::array()}, {"points", std::move(points)}};
}

ordered_json expand_grid(const ordered_json& spec) {
  for (auto it = spec.begin(); it != spec.end(); ++it)
    if (it.key() != "base" && it.key() != "grid")
      throw Error("sweep." + it.key() + ": unknown field; allowed here: base, grid");
  const ordered_json empty = ordered_json::object();
  const ordered_json& base = spec.contains("base") ? spec["base"] : empty;
  if (!base.is_object()) throw Error("base: must be a config object, got " + shown_value(json(base)));
  const ordered_json& grid = spec.contains("grid") ? spec["grid"] : empty;
  if (!grid.is_object())
    throw Error("grid: must be an object of path: [values], e.g. {\"seed\": [0, 1, 2]}, got " + shown_value(json(grid)));

  std::vector<Axis> axes;
  for (auto it = grid.begin(); it != grid.end(); ++it) {
    Axis a{it.key(), path_segments(it.key()), &it.value()};
    if (!a.values->is_array() || a.values->empty())
      throw Error("grid." + a.path + ": must be a non-empty array of values, got " + shown_value(json(*a.values)));
    axes.push_back(std::move(a));
  }
  const std::uint64_t count = point_count(axes);
  if (count > kMaxSweepPoints)
    throw Error("grid: " + count_text(count) + " points, at most " + std::to_string(kMaxSweepPoints));

  ordered_json out_axes = ordered_json::array();
  for (const auto& a : axes) out_axes.push_back({{"path", a.path}, {"values", *a.values}});
  ordered_json points = ordered_json::array();
  std::vector<std::size_t> at(axes.size(), 0);  // the value index on each axis, an odometer
  for (std::uint64_t index = 0; index < count; ++index) {
    ordered_json config = base, values = ordered_json::object();
    for (std::size_t k = 0; k < axes.size(); ++k) {
      const ordered_json& v = (*axes[k].values)[at[k]];
      set_path(config, axes[k], v);
      values[axes[k].path] = v;
    }
    points.push_back({{"index", index}, {"values", std::move(values)}, {"config", std::move(config)}});
    for (std::size_t k = axes.size(); k-- > 0;) {  // the last axis turns fastest
      if (++at[k] < axes[k].values->size()) break;
      at[k] = 0;
    }
  }
  return {{"axes", std::move(out_axes)}, {"points", std::move(points)}};
}

}  // namespace

ordered_json expand_sweep(const ordered_json& spec) {
  if (spec.is_array()) return expand_list(spec);
  if (spec.is_object()) return expand_grid(spec);
  throw Error("sweep: must be {\"base\": {...}, \"grid\": {...}} or a list of configs, got " + shown_value(json(spec)));
}

ordered_json parse_sweep_text(const std::string& text) {
  try {
    return ordered_json::parse(text);
  } catch (const ordered_json::parse_error& e) {
    throw Error("sweep: not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const ordered_json::exception&) {  // as parse_config_text: a number beyond double's range
    throw Error("sweep: not valid JSON (a number is out of range)");
  }
}

}  // namespace rnnbook
