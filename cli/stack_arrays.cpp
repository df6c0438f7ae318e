#include "stack_arrays.hpp"

#include "common/error.hpp"
#include "files.hpp"
#include "io/npy.hpp"

namespace rnnbook {

namespace {

// Why a point has no such array, for the message.
std::string missing_reason(const std::filesystem::path& point, bool has_result) {
  const auto error = point / "error.txt";
  if (std::filesystem::exists(error)) {
    std::string text = read_file(error, "collect");
    text = text.substr(0, text.find('\n'));
    return "it failed: " + text;
  }
  return has_result ? "its result has none" : "it has not run";
}

}  // namespace

ResultArray stack_point_arrays(const std::filesystem::path& dir, const ordered_json& manifest, const std::string& name) {
  const std::string what = "collect: --arrays " + name;
  ResultArray stacked;
  std::vector<std::size_t> first_shape;
  const ordered_json& points = manifest["points"];
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto point = dir / points[i]["dir"].get<std::string>();
    // A run cut short may leave .npy files without result.json: only a finished run's arrays count.
    const auto result_file = point / "result.json";
    const bool has_result = std::filesystem::exists(result_file);
    const json result = has_result ? json::parse(read_file(result_file, "collect"), nullptr, false) : json();
    const bool listed = result.is_object() && result.contains("arrays") && result["arrays"].is_object() &&
                        result["arrays"].contains(name);
    if (!listed) throw Error(what + ": point " + std::to_string(i) + " has no " + name + ".npy (" + missing_reason(point, has_result) + ")");
    const ResultArray a = parse_npy(read_file(point / (name + ".npy"), what));
    if (i == 0) first_shape = a.shape;
    else if (a.shape != first_shape)
      throw Error(what + ": point " + std::to_string(i) + " has shape " + shape_text(a.shape) + ", point 0 has " +
                  shape_text(first_shape) + "; only arrays of one shape stack");
    stacked.data.insert(stacked.data.end(), a.data.begin(), a.data.end());
  }
  stacked.shape = {points.size()};
  stacked.shape.insert(stacked.shape.end(), first_shape.begin(), first_shape.end());
  return stacked;
}

}  // namespace rnnbook
