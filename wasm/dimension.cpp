// Embind layer of the dimension measures: one call on one array (core/experiments/dimension_functions.hpp).
// No numerics here: the typed array is copied into the core's array, the answer comes back as
// {config, scalars, arrays: {name: {shape, data: Float64Array}}}; a C++ exception becomes a JS Error.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "common/error.hpp"
#include "experiments/dimension_functions.hpp"
#include "guarded.hpp"

using emscripten::val;

namespace {

// shape: [n, D] (or [] for no input); data: a typed array or array of numbers in C order.
val call_dimension_function(const std::string& name, val shape, val data, const std::string& options_json) {
  return rnnbook_wasm::guarded([&] {
    rnnbook::ResultArray input;
    for (double d : emscripten::convertJSArrayToNumberVector<double>(shape)) {
      if (!(d >= 0.0 && d == double(std::size_t(d)))) throw rnnbook::Error("points: shape must hold sizes >= 0");
      input.shape.push_back(std::size_t(d));
    }
    if (!data.isUndefined() && !data.isNull()) input.data = emscripten::convertJSArrayToNumberVector<double>(data);
    const rnnbook::Result r = rnnbook::dimension_function(name, input, options_json);

    val out = val::object();
    out.set("config", val::global("JSON").call<val>("parse", r.config.dump()));
    val scalars = val::object();
    for (const auto& [k, v] : r.scalars) scalars.set(k, v);
    out.set("scalars", scalars);
    val arrays = val::object();
    for (const auto& [k, a] : r.arrays) {
      val entry = val::object();
      val dims = val::array();
      for (std::size_t d : a.shape) dims.call<void>("push", double(d));
      entry.set("shape", dims);
      entry.set("data", rnnbook_wasm::to_f64(a.data));
      arrays.set(k, entry);
    }
    out.set("arrays", arrays);
    return out;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(rnnbook_dimension) {
  emscripten::function("dimensionFunction", &call_dimension_function);
}
