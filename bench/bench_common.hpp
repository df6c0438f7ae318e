#pragma once
// What the benchmark programs share: their one flag (--quick), the runtime's name for their JSON
// line, and a timing loop. Header-only, so that each program stays one .cpp (bench/CMakeLists.txt).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bench {

#ifdef __EMSCRIPTEN__
inline constexpr const char* kRuntime = "wasm";
#else
inline constexpr const char* kRuntime = "native";
#endif

// True for `--quick`, false for no argument; anything else prints the usage and exits with code 2.
inline bool quick_flag(int argc, char** argv) {
  if (argc == 1) return false;
  if (argc == 2 && std::strcmp(argv[1], "--quick") == 0) return true;
  std::fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
  std::exit(2);
}

struct Timing {
  long units;
  double seconds;
};

// Calls unit() until both min_units calls and min_seconds have passed, after one untimed warm-up
// call (buffers sized, heap grown) unless warm_up is false.
template <class Unit>
Timing time_units(Unit unit, double min_seconds, long min_units, bool warm_up = true) {
  using clock = std::chrono::steady_clock;
  if (warm_up) unit();
  const auto start = clock::now();
  long units = 0;
  double elapsed = 0.0;
  while (units < min_units || elapsed < min_seconds) {
    unit();
    ++units;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  return {units, elapsed};
}

}  // namespace bench
