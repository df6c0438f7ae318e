#pragma once
// A vector of four floats and the operations the float32 kernels need (linalg/packed_product's float
// kernel, rnn/activation's float tanh): SSE2 natively, simd128 in wasm, plain floats elsewhere. As in
// simd.hpp every operation is one IEEE rounding or exact bit logic, so a kernel computes the same bits
// in every build.
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
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
inline Floats sub_floats(Floats a, Floats b) { return wasm_f32x4_sub(a, b); }
inline Floats div_floats(Floats a, Floats b) { return wasm_f32x4_div(a, b); }
inline Floats bit_and_floats(Floats a, Floats b) { return wasm_v128_and(a, b); }
inline Floats bit_or_floats(Floats a, Floats b) { return wasm_v128_or(a, b); }
inline Floats bit_and_not_floats(Floats a, Floats b) { return wasm_v128_andnot(a, b); }  // a & ~b
inline Floats add_int32_floats(Floats a, Floats b) { return wasm_i32x4_add(a, b); }
inline Floats shift_left_23_floats(Floats a) { return wasm_i32x4_shl(a, 23); }
inline Floats splat_int32_floats(std::int32_t x) { return wasm_i32x4_splat(x); }
inline Floats max_or_nan_floats(Floats v, Floats lower) { return wasm_f32x4_pmax(v, lower); }  // v < lower ? lower : v
#elif defined(__SSE2__)
using Floats = __m128;
inline Floats load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, Floats v) { _mm_storeu_ps(p, v); }
inline Floats splat_floats(float x) { return _mm_set1_ps(x); }
inline Floats add_floats(Floats a, Floats b) { return _mm_add_ps(a, b); }
inline Floats mul_floats(Floats a, Floats b) { return _mm_mul_ps(a, b); }
inline Floats sub_floats(Floats a, Floats b) { return _mm_sub_ps(a, b); }
inline Floats div_floats(Floats a, Floats b) { return _mm_div_ps(a, b); }
inline Floats bit_and_floats(Floats a, Floats b) { return _mm_and_ps(a, b); }
inline Floats bit_or_floats(Floats a, Floats b) { return _mm_or_ps(a, b); }
inline Floats bit_and_not_floats(Floats a, Floats b) { return _mm_andnot_ps(b, a); }  // a & ~b
inline Floats add_int32_floats(Floats a, Floats b) {
  return _mm_castsi128_ps(_mm_add_epi32(_mm_castps_si128(a), _mm_castps_si128(b)));
}
inline Floats shift_left_23_floats(Floats a) { return _mm_castsi128_ps(_mm_slli_epi32(_mm_castps_si128(a), 23)); }
inline Floats splat_int32_floats(std::int32_t x) { return _mm_castsi128_ps(_mm_set1_epi32(x)); }
inline Floats max_or_nan_floats(Floats v, Floats lower) { return _mm_max_ps(lower, v); }  // maxps gives v when unordered
#else
struct Floats {
  float v[4];
};
inline Floats load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, Floats a) { for (int i = 0; i < 4; ++i) p[i] = a.v[i]; }
inline Floats splat_floats(float x) { return {{x, x, x, x}}; }
inline Floats add_floats(Floats a, Floats b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline Floats mul_floats(Floats a, Floats b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}}; }
namespace scalar_floats {
inline std::uint32_t bits(float x) { std::uint32_t u; std::memcpy(&u, &x, 4); return u; }
inline float from_bits(std::uint32_t u) { float x; std::memcpy(&x, &u, 4); return x; }
template <class F> Floats lanewise(Floats a, Floats b, F f) {
  Floats r;
  for (int i = 0; i < 4; ++i) r.v[i] = f(a.v[i], b.v[i]);
  return r;
}
template <class F> Floats bitwise(Floats a, Floats b, F f) {
  return lanewise(a, b, [f](float x, float y) { return from_bits(f(bits(x), bits(y))); });
}
}  // namespace scalar_floats
inline Floats sub_floats(Floats a, Floats b) { return scalar_floats::lanewise(a, b, [](float x, float y) { return x - y; }); }
inline Floats div_floats(Floats a, Floats b) { return scalar_floats::lanewise(a, b, [](float x, float y) { return x / y; }); }
inline Floats bit_and_floats(Floats a, Floats b) { return scalar_floats::bitwise(a, b, [](auto x, auto y) { return x & y; }); }
inline Floats bit_or_floats(Floats a, Floats b) { return scalar_floats::bitwise(a, b, [](auto x, auto y) { return x | y; }); }
inline Floats bit_and_not_floats(Floats a, Floats b) {
  return scalar_floats::bitwise(a, b, [](auto x, auto y) { return x & ~y; });
}
inline Floats add_int32_floats(Floats a, Floats b) {
  return scalar_floats::bitwise(a, b, [](auto x, auto y) { return std::uint32_t(x + y); });
}
inline Floats shift_left_23_floats(Floats a) {
  return scalar_floats::bitwise(a, a, [](auto x, auto) { return std::uint32_t(x << 23); });
}
inline Floats splat_int32_floats(std::int32_t x) { return splat_floats(scalar_floats::from_bits(std::uint32_t(x))); }
inline Floats max_or_nan_floats(Floats v, Floats lower) {
  return scalar_floats::lanewise(v, lower, [](float x, float l) { return x < l ? l : x; });
}
#endif

inline Floats zero_floats() { return splat_floats(0.0f); }

}  // namespace rnnbook::simd
