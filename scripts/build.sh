#!/usr/bin/env bash
# Builds everything: native core, CLI and the seeded trend tests (build-native/); the wasm module and
# the wasm unit-test suite (build-wasm/); and the static site (web/dist/). With --sanitize (as test.sh
# runs it) also the unit tests and the libFuzzer targets with clang, AddressSanitizer and UBSan
# (build-sanitize/). Benchmarks build on demand (bench/run_*.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${RNNBOOK_JOBS:-$(nproc)}

if [ ! -f build-native/CMakeCache.txt ]; then
  cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build-native -j "$jobs"

if [ "${1:-}" = --sanitize ]; then
  if [ ! -f build-sanitize/CMakeCache.txt ]; then
    # -O1 keeps the sanitized build and run quick; Eigen's index checks stay on (no NDEBUG).
    cmake -S . -B build-sanitize -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DRNNBOOK_SANITIZE=ON >/dev/null
  fi
  cmake --build build-sanitize -j "$jobs" --target rnnbook_tests fuzz_config fuzz_npy
fi

if [ ! -f build-wasm/CMakeCache.txt ]; then
  # The emulator must be plain node: emcmake's default adds a flag node 20 rejects (TOOLCHAIN.md 1).
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
fi
cmake --build build-wasm -j "$jobs"

npx vite build --config web/vite.config.js --logLevel warn
echo "build: done (build-native/, build-wasm/, web/dist/${1:+, build-sanitize/})"
