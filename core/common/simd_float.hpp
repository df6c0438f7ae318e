#pragma once
// A vector of four floats and the operations the float32 kernels need (linalg/packed_product's float
// kernel): SSE natively, simd128 in wasm, plain floats elsewhere. As in simd.hpp every operation is
// one IEEE rounding, so a kernel computes the same bits in every build.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <xmmintrin.h>
#endif

namespace rnnbook::simd {

constexpr int kFloatLanes = 4;

#if defined(__wasm_simd128__)
using Floats = v128_t;
inline Floats load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, Floats v) { wasm_v128_store(p, v); }
inline Floats splat_floats(float x) { return wasm_f32x4_splat(x); }
inline Floats add_floats(Floats a, Floats b) { return wasm_f32x4_add(a, b); }
inline Floats mul_floats(Floats a, Floats b) { return wasm_f32x4_mul(a, b); }
#elif defined(__SSE2__)
using Floats = __m128;
inline Floats load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, Floats v) { _mm_storeu_ps(p, v); }
inline Floats splat_floats(float x) { return _mm_set1_ps(x); }
inline Floats add_floats(Floats a, Floats b) { return _mm_add_ps(a, b); }
inline Floats mul_floats(Floats a, Floats b) { return _mm_mul_ps(a, b); }
#else
struct Floats {
  float v[4];
};
inline Floats load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, Floats a) { for (int i = 0; i < 4; ++i) p[i] = a.v[i]; }
inline Floats splat_floats(float x) { return {{x, x, x, x}}; }
inline Floats add_floats(Floats a, Floats b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline Floats mul_floats(Floats a, Floats b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}}; }
#endif

inline Floats zero_floats() { return splat_floats(0.0f); }

}  // namespace rnnbook::simd
