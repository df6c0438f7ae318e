#include "spec_files.hpp"

#include "common/error.hpp"
#include "experiments/fields.hpp"
#include "files.hpp"
#include "io/npy.hpp"

namespace rnnbook {

std::string load_data_files(const std::string& spec_text, const std::filesystem::path& base) {
  json spec = json::parse(spec_text, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) return spec_text;
  bool changed = false;
  // (object, key) of every field that may name a file: train's task data, measure's points,
  // sample's target samples, flatness's labelled points.
  const std::pair<const char*, const char*> fields[] = {
      {"task", "inputs"},  {"task", "targets"},      {"task", "mask"},         {"data", "points"},
      {"data", "inputs"},  {"data", "targets"},      {"data", "test_inputs"},  {"data", "test_targets"},
      {"target", "samples"}};
  for (const auto& [object, key] : fields) {
    if (!spec.contains(object) || !spec[object].is_object()) continue;
    if (!spec[object].contains(key) || !spec[object][key].is_string()) continue;
    json& field = spec[object][key];
    const std::string name = std::string(object) + "." + key;
    const std::filesystem::path path = base / field.get<std::string>();
    try {
      const ResultArray a = parse_npy(read_file(path, name));
      field = {{"shape", a.shape}, {"data", a.data}};
    } catch (const Error& e) {
      const std::string what = e.what();
      throw Error(what.rfind(name, 0) == 0 ? what : name + ": " + path.string() + ": " + what);
    }
    changed = true;
  }
  return changed ? spec.dump() : spec_text;
}

}  // namespace rnnbook
