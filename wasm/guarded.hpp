#pragma once
// Shared by the Embind files: C++ exceptions become JS Errors with the same message, and vectors
// become Float64Arrays owned by JS.
#include <emscripten/val.h>

#include <exception>
#include <string>
#include <vector>

namespace rnnbook_wasm {

// Runs f; a C++ exception becomes a JS Error carrying its message. The JS throw happens after the
// C++ exception is gone, so no C++ frame is unwound by JS.
template <class F>
auto guarded(F f) -> decltype(f()) {
  std::string message;
  try {
    return f();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "rnnbook: unknown C++ exception";
  }
  emscripten::val::global("Error").new_(message).throw_();
  __builtin_unreachable();
}

inline emscripten::val to_f64(const std::vector<double>& v) {  // a new Float64Array owned by JS
  return emscripten::val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

}  // namespace rnnbook_wasm
