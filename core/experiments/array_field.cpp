#include "experiments/array_field.hpp"

#include <cmath>

#include "common/error.hpp"
#include "experiments/fields.hpp"

namespace rnnbook {

namespace {

double finite_number(const json& v, const std::string& name) {
  // JSON has no NaN or infinity: JavaScript's JSON.stringify writes them as null.
  if (!v.is_number() || !std::isfinite(v.get<double>()))
    throw Error(name + ": must be a finite number, got " + shown_value(v) +
                (v.is_null() ? " (NaN and infinity become null in JSON)" : ""));
  return v.get<double>();
}

// The shape of nested arrays, read along the first entry of each level.
std::vector<std::size_t> nested_shape(const json& v) {
  std::vector<std::size_t> shape;
  for (const json* at = &v; at->is_array(); at = at->empty() ? nullptr : &(*at)[0]) {
    shape.push_back(at->size());
    if (at->empty()) break;
  }
  return shape;
}

void read_nested(const json& v, const std::vector<std::size_t>& shape, std::size_t level, const std::string& name,
                 std::vector<double>& out) {
  if (level == shape.size()) {
    out.push_back(finite_number(v, name));
    return;
  }
  if (!v.is_array() || v.size() != shape[level])
    throw Error(name + ": must be an array of " + std::to_string(shape[level]) + " entries like the first one at " +
                "this depth, got " + shown_value(v));
  for (std::size_t i = 0; i < v.size(); ++i) read_nested(v[i], shape, level + 1, name + "[" + std::to_string(i) + "]", out);
}

}  // namespace

ResultArray read_config_array(const json& v, const std::string& name, std::size_t rank, const std::string& axes,
                              std::size_t max_values) {
  const std::string form = name + ": must be a " + std::to_string(rank) + "-d array " + axes +
                           ", as {\"shape\": [...], \"data\": [...]} or nested arrays";
  ResultArray a;
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it.key() != "shape" && it.key() != "data")
        throw Error(name + "." + it.key() + ": unknown field; allowed here: shape, data");
    if (!v.contains("shape") || !v.contains("data")) throw Error(form);
    const json& s = v["shape"];
    if (!s.is_array()) throw Error(name + ".shape: must be an array of " + std::to_string(rank) + " sizes");
    for (const json& d : s) {
      if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
        throw Error(name + ".shape: must hold non-negative integers, got " + shown_value(s));
      a.shape.push_back(d.get<std::size_t>());
    }
  } else if (v.is_array()) {
    a.shape = nested_shape(v);
  } else {
    throw Error(form + ", got " + shown_value(v));
  }
  if (a.shape.size() != rank)
    throw Error(name + ": must be a " + std::to_string(rank) + "-d array " + axes + ", got shape " + shape_text(a.shape));
  double count = 1;
  for (auto d : a.shape) {
    if (d == 0) throw Error(name + ": shape " + shape_text(a.shape) + " has an empty axis");
    count *= double(d);
  }
  if (count > double(max_values))
    throw Error(name + ": shape " + shape_text(a.shape) + " holds " + std::to_string(std::int64_t(count)) +
                " values, over the limit of " + std::to_string(max_values));
  a.data.reserve(std::size_t(count));
  if (v.is_object()) {
    const json& d = v["data"];
    if (!d.is_array()) throw Error(name + ".data: must be an array of numbers (C order)");
    if (d.size() != std::size_t(count))
      throw Error(name + ".data: shape " + shape_text(a.shape) + " needs " + std::to_string(std::int64_t(count)) +
                  " values, got " + std::to_string(d.size()));
    for (std::size_t i = 0; i < d.size(); ++i) a.data.push_back(finite_number(d[i], name + ".data[" + std::to_string(i) + "]"));
  } else {
    read_nested(v, a.shape, 0, name, a.data);
  }
  return a;
}

}  // namespace rnnbook
