#include "experiments/checkpoint.hpp"

#include "common/error.hpp"

namespace rnnbook {

const char* const kCheckpointFormat = "rnnbook-checkpoint";

json Checkpoint::summary() const {
  json j = header;
  j["arrays"] = json::object();
  for (const auto& [k, a] : arrays) j["arrays"][k] = {{"shape", a.shape}};
  return j;
}

const ResultArray& Checkpoint::array(const std::string& name) const {
  auto it = arrays.find(name);
  if (it == arrays.end()) throw Error("snapshot.arrays." + name + ": missing");
  return it->second;
}

const json& checkpoint_field(const json& header, const std::string& key, const std::string& path) {
  const std::string name = "snapshot." + (path.empty() ? key : path + "." + key);
  if (!header.is_object()) throw Error("snapshot" + (path.empty() ? "" : "." + path) + ": must be an object");
  auto it = header.find(key);
  if (it == header.end()) throw Error(name + ": missing");
  return *it;
}

}  // namespace rnnbook
