#pragma once
// Reads one JSON object of an experiment config: each read names its field, default and allowed
// range, records the value used (so the result can echo the config with defaults), and finish()
// rejects fields nobody read. Every error names the full field path and what is allowed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rnnbook {

using json = nlohmann::json;

// A value as an error message shows it: its JSON text, cut to 40 characters.
std::string shown_value(const json& v);

class Fields {
 public:
  // obj: the JSON given (null or an object); filled: where values with defaults are written.
  Fields(const json& obj, json& filled, std::string path);

  std::int64_t integer(const std::string& key, std::int64_t def, std::int64_t lo, std::int64_t hi);
  // An interval [lo, hi]; lo_open / hi_open make that end open.
  double number(const std::string& key, double def, double lo, double hi, bool lo_open = false,
                bool hi_open = false);
  bool boolean(const std::string& key, bool def);
  std::string choice(const std::string& key, const std::string& def,
                     const std::vector<std::string>& allowed);
  Fields object(const std::string& key);  // a nested group; absent means all defaults
  // A field the caller reads itself (e.g. an array): marks it as known; nullptr when absent.
  const json* raw(const std::string& key) { return find(key); }
  // Sets what the config with defaults shows for `key`.
  void fill(const std::string& key, json value) { filled_[key] = std::move(value); }
  void finish();                          // throws if obj has a field that was not read

  std::string name(const std::string& key) const;  // "model.hidden"

 private:
  const json* find(const std::string& key);

  const json& obj_;
  json& filled_;
  std::string path_;
  std::vector<std::string> known_;
};

// Parses text as JSON, with a message that says where the syntax broke.
json parse_config_text(const std::string& text);

}  // namespace rnnbook
