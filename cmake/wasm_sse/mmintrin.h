// Empty stand-in for the x86 MMX header in the wasm build: Eigen includes <mmintrin.h> when it sees
// __SSE2__ but uses no MMX type, and Emscripten 3.1.6's SIMD headers have none (TOOLCHAIN.md section 3).
#pragma once
