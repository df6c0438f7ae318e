#include "spec_files.hpp"

#include "common/error.hpp"
#include "experiments/fields.hpp"
#include "files.hpp"
#include "io/npy.hpp"

namespace rnnbook {

namespace {

// Every field that may name a file: train's task data and given weights, measure's points,
// sample's target samples, flatness's labelled points, forecast's and causality's series (and
// causality's true weights), switching's series and true states, lowrank's activity.
const char* const kDataFileFields[] = {
    "/task/inputs",      "/task/targets",      "/task/mask",         "/model/weights/W",  "/model/weights/U",
    "/model/weights/b",  "/model/weights/C",   "/model/weights/c",   "/model/fixed_point", "/data/points",
    "/data/inputs",      "/data/targets",      "/data/test_inputs",  "/data/test_targets", "/target/samples",
    "/data/values",      "/data/weights",      "/data/train",        "/data/test",         "/data/train_states",
    "/data/test_states", "/teacher/activity"};

}  // namespace

std::string load_data_files(const std::string& spec_text, const std::filesystem::path& base) {
  json spec = json::parse(spec_text, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) return spec_text;
  bool changed = false;
  for (const char* pointer : kDataFileFields) {
    const json::json_pointer at(pointer);
    json* field = nullptr;
    try {  // a parent that is not an object is left for the config's own messages
      if (spec.contains(at)) field = &spec.at(at);
    } catch (const json::exception&) {
    }
    if (!field || !field->is_string()) continue;
    std::string name = pointer + 1;  // "/model/weights/W" -> "model.weights.W"
    for (char& ch : name)
      if (ch == '/') ch = '.';
    const std::filesystem::path path = base / field->get<std::string>();
    try {
      const ResultArray a = parse_npy(read_file(path, name));
      *field = {{"shape", a.shape}, {"data", a.data}};
    } catch (const Error& e) {
      const std::string what = e.what();
      throw Error(what.rfind(name, 0) == 0 ? what : name + ": " + path.string() + ": " + what);
    }
    changed = true;
  }
  return changed ? spec.dump() : spec_text;
}

void absolute_data_paths(ordered_json& spec, const std::filesystem::path& base) {
  if (!spec.is_object()) return;
  for (const char* pointer : kDataFileFields) {
    const ordered_json::json_pointer at(pointer);
    try {  // a parent that is not an object is left for the config's own messages
      if (!spec.contains(at) || !spec.at(at).is_string()) continue;
      ordered_json& field = spec.at(at);
      field = std::filesystem::absolute(base / field.get<std::string>()).lexically_normal().string();
    } catch (const ordered_json::exception&) {
    }
  }
}

}  // namespace rnnbook
