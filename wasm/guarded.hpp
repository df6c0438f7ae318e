#pragma once
// Shared by the Embind files: C++ exceptions become a placeholder return value plus a message that
// JS takes with takeError() and throws (web/lib/module_errors.js). Nothing is thrown through the
// Embind frames: a JS exception unwinding them skips C++ destructors and leaks their strings.
#include <emscripten/val.h>

#include <exception>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

namespace rnnbook_wasm {

// The message of the last failed guarded call; empty after a successful one.
std::string& last_error();

// An allocation beyond the heap's maximum (-sMAXIMUM_MEMORY in wasm/CMakeLists.txt) throws
// std::bad_alloc, which becomes this message; the module stays usable.
inline constexpr const char* kOutOfMemory =
    "out of memory: the wasm heap is at its 2 GB maximum; close experiments you no longer need "
    "(stats() shows the heap) or make this one smaller";

template <class R>
R placeholder() {
  if constexpr (std::is_same_v<R, emscripten::val>) return emscripten::val::undefined();
  else if constexpr (std::is_floating_point_v<R>) return R(0) / R(0);  // NaN
  else return R{};
}

// Runs f; a C++ exception is caught here, its message kept for takeError(), and a placeholder
// (undefined, NaN, "", null) returned in place of the value.
template <class F>
auto guarded(F f) -> decltype(f()) {
  using R = decltype(f());
  last_error().clear();
  try {
    return f();
  } catch (const std::bad_alloc&) {
    last_error() = kOutOfMemory;
  } catch (const std::exception& e) {
    last_error() = e.what();
  } catch (...) {
    last_error() = "rnnbook: unknown C++ exception";
  }
  if (last_error().empty()) last_error() = "rnnbook: C++ exception without a message";
  if constexpr (std::is_void_v<R>) return;
  else return placeholder<R>();
}

inline emscripten::val to_f64(const std::vector<double>& v) {  // a new Float64Array owned by JS
  return emscripten::val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

}  // namespace rnnbook_wasm
