#include "experiments/fields.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "common/number_text.hpp"

namespace rnnbook {

std::string shown_value(const json& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

Fields::Fields(const json& obj, json& filled, std::string path)
    : obj_(obj), filled_(filled), path_(std::move(path)) {
  if (!obj_.is_null() && !obj_.is_object())
    throw Error((path_.empty() ? std::string("config") : path_) + ": must be an object, got " +
                shown_value(obj_));
  if (!filled_.is_object()) filled_ = json::object();
}

std::string Fields::name(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

const json* Fields::find(const std::string& key) {
  known_.push_back(key);
  if (obj_.is_null()) return nullptr;
  auto it = obj_.find(key);
  return it == obj_.end() ? nullptr : &*it;
}

std::int64_t Fields::integer(const std::string& key, std::int64_t def, std::int64_t lo,
                             std::int64_t hi) {
  const json* v = find(key);
  std::int64_t value = def;
  if (v) {
    const std::string msg = name(key) + ": must be an integer in [" + std::to_string(lo) + ", " +
                            std::to_string(hi) + "], got " + shown_value(*v);
    if (!v->is_number()) throw Error(msg);
    const double d = v->get<double>();
    // Integral floats (3.0) count as integers; bounds are checked in double, exact below 2^53.
    if (!std::isfinite(d) || std::floor(d) != d || d < double(lo) || d > double(hi)) throw Error(msg);
    value = v->is_number_integer() ? v->get<std::int64_t>() : std::int64_t(d);
    if (value < lo || value > hi) throw Error(msg);
  }
  filled_[key] = value;
  return value;
}

double Fields::number(const std::string& key, double def, double lo, double hi, bool lo_open,
                      bool hi_open) {
  const json* v = find(key);
  double value = def;
  if (v) {
    const std::string range = std::string("a number in ") + (lo_open ? "(" : "[") + number_text(lo) + ", " +
                              number_text(hi) + (hi_open ? ")" : "]");
    if (!v->is_number()) throw Error(name(key) + ": must be " + range + ", got " + shown_value(*v));
    value = v->get<double>();
    const bool below = lo_open ? !(value > lo) : !(value >= lo);
    const bool above = hi_open ? !(value < hi) : !(value <= hi);
    if (below || above) throw Error(name(key) + ": must be " + range + ", got " + shown_value(*v));
    // A subnormal value has lost its precision and its reciprocal overflows (a temperature or a
    // step of 5e-324 fails in the middle of a run): refused like one out of range.
    if (std::fpclassify(value) == FP_SUBNORMAL)
      throw Error(name(key) + ": must be " + range + " and 0 or at least 2.2250738585072014e-308 in magnitude (not subnormal), got " +
                  shown_value(*v));
  }
  filled_[key] = value;
  return value;
}

bool Fields::boolean(const std::string& key, bool def) {
  const json* v = find(key);
  bool value = def;
  if (v) {
    if (!v->is_boolean()) throw Error(name(key) + ": must be true or false, got " + shown_value(*v));
    value = v->get<bool>();
  }
  filled_[key] = value;
  return value;
}

std::string Fields::choice(const std::string& key, const std::string& def,
                           const std::vector<std::string>& allowed) {
  const json* v = find(key);
  std::string value = def;
  if (v) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "\"" : ", \"") + a + "\"";
    const std::string msg = name(key) + ": must be one of " + list + ", got " + shown_value(*v);
    if (!v->is_string()) throw Error(msg);
    value = v->get<std::string>();
    bool found = false;
    for (const auto& a : allowed) found = found || a == value;
    if (!found) throw Error(msg);
  }
  filled_[key] = value;
  return value;
}

Fields Fields::object(const std::string& key) {
  const json* v = find(key);
  static const json null_json;
  return Fields(v ? *v : null_json, filled_[key], name(key));
}

void Fields::finish() {
  if (!obj_.is_object()) return;
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    bool found = false;
    for (const auto& k : known_) found = found || k == it.key();
    if (!found) {
      std::string list;
      for (std::size_t i = 0; i < known_.size(); ++i)  // each key once, though it may have been read twice
        if (std::find(known_.begin(), known_.begin() + std::ptrdiff_t(i), known_[i]) == known_.begin() + std::ptrdiff_t(i))
          list += (list.empty() ? "" : ", ") + known_[i];
      if (list.empty())  // e.g. training fields of a model that is not trained
        throw Error(name(it.key()) + ": unknown field; this object takes no fields with these settings");
      throw Error(name(it.key()) + ": unknown field; allowed here: " + list);
    }
  }
}

json parse_config_text(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error("config: not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {  // e.g. a number beyond double's range (found by tests/fuzz/config)
    throw Error("config: not valid JSON (a number is out of range)");
  }
}

}  // namespace rnnbook
