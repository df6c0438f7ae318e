// exp and log of arrays, two values per vector (common/simd.hpp), with exactly the operations of the
// scalar functions in portable_math.cpp, so the same bits: the same reduction, the same Horner series
// in the same order; only nearbyint, frexp and ldexp become exact bit operations on normal numbers.
// A pair with a value outside the fast path (NaN, infinities, results or inputs that are not normal)
// goes to the scalar functions. Two pairs per loop step: a Horner series is a chain of dependent
// operations, and two independent chains keep the multiply and add units busy.
#include <cstdint>
#include <limits>

#include "common/portable_math.hpp"
#include "common/portable_math_series.hpp"
#include "common/simd.hpp"

namespace rnnbook::portable {
namespace {

using namespace simd;

template <int N>
Vec horner_lanes(const double (&c)[N], Vec z) {
  Vec p = splat(c[N - 1]);
  for (int i = N - 2; i >= 0; --i) p = add(splat(c[i]), mul(z, p));
  return p;
}

// exp: x = n ln2 + r, exp(x) = (1 + expm1(r)) 2^n. Within [-708, 709] every n is in [-1021, 1023] and
// the result is normal, so ldexp is the product with 2^n built from n's bits.
constexpr double kExpLow = -708.0, kExpHigh = 709.0;
constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer, ties to even

// Ordered comparisons: false for NaN, which takes the scalar path.
bool exp_fast_path(Vec x) { return all(bit_and(less(splat(kExpLow), x), less(x, splat(kExpHigh)))); }

Vec exp_lanes(Vec x) {
  const Vec t = add(mul(x, splat(series::kInvLn2)), splat(kShifter));
  const Vec n = sub(t, splat(kShifter));  // nearbyint(x / ln 2)
  const Vec r = sub(sub(x, mul(n, splat(series::kLn2Hi))), mul(n, splat(series::kLn2Lo)));
  const Vec expm1_r = add(r, mul(mul(r, r), horner_lanes(series::kExpm1, r)));
  const Vec scale = shift_left_52(add_int64(t, splat_int64(1023)));  // 2^n from the low bits of t
  return mul(add(splat(1.0), expm1_r), scale);
}

// log: x = m 2^k with m in [sqrt(1/2), sqrt 2), log x = k ln2 + log(1 + f), f = m - 1. For a positive
// normal x, k and m come from its exponent and mantissa bits (frexp), k as a double through 2^52.
constexpr double kMaxSubnormal = 2.225073858507201e-308, kInfinity = std::numeric_limits<double>::infinity();

bool log_fast_path(Vec x) { return all(bit_and(less(splat(kMaxSubnormal), x), less(x, splat(kInfinity)))); }

Vec log_lanes(Vec x) {
  const Vec exponent = shift_right_52(x);  // x > 0: no sign bit
  const Vec e = sub(bit_or(exponent, splat_int64(0x4330000000000000)), splat(4503599627370496.0));  // as a double
  Vec m = bit_or(bit_and(x, splat_int64(0x000fffffffffffff)), splat_int64(0x3fe0000000000000));  // [1/2, 1)
  Vec k = sub(e, splat(1022.0));
  const Vec small = less(m, splat(series::kSqrtHalf));
  m = where(small, mul(m, splat(2.0)), m);
  k = where(small, sub(k, splat(1.0)), k);
  const Vec f = sub(m, splat(1.0)), s = div(f, add(splat(2.0), f)), z = mul(s, s);
  const Vec R = mul(z, horner_lanes(series::kLog, z)), half_square = mul(mul(splat(0.5), f), f);
  const Vec inner = add(mul(s, add(half_square, R)), mul(k, splat(series::kLn2Lo)));
  return sub(mul(k, splat(series::kLn2Hi)), sub(sub(half_square, inner), f));
}

// y = f(x) for n values: pairs on the vector path when fast(pair), else the scalar g.
template <class Fast, class Lanes>
void map_pairs(const double* x, double* y, std::ptrdiff_t n, Fast fast, Lanes lanes, double (*g)(double)) {
  const auto one_pair = [&](std::ptrdiff_t i) {
    const Vec v = load(x + i);
    if (fast(v)) {
      store(y + i, lanes(v));
    } else {
      y[i] = g(x[i]);
      y[i + 1] = g(x[i + 1]);
    }
  };
  std::ptrdiff_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const Vec a = load(x + i), b = load(x + i + 2);
    if (fast(a) && fast(b)) {
      const Vec fa = lanes(a), fb = lanes(b);
      store(y + i, fa);
      store(y + i + 2, fb);
    } else {
      one_pair(i);
      one_pair(i + 2);
    }
  }
  for (; i + 2 <= n; i += 2) one_pair(i);
  if (i < n) y[i] = g(x[i]);
}

}  // namespace

void exp_each(const double* x, double* y, std::ptrdiff_t n) {
  map_pairs(x, y, n, exp_fast_path, exp_lanes, &exp);
}

void log_each(const double* x, double* y, std::ptrdiff_t n) {
  map_pairs(x, y, n, log_fast_path, log_lanes, &log);
}

}  // namespace rnnbook::portable
