#include "sweep_table.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include "common/error.hpp"
#include "files.hpp"

namespace rnnbook {

namespace {

struct PointFiles {
  ordered_json result;  // null when result.json is absent
  ordered_json error;   // null, or the text of error.txt
};

PointFiles read_point(const std::filesystem::path& point) {
  PointFiles f;
  const auto result = point / "result.json";
  if (std::filesystem::exists(result)) {
    f.result = ordered_json::parse(read_file(result, "collect"), nullptr, false);
    if (f.result.is_discarded() || !f.result.is_object()) throw Error("collect: " + result.string() + ": not valid JSON");
  }
  const auto error = point / "error.txt";
  if (std::filesystem::exists(error)) {
    std::string text = read_file(error, "collect");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    f.error = text;
  } else if (f.result.is_null()) {
    f.error = "not run";
  }
  return f;
}

ordered_json finite_or_null(const ordered_json& v) {
  if (!v.is_number()) return nullptr;
  return std::isfinite(v.get<double>()) ? v : ordered_json();
}

std::string csv_quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_cell(const ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", v.get<double>());
    return text;
  }
  if (v.is_string()) return csv_quote(v.get<std::string>());
  return csv_quote(v.dump());
}

}  // namespace

ordered_json sweep_table(const std::filesystem::path& dir, const ordered_json& manifest) {
  const ordered_json& points = manifest["points"];
  std::vector<PointFiles> files;
  std::set<std::string> scalars;  // std::string orders by bytes
  for (const auto& p : points) {
    files.push_back(read_point(dir / p["dir"].get<std::string>()));
    const ordered_json& r = files.back().result;
    if (r.contains("scalars") && r["scalars"].is_object())
      for (auto it = r["scalars"].begin(); it != r["scalars"].end(); ++it) scalars.insert(it.key());
  }
  std::vector<std::string> columns = {"index"};
  for (const auto& axis : manifest["axes"]) columns.push_back(axis["path"]);
  std::set<std::string> taken(columns.begin(), columns.end());
  taken.insert({"timing_ms", "error"});
  std::vector<std::pair<std::string, std::string>> scalar_columns;  // (column, scalar name)
  for (const auto& name : scalars) {
    scalar_columns.emplace_back(taken.count(name) ? "scalars." + name : name, name);
    columns.push_back(scalar_columns.back().first);
  }
  columns.push_back("timing_ms");
  columns.push_back("error");

  ordered_json rows = ordered_json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const ordered_json& p = points[i];
    const ordered_json& r = files[i].result;
    ordered_json row = {{"index", p.value("index", ordered_json(i))}};
    for (const auto& axis : manifest["axes"]) row[axis["path"].get<std::string>()] = p["values"].value(axis["path"].get<std::string>(), ordered_json());
    const ordered_json none;
    const ordered_json& s = r.contains("scalars") ? r["scalars"] : none;
    for (const auto& [column, name] : scalar_columns) row[column] = s.is_object() && s.contains(name) ? finite_or_null(s[name]) : ordered_json();
    row["timing_ms"] = r.contains("timing_ms") ? finite_or_null(r["timing_ms"]) : ordered_json();
    row["error"] = files[i].error;
    rows.push_back(std::move(row));
  }
  return {{"columns", columns}, {"rows", std::move(rows)}};
}

std::string table_csv(const ordered_json& table) {
  std::string csv;
  bool first = true;
  for (const auto& c : table["columns"]) {
    const std::string name = c.get<std::string>();
    csv += (first ? "" : ",") + (name.find_first_of(",\"\r\n") == std::string::npos ? name : csv_quote(name));
    first = false;
  }
  csv += "\n";
  for (const auto& row : table["rows"]) {
    first = true;
    for (const auto& c : table["columns"]) {
      csv += (first ? "" : ",") + csv_cell(row[c.get<std::string>()]);
      first = false;
    }
    csv += "\n";
  }
  return csv;
}

}  // namespace rnnbook
