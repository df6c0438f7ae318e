// Elementary functions with one fixed sequence of IEEE operations (common/portable_math.hpp says why).
// Each reduces its argument exactly or with a split constant, then sums a Taylor series far enough
// that the truncation is below 1e-17 relative (erfc: polynomials fitted to 1e-18, portable_erfc_table.hpp). std::nearbyint, frexp, ldexp, copysign and sqrt are
// exact or correctly rounded by IEEE 754, so glibc and musl agree on them.
#include "common/portable_math.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>

#include "common/portable_erfc_table.hpp"
#include "common/portable_math_series.hpp"

namespace rnnbook::portable {
namespace {

using series::kExpm1, series::kInvLn2, series::kLn2Hi, series::kLn2Lo, series::kLog, series::kSqrtHalf;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPiHi = 3.141592653589793, kPiLo = 1.2246467991473532e-16;
constexpr double kHalfPiHi = 1.5707963267948966, kHalfPiLo = 6.123233995736766e-17;
constexpr double kSixthPiHi = 0.5235987755982989, kSixthPiLo = -5.360408832255455e-17;
constexpr double kQuarterPi = 0.7853981633974483, kThreeQuarterPi = 2.356194490192345;
constexpr double kTwoOverPi = 0.6366197723675814;
// pi/2 in three pieces of 33 bits: n * piece is exact for |n| < 2^20.
constexpr double kHalfPi1 = 1.5707963267341256, kHalfPi2 = 6.077100506303966e-11,
                 kHalfPi3 = 2.0222662487959506e-21;
constexpr double kSqrt3 = 1.7320508075688772, kTanTwelfthPi = 0.2679491924311227;
constexpr double kHalfLog2Pi = 0.9189385332046728;

// (-1)^j / (2j+1)! for j = 1..9, and (-1)^j / (2j)! for j = 2..10: |r| <= pi/4.
constexpr double kSin[] = {-0.16666666666666666, 0.008333333333333333, -0.0001984126984126984,
                           2.7557319223985893e-06, -2.505210838544172e-08, 1.6059043836821613e-10,
                           -7.647163731819816e-13, 2.8114572543455206e-15, -8.22063524662433e-18};
constexpr double kCos[] = {0.041666666666666664, -0.001388888888888889, 2.48015873015873e-05,
                           -2.755731922398589e-07, 2.08767569878681e-09, -1.1470745597729725e-11,
                           4.779477332387385e-14, -1.5619206968586225e-16, 4.110317623312165e-19};
// (-1)^j / (2j+1) for j = 1..15: atan(u), |u| <= tan(pi/12).
constexpr double kAtan[] = {-0.3333333333333333, 0.2, -0.14285714285714285, 0.1111111111111111,
                            -0.09090909090909091, 0.07692307692307693, -0.06666666666666667,
                            0.058823529411764705, -0.05263157894736842, 0.047619047619047616,
                            -0.043478260869565216, 0.04, -0.037037037037037035, 0.034482758620689655,
                            -0.03225806451612903};
// B_2k / (2k (2k-1)) for k = 1..8: Stirling's series of log Gamma, x >= 15.
constexpr double kStirling[] = {0.08333333333333333, -0.002777777777777778, 0.0007936507936507937,
                                -0.0005952380952380953, 0.0008417508417508417, -0.0019175269175269176,
                                0.00641025641025641, -0.029550653594771242};

template <int N>
double horner(const double (&c)[N], double z) {
  double p = c[N - 1];
  for (int i = N - 2; i >= 0; --i) p = c[i] + z * p;
  return p;
}

// expm1(r) for |r| <= ln2/2 by its Taylor series.
double expm1_reduced(double r) { return r + r * r * horner(kExpm1, r); }

// x = n ln2 + r with |r| <= ln2/2 (Cody and Waite: the high part of ln 2 makes n * kLn2Hi exact).
double reduce_ln2(double x, double& n) {
  n = std::nearbyint(x * kInvLn2);
  return (x - n * kLn2Hi) - n * kLn2Lo;
}

double sin_reduced(double r) {
  const double z = r * r;
  return r + r * z * horner(kSin, z);
}

double cos_reduced(double r) {
  const double z = r * r, half = 0.5 * z, w = 1.0 - half;
  return w + (((1.0 - w) - half) + z * z * horner(kCos, z));  // the rounding of 1 - z/2, added back
}

// x = n pi/2 + r with |r| <= pi/4 (slightly more for |x| beyond 2^20 pi/2, where n * kHalfPi1 rounds).
double reduce_half_pi(double x, long long& quadrant) {
  if (std::fabs(x) <= kQuarterPi) {
    quadrant = 0;
    return x;
  }
  // Beyond 1e15 the quadrant would not fit: reduce exactly by the double nearest 2 pi first.
  if (std::fabs(x) > 1e15) x = std::fmod(x, 2.0 * kPiHi);
  const double n = std::nearbyint(x * kTwoOverPi);
  quadrant = static_cast<long long>(n);
  return ((x - n * kHalfPi1) - n * kHalfPi2) - n * kHalfPi3;
}

// atan(u) for 0 <= u <= 1.
double atan_unit(double u) {
  double base_hi = 0.0, base_lo = 0.0;
  if (u > kTanTwelfthPi) {  // atan(u) = pi/6 + atan((u sqrt3 - 1) / (sqrt3 + u))
    u = (u * kSqrt3 - 1.0) / (kSqrt3 + u);
    base_hi = kSixthPiHi;
    base_lo = kSixthPiLo;
  }
  const double z = u * u;
  return base_hi + (base_lo + (u + u * z * horner(kAtan, z)));
}

// 2^k for -1022 <= k <= 1023, from its bits.
double power_of_two(int k) {
  const std::uint64_t bits = std::uint64_t(k + 1023) << 52;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// erfc(x) e^{x^2} (or erfc(x) below 2) for 1/2 <= x < 32, as head + tail: the piece for x's eighth of
// its binade, a polynomial in t in [-1, 1] (portable_erfc_table.hpp; scripts/fit_erfc.py made it).
struct ErfcPiece {
  double head, tail;
  bool scaled;  // erfc(x) e^{x^2}, from x = 2 on
};

ErfcPiece erfc_piece(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const int e = int(bits >> 52) - 1022;           // x = m 2^e, m in [1/2, 1), e in 0..5
  const double s = x * power_of_two(5 - e);       // 32 m in [16, 32), exact
  const int j = static_cast<int>(0.5 * s) - 8;    // x's eighth of the binade
  const double t = s - double(17 + 2 * j);        // exact (Sterbenz): both terms in [16, 32]
  const double* c = erfc_table::kPieces[8 * e + j];
  constexpr int kLast = int(std::size(erfc_table::kPieces[0])) - 2;  // c[kLast + 1]: c[0]'s rounding error
  double tail = c[kLast];
  for (int i = kLast - 1; i >= 1; --i) tail = c[i] + t * tail;
  return {c[0], c[kLast + 1] + t * tail, e >= 2};
}

// (head + tail) e^{-x^2} for 0 <= x < 28 without the rounding of x^2 or of head + tail: x = hi + lo
// with hi of 25 bits, so x^2 = hi^2 + lo (x + hi) with hi^2 exact. One reduction of that pair by ln 2,
// e^r - 1 kept apart from the 1, and one rounding at the end (subnormal or not). Roundings to integers
// and powers of two by IEEE additions and bits, not libm calls: the same bits, and faster natively.
double times_exp_minus_square(double head, double tail, double x) {
  constexpr double kToMultipleOf2p20 = 6442450944.0;    // 1.5 * 2^32: (v + it) - it rounds v to 2^-20
  constexpr double kToInteger = 6755399441055744.0;     // 1.5 * 2^52: (v + it) - it rounds v to an integer
  const double hi = (x + kToMultipleOf2p20) - kToMultipleOf2p20;
  const double lo = x - hi, square_hi = hi * hi;
  const double n = (-square_hi * kInvLn2 + kToInteger) - kToInteger;
  const double r = ((-square_hi - n * kLn2Hi) - lo * (x + hi)) - n * kLn2Lo;  // the first - is exact
  const double p = expm1_reduced(r);
  double y = head + (head * p + tail * (1.0 + p));
  int k = static_cast<int>(n);  // -1077 <= k <= -5
  if (k < -1000) {  // 2^k would be subnormal: scale y first (exactly), so the product rounds once
    y *= 0x1p-64;
    k += 64;
  }
  return y * power_of_two(k);
}

}  // namespace

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return kInf;
  if (x < -745.1332191019412) return 0.0;  // below half the smallest subnormal
  double n;
  const double r = reduce_ln2(x, n);
  return std::ldexp(1.0 + expm1_reduced(r), static_cast<int>(n));
}

double expm1(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return kInf;
  if (x < -40.0) return -1.0;  // e^x below half an ulp of 1
  double n;
  const double r = reduce_ln2(x, n);
  if (n == 0.0) return x == 0.0 ? x : expm1_reduced(x);  // keeps -0
  const double p = expm1_reduced(r);
  if (n > 1000.0) return std::ldexp(1.0 + p, static_cast<int>(n));  // the - 1 is below an ulp
  const double t = std::ldexp(1.0, static_cast<int>(n));             // 2^n - 1 is exact for n <= 53
  return (t - 1.0) + t * p;
}

double log(double x) {
  if (std::isnan(x)) return x;
  if (x < 0.0) return kNaN;
  if (x == 0.0) return -kInf;
  if (std::isinf(x)) return x;
  int k;
  double m = std::frexp(x, &k);  // x = m 2^k, m in [1/2, 1)
  if (m < kSqrtHalf) {
    m *= 2.0;
    --k;
  }
  // log(1+f) = 2 atanh(s) = 2s + s R, written as f - (f^2/2 - s (f^2/2 + R)) to keep its rounding small.
  const double f = m - 1.0, s = f / (2.0 + f), z = s * s;
  const double R = z * horner(kLog, z), half_square = 0.5 * f * f, dk = k;
  return dk * kLn2Hi - ((half_square - (s * (half_square + R) + dk * kLn2Lo)) - f);
}

double log1p(double x) {
  if (std::isnan(x)) return x;
  if (x < -1.0) return kNaN;
  if (x == -1.0) return -kInf;
  if (std::isinf(x)) return x;
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  return log(u) * (x / (u - 1.0));  // Kahan: the ratio corrects the rounding of 1 + x
}

double pow(double base, double exponent) {
  if (exponent == 0.0 || base == 1.0) return 1.0;
  if (std::isnan(base) || std::isnan(exponent)) return kNaN;
  const bool odd_integer = std::trunc(exponent) == exponent && std::fabs(exponent) < 9007199254740992.0 &&
                           std::fmod(exponent, 2.0) != 0.0;
  if (base == 0.0) {
    const double magnitude = exponent > 0.0 ? 0.0 : kInf;
    return odd_integer ? std::copysign(magnitude, base) : magnitude;
  }
  if (base < 0.0) {
    if (std::trunc(exponent) != exponent) return kNaN;  // a negative base needs an integer exponent
    const double magnitude = pow(-base, exponent);
    return odd_integer ? -magnitude : magnitude;
  }
  if (std::isinf(exponent)) return (base > 1.0) == (exponent > 0.0) ? kInf : 0.0;
  return exp(exponent * log(base));
}

double sinh(double x) {
  if (std::isnan(x)) return x;
  const double a = std::fabs(x);
  if (a > 710.0) return std::copysign(kInf, x);
  if (a > 22.0) {  // e^{-a} is below an ulp of e^a
    const double half = exp(0.5 * a);
    return std::copysign(0.5 * half * half, x);  // e^a / 2 without overflowing first
  }
  const double m = expm1(a);  // sinh a = (m + m / (m + 1)) / 2
  return std::copysign(0.5 * (m + m / (m + 1.0)), x);
}

double cosh(double x) {
  if (std::isnan(x)) return x;
  const double a = std::fabs(x);
  if (a > 710.0) return kInf;
  if (a > 22.0) {
    const double half = exp(0.5 * a);
    return 0.5 * half * half;
  }
  const double e = exp(a);
  return 0.5 * (e + 1.0 / e);
}

double sin(double x) {
  if (std::isnan(x) || std::isinf(x)) return kNaN;
  if (x == 0.0) return x;  // keeps -0
  long long q;
  const double r = reduce_half_pi(x, q);
  switch (q & 3) {
    case 0: return sin_reduced(r);
    case 1: return cos_reduced(r);
    case 2: return -sin_reduced(r);
    default: return -cos_reduced(r);
  }
}

double cos(double x) {
  if (std::isnan(x) || std::isinf(x)) return kNaN;
  long long q;
  const double r = reduce_half_pi(x, q);
  switch (q & 3) {
    case 0: return cos_reduced(r);
    case 1: return -sin_reduced(r);
    case 2: return -cos_reduced(r);
    default: return sin_reduced(r);
  }
}

double atan2(double y, double x) {
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (y == 0.0) return std::signbit(x) ? std::copysign(kPiHi, y) : y;
  if (x == 0.0) return std::copysign(kHalfPiHi, y);
  if (std::isinf(x)) {
    if (std::isinf(y)) return std::copysign(std::signbit(x) ? kThreeQuarterPi : kQuarterPi, y);
    return std::copysign(std::signbit(x) ? kPiHi : 0.0, y);
  }
  if (std::isinf(y)) return std::copysign(kHalfPiHi, y);
  const double ay = std::fabs(y), ax = std::fabs(x);
  double a;  // atan(ay / ax) in [0, pi/2]
  if (ay <= ax) a = atan_unit(ay / ax);
  else a = kHalfPiHi - (atan_unit(ax / ay) - kHalfPiLo);
  if (std::signbit(x)) a = kPiHi - (a - kPiLo);
  return std::copysign(a, y);
}

double erfc(double x) {
  if (std::isnan(x)) return x;
  if (x < 0.0) return 2.0 - erfc(-x);
  if (x > 27.3) return 0.0;  // below the smallest subnormal
  if (x < 0.5) {
    const double r = x * horner(erfc_table::kSmall, x * x);  // erf(x) = x + r
    return x < 0.25 ? 1.0 - (x + r) : 0.5 - ((x - 0.5) + r);  // x - 0.5 is exact
  }
  const ErfcPiece p = erfc_piece(x);
  return p.scaled ? times_exp_minus_square(p.head, p.tail, x) : p.head + p.tail;
}

double lgamma(double x) {
  if (std::isnan(x)) return x;
  if (x <= 0.0) return kNaN;
  if (std::isinf(x)) return kInf;
  if (x == 1.0 || x == 2.0) return 0.0;
  // Gamma(x) = Gamma(x + k) / (x (x+1) ... (x+k-1)): Stirling's series needs x >= 15.
  double product = 1.0;
  while (x < 15.0) {
    product *= x;
    x += 1.0;
  }
  const double inv = 1.0 / x;
  const double series = inv * horner(kStirling, inv * inv);
  return (x - 0.5) * log(x) - x + kHalfLog2Pi + series - log(product);
}

}  // namespace rnnbook::portable
