// rnnbook's version, for `import { VERSION } from 'rnnbook'` without starting a worker. It mirrors the
// project's VERSION (top-level CMakeLists.txt, compiled into the core): scripts/package.mjs refuses to
// pack when the wasm module says otherwise, and tests/node/package.test.mjs checks both.
export const VERSION = '0.2.0';
