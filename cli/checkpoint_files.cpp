#include "checkpoint_files.hpp"

#include "common/error.hpp"
#include "files.hpp"
#include "io/npy.hpp"

namespace rnnbook {

namespace fs = std::filesystem;

void write_checkpoint(const Checkpoint& checkpoint, const fs::path& dir) {
  fs::create_directories(dir);
  json summary = checkpoint.summary();
  for (const auto& [name, array] : checkpoint.arrays) {
    write_file(dir / (name + ".npy"), npy_bytes(array));
    summary["arrays"][name]["file"] = name + ".npy";
  }
  write_file(dir / "checkpoint.json", summary.dump(2) + "\n");
}

Checkpoint read_checkpoint(const fs::path& dir) {
  const fs::path file = dir / "checkpoint.json";
  Checkpoint cp;
  try {
    cp.header = json::parse(read_file(file, "--resume"));
  } catch (const json::parse_error& e) {
    throw Error("--resume: " + file.string() + " is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  const json arrays = checkpoint_field(cp.header, "arrays");
  cp.header.erase("arrays");
  if (!arrays.is_object()) throw Error("snapshot.arrays: must be an object");
  for (auto it = arrays.begin(); it != arrays.end(); ++it) {
    const json& name = checkpoint_field(*it, "file", "arrays." + it.key());
    if (!name.is_string()) throw Error("snapshot.arrays." + it.key() + ".file: must be a file name");
    const fs::path path = dir / name.get<std::string>();
    try {
      cp.arrays[it.key()] = parse_npy(read_file(path, "snapshot.arrays." + it.key()));
    } catch (const Error& e) {
      const std::string what = e.what();
      throw Error(what.rfind("snapshot.", 0) == 0 ? what : "snapshot.arrays." + it.key() + ": " + path.string() + ": " + what);
    }
  }
  return cp;
}

}  // namespace rnnbook
