// rnnbook collect DIR [--arrays NAME,...]: the table of the sweep in DIR (table.json, table.csv;
// sweep_table.hpp gives the format) and, on request, stacked arrays (DIR/<name>.npy). Everything is
// checked before anything is written: a ragged array leaves no half-collected directory.
#include <iostream>
#include <map>
#include <regex>

#include "commands.hpp"
#include "common/error.hpp"
#include "files.hpp"
#include "io/npy.hpp"
#include "stack_arrays.hpp"
#include "sweep_dir.hpp"
#include "sweep_table.hpp"

namespace rnnbook {

namespace {

std::vector<std::string> array_names(const std::string& list) {
  static const std::regex name("[A-Za-z0-9_]+");
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    const std::string n = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!std::regex_match(n, name))
      throw Error("collect: --arrays: '" + n + "' is not an array name (letters, digits, _), e.g. --arrays loss,pr");
    names.push_back(n);
    if (comma == std::string::npos) return names;
    start = comma + 1;
  }
}

}  // namespace

int collect_command(const Args& args) {
  std::string dir, arrays;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--arrays" && i + 1 < args.size()) arrays = args[++i];
    else if (dir.empty() && args[i].rfind("-", 0) != 0) dir = args[i];
    else return usage_error("unexpected argument '" + args[i] + "'");
  }
  if (dir.empty()) return usage_error("collect: missing DIR");
  try {
    const ordered_json manifest = read_manifest(dir);
    const ordered_json table = sweep_table(dir, manifest);
    std::map<std::string, ResultArray> stacked;
    if (!arrays.empty())
      for (const auto& name : array_names(arrays)) stacked[name] = stack_point_arrays(dir, manifest, name);

    const std::filesystem::path out(dir);
    write_file_atomic(out / "table.json", table.dump(2) + "\n");
    write_file_atomic(out / "table.csv", table_csv(table));
    for (const auto& [name, a] : stacked) write_file_atomic(out / (name + ".npy"), npy_bytes(a));

    std::size_t failed = 0, not_run = 0;
    for (const auto& row : table["rows"]) {
      if (row["error"] == "not run") ++not_run;
      else if (!row["error"].is_null()) ++failed;
    }
    std::cerr << "collect: " << (out / "table.csv").string() << " and table.json: " << table["rows"].size() << " rows, "
              << table["columns"].size() << " columns";
    if (failed) std::cerr << "; " << failed << " failed";
    if (not_run) std::cerr << "; " << not_run << " not run";
    for (const auto& [name, a] : stacked) std::cerr << "; " << name << ".npy " << shape_text(a.shape, "(", ")");
    std::cerr << "\n";
    return 0;
  } catch (const Error& e) {
    std::cerr << "rnnbook: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rnnbook: collect: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace rnnbook
