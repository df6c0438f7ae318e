// Embind layer of the sample-quality measures (core/experiments/sample_quality_functions.hpp): one
// call on two sample arrays. No numerics here: typed arrays are copied into the core's arrays and the
// answer comes back as {scalars, arrays: {name: Float64Array}}; a C++ exception becomes a JS Error.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "common/error.hpp"
#include "experiments/sample_quality_functions.hpp"
#include "guarded.hpp"

using emscripten::val;

namespace {

rnnbook::ResultArray array_of(val shape, val data, const char* name) {
  rnnbook::ResultArray a;
  if (shape.isUndefined() || shape.isNull()) return a;
  for (double d : emscripten::convertJSArrayToNumberVector<double>(shape)) {
    if (!(d >= 0.0 && d == double(std::size_t(d)))) throw rnnbook::Error(std::string(name) + ": shape must hold sizes >= 0");
    a.shape.push_back(std::size_t(d));
  }
  a.data = emscripten::convertJSArrayToNumberVector<double>(data);
  return a;
}

val sample_quality(const std::string& name, val x_shape, val x_data, val y_shape, val y_data,
                   const std::string& options_json) {
  return rnnbook_wasm::guarded([&] {
    const rnnbook::Result r = rnnbook::sample_quality_function(name, array_of(x_shape, x_data, "x"),
                                                               array_of(y_shape, y_data, "y"), options_json);
    val out = val::object();
    val scalars = val::object();
    for (const auto& [k, v] : r.scalars) scalars.set(k, v);
    out.set("scalars", scalars);
    val arrays = val::object();
    for (const auto& [k, a] : r.arrays) arrays.set(k, rnnbook_wasm::to_f64(a.data));
    out.set("arrays", arrays);
    return out;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(rnnbook_sample_quality) {
  emscripten::function("sampleQuality", &sample_quality);
}
