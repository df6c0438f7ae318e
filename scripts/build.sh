#!/usr/bin/env bash
# Builds everything: native core, CLI, tests and benchmark (build-native/); the wasm module, the
# wasm test suite and benchmark (build-wasm/); and the static site (web/dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${RNNBOOK_JOBS:-$(nproc)}

if [ ! -f build-native/CMakeCache.txt ]; then
  cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build-native -j "$jobs"

if [ ! -f build-wasm/CMakeCache.txt ]; then
  # The emulator must be plain node: emcmake's default adds a flag node 20 rejects (TOOLCHAIN.md 1).
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
fi
cmake --build build-wasm -j "$jobs"

npx vite build --config web/vite.config.js --logLevel warn
echo "build: done (build-native/, build-wasm/, web/dist/)"
