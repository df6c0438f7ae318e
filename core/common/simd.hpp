#pragma once
// A vector of two doubles and the few operations the hand-written kernels need (linalg/packed_product,
// the tanh of rnn/activation): SSE2 natively, simd128 in wasm, plain doubles elsewhere. Every operation
// is one IEEE rounding or exact bit logic, so a kernel computes the same bits in every build.
// Wide is the widest such vector the compiler may use: Vec in the default builds, AVX-512 or AVX2 in a
// build tuned with -march=native (RNNBOOK_NATIVE_ARCH=ON). A kernel whose lanes are independent gives
// the same bits with either; only fma (tuned builds with FMA) rounds differently, by design.
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rnnbook::simd {

#if defined(__wasm_simd128__)
using Vec = v128_t;
inline Vec load(const double* p) { return wasm_v128_load(p); }
inline void store(double* p, Vec v) { wasm_v128_store(p, v); }
inline Vec splat(double x) { return wasm_f64x2_splat(x); }
inline Vec add(Vec a, Vec b) { return wasm_f64x2_add(a, b); }
inline Vec sub(Vec a, Vec b) { return wasm_f64x2_sub(a, b); }
inline Vec mul(Vec a, Vec b) { return wasm_f64x2_mul(a, b); }
inline Vec div(Vec a, Vec b) { return wasm_f64x2_div(a, b); }
inline Vec bit_and(Vec a, Vec b) { return wasm_v128_and(a, b); }
inline Vec bit_or(Vec a, Vec b) { return wasm_v128_or(a, b); }
inline Vec bit_and_not(Vec a, Vec b) { return wasm_v128_andnot(a, b); }  // a & ~b
inline Vec add_int64(Vec a, Vec b) { return wasm_i64x2_add(a, b); }
inline Vec shift_left_52(Vec a) { return wasm_i64x2_shl(a, 52); }
inline Vec shift_right_52(Vec a) { return wasm_u64x2_shr(a, 52); }  // logical
inline Vec splat_int64(std::int64_t x) { return wasm_i64x2_splat(x); }
inline Vec less(Vec a, Vec b) { return wasm_f64x2_lt(a, b); }  // all ones where a < b
inline Vec max_or_nan(Vec v, Vec lower) { return wasm_f64x2_pmax(v, lower); }  // v < lower ? lower : v
inline bool all(Vec mask) { return wasm_i64x2_all_true(mask); }  // every lane of a comparison's mask is set
#elif defined(__SSE2__)
using Vec = __m128d;
inline Vec load(const double* p) { return _mm_loadu_pd(p); }
inline void store(double* p, Vec v) { _mm_storeu_pd(p, v); }
inline Vec splat(double x) { return _mm_set1_pd(x); }
inline Vec add(Vec a, Vec b) { return _mm_add_pd(a, b); }
inline Vec sub(Vec a, Vec b) { return _mm_sub_pd(a, b); }
inline Vec mul(Vec a, Vec b) { return _mm_mul_pd(a, b); }
inline Vec div(Vec a, Vec b) { return _mm_div_pd(a, b); }
inline Vec bit_and(Vec a, Vec b) { return _mm_and_pd(a, b); }
inline Vec bit_or(Vec a, Vec b) { return _mm_or_pd(a, b); }
inline Vec bit_and_not(Vec a, Vec b) { return _mm_andnot_pd(b, a); }  // a & ~b
inline Vec add_int64(Vec a, Vec b) {
  return _mm_castsi128_pd(_mm_add_epi64(_mm_castpd_si128(a), _mm_castpd_si128(b)));
}
inline Vec shift_left_52(Vec a) { return _mm_castsi128_pd(_mm_slli_epi64(_mm_castpd_si128(a), 52)); }
inline Vec shift_right_52(Vec a) { return _mm_castsi128_pd(_mm_srli_epi64(_mm_castpd_si128(a), 52)); }
inline Vec splat_int64(std::int64_t x) { return _mm_castsi128_pd(_mm_set1_epi64x(x)); }
inline Vec less(Vec a, Vec b) { return _mm_cmplt_pd(a, b); }
inline Vec max_or_nan(Vec v, Vec lower) { return _mm_max_pd(lower, v); }  // maxpd gives v when unordered
inline bool all(Vec mask) { return _mm_movemask_pd(mask) == 3; }
#else
struct Vec {
  double lo, hi;
};
namespace scalar {
inline std::uint64_t bits(double x) { std::uint64_t u; std::memcpy(&u, &x, 8); return u; }
inline double from_bits(std::uint64_t u) { double x; std::memcpy(&x, &u, 8); return x; }
template <class F> Vec bitwise(Vec a, Vec b, F f) {
  return {from_bits(f(bits(a.lo), bits(b.lo))), from_bits(f(bits(a.hi), bits(b.hi)))};
}
}  // namespace scalar
inline Vec load(const double* p) { return {p[0], p[1]}; }
inline void store(double* p, Vec v) { p[0] = v.lo, p[1] = v.hi; }
inline Vec splat(double x) { return {x, x}; }
inline Vec add(Vec a, Vec b) { return {a.lo + b.lo, a.hi + b.hi}; }
inline Vec sub(Vec a, Vec b) { return {a.lo - b.lo, a.hi - b.hi}; }
inline Vec mul(Vec a, Vec b) { return {a.lo * b.lo, a.hi * b.hi}; }
inline Vec div(Vec a, Vec b) { return {a.lo / b.lo, a.hi / b.hi}; }
inline Vec bit_and(Vec a, Vec b) { return scalar::bitwise(a, b, [](auto x, auto y) { return x & y; }); }
inline Vec bit_or(Vec a, Vec b) { return scalar::bitwise(a, b, [](auto x, auto y) { return x | y; }); }
inline Vec bit_and_not(Vec a, Vec b) { return scalar::bitwise(a, b, [](auto x, auto y) { return x & ~y; }); }
inline Vec add_int64(Vec a, Vec b) { return scalar::bitwise(a, b, [](auto x, auto y) { return x + y; }); }
inline Vec shift_left_52(Vec a) { return scalar::bitwise(a, a, [](auto x, auto) { return x << 52; }); }
inline Vec shift_right_52(Vec a) { return scalar::bitwise(a, a, [](auto x, auto) { return x >> 52; }); }
inline Vec splat_int64(std::int64_t x) { const double d = scalar::from_bits(std::uint64_t(x)); return {d, d}; }
inline Vec less(Vec a, Vec b) {
  return {scalar::from_bits(a.lo < b.lo ? ~0ull : 0ull), scalar::from_bits(a.hi < b.hi ? ~0ull : 0ull)};
}
inline Vec max_or_nan(Vec v, Vec lower) { return {v.lo < lower.lo ? lower.lo : v.lo, v.hi < lower.hi ? lower.hi : v.hi}; }
inline bool all(Vec mask) { return (scalar::bits(mask.lo) & scalar::bits(mask.hi)) == ~0ull; }
#endif

inline Vec zero() { return splat(0.0); }
// where(mask, a, b): a where mask is all ones, b where it is zero.
inline Vec where(Vec mask, Vec a, Vec b) { return bit_or(bit_and(mask, a), bit_and_not(b, mask)); }

#if defined(__AVX512F__) && !defined(__wasm_simd128__)
using Wide = __m512d;
constexpr int kWideLanes = 8;
namespace avx512 {
inline __m512i bits(Wide a) { return _mm512_castpd_si512(a); }
inline Wide from_bits(__m512i a) { return _mm512_castsi512_pd(a); }
}  // namespace avx512
inline Wide load_wide(const double* p) { return _mm512_loadu_pd(p); }
inline void store(double* p, Wide v) { _mm512_storeu_pd(p, v); }
inline Wide splat_wide(double x) { return _mm512_set1_pd(x); }
inline Wide add(Wide a, Wide b) { return _mm512_add_pd(a, b); }
inline Wide sub(Wide a, Wide b) { return _mm512_sub_pd(a, b); }
inline Wide mul(Wide a, Wide b) { return _mm512_mul_pd(a, b); }
inline Wide div(Wide a, Wide b) { return _mm512_div_pd(a, b); }
inline Wide bit_and(Wide a, Wide b) { return avx512::from_bits(_mm512_and_si512(avx512::bits(a), avx512::bits(b))); }
inline Wide bit_or(Wide a, Wide b) { return avx512::from_bits(_mm512_or_si512(avx512::bits(a), avx512::bits(b))); }
inline Wide bit_and_not(Wide a, Wide b) {  // a & ~b
  return avx512::from_bits(_mm512_andnot_si512(avx512::bits(b), avx512::bits(a)));
}
inline Wide add_int64(Wide a, Wide b) { return avx512::from_bits(_mm512_add_epi64(avx512::bits(a), avx512::bits(b))); }
inline Wide shift_left_52(Wide a) { return avx512::from_bits(_mm512_slli_epi64(avx512::bits(a), 52)); }
inline Wide splat_int64_wide(std::int64_t x) { return avx512::from_bits(_mm512_set1_epi64(x)); }
inline Wide max_or_nan(Wide v, Wide lower) { return _mm512_max_pd(lower, v); }  // v when unordered
inline Wide fma(Wide a, Wide b, Wide c) { return _mm512_fmadd_pd(a, b, c); }   // a b + c, one rounding
inline Wide broadcast(const double* p) { return _mm512_set1_pd(*p); }
#elif defined(__AVX2__) && !defined(__wasm_simd128__)
using Wide = __m256d;
constexpr int kWideLanes = 4;
inline Wide load_wide(const double* p) { return _mm256_loadu_pd(p); }
inline void store(double* p, Wide v) { _mm256_storeu_pd(p, v); }
inline Wide splat_wide(double x) { return _mm256_set1_pd(x); }
inline Wide add(Wide a, Wide b) { return _mm256_add_pd(a, b); }
inline Wide sub(Wide a, Wide b) { return _mm256_sub_pd(a, b); }
inline Wide mul(Wide a, Wide b) { return _mm256_mul_pd(a, b); }
inline Wide div(Wide a, Wide b) { return _mm256_div_pd(a, b); }
inline Wide bit_and(Wide a, Wide b) { return _mm256_and_pd(a, b); }
inline Wide bit_or(Wide a, Wide b) { return _mm256_or_pd(a, b); }
inline Wide bit_and_not(Wide a, Wide b) { return _mm256_andnot_pd(b, a); }  // a & ~b
inline Wide add_int64(Wide a, Wide b) {
  return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(a), _mm256_castpd_si256(b)));
}
inline Wide shift_left_52(Wide a) { return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(a), 52)); }
inline Wide splat_int64_wide(std::int64_t x) { return _mm256_castsi256_pd(_mm256_set1_epi64x(x)); }
inline Wide max_or_nan(Wide v, Wide lower) { return _mm256_max_pd(lower, v); }  // v when unordered
#if defined(__FMA__)
inline Wide fma(Wide a, Wide b, Wide c) { return _mm256_fmadd_pd(a, b, c); }  // a b + c, one rounding
#endif
inline Wide broadcast(const double* p) { return _mm256_broadcast_sd(p); }
#else
using Wide = Vec;
constexpr int kWideLanes = 2;
inline Wide load_wide(const double* p) { return load(p); }
inline Wide splat_wide(double x) { return splat(x); }
inline Wide splat_int64_wide(std::int64_t x) { return splat_int64(x); }
#endif
inline Wide zero_wide() { return splat_wide(0.0); }

}  // namespace rnnbook::simd
