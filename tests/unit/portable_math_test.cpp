// common/portable_math: accuracy against long double references, IEEE special values, and fixed
// fingerprints of the outputs (the same suite runs as wasm, so a one-ulp difference between the
// native and wasm builds fails).
#include <catch2/catch.hpp>

#include <cmath>
#include <iterator>
#include <limits>
#include <random>

#include "bits_fingerprint.hpp"
#include "erfc_reference.hpp"
#include "common/portable_math.hpp"

namespace pm = rnnbook::portable;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// |got - reference| in units of the last place of the reference rounded to double.
double ulps_from(double got, long double reference) {
  const double r = static_cast<double>(reference);
  if (got == r) return 0.0;
  if (std::isnan(got) || std::isnan(r) || std::isinf(got) || std::isinf(r)) return kInfinity;
  const double a = std::fabs(r);
  const double ulp = a == 0.0 ? 4.9e-324 : std::nextafter(a, kInfinity) - a;
  return static_cast<double>(fabsl(static_cast<long double>(got) - reference) / ulp);
}

// The worst error over n points spread uniformly over [lo, hi] (or log-uniformly, either sign).
template <class Ours, class Reference>
double worst_ulps(Ours ours, Reference reference, double lo, double hi, bool log_scale = false, int n = 3000) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double worst = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = unit(rng);
    const double x = log_scale ? std::copysign(std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))),
                                               i % 2 ? 1.0 : -1.0)
                               : lo + u * (hi - lo);
    worst = std::max(worst, ulps_from(ours(x), reference(static_cast<long double>(x))));
  }
  return worst;
}

}  // namespace

TEST_CASE("portable exp, expm1, log, log1p and pow are within a few ulp of long double libm") {
  SECTION("exp: 2 ulp over its whole range") {
    CHECK(worst_ulps(pm::exp, [](long double x) { return expl(x); }, -745.0, 709.7) <= 2.0);
    CHECK(worst_ulps(pm::exp, [](long double x) { return expl(x); }, 1e-12, 2.0, true) <= 2.0);
  }
  SECTION("expm1: 3 ulp, relative accuracy kept near 0") {
    CHECK(worst_ulps(pm::expm1, [](long double x) { return expm1l(x); }, -40.0, 709.0) <= 3.0);
    CHECK(worst_ulps(pm::expm1, [](long double x) { return expm1l(x); }, 1e-20, 2.0, true) <= 3.0);
  }
  SECTION("log: 2 ulp from subnormals to 1e300") {
    const auto ours = [](double x) { return pm::log(std::fabs(x)); };
    const auto reference = [](long double x) { return logl(fabsl(x)); };
    CHECK(worst_ulps(ours, reference, 1e-320, 1e300, true) <= 2.0);
    CHECK(worst_ulps(pm::log, [](long double x) { return logl(x); }, 0.5, 2.0) <= 2.0);
  }
  SECTION("log1p: 3 ulp, relative accuracy kept near 0") {
    CHECK(worst_ulps(pm::log1p, [](long double x) { return log1pl(x); }, -0.999, 10.0) <= 3.0);
    CHECK(worst_ulps(pm::log1p, [](long double x) { return log1pl(x); }, 1e-20, 0.9, true) <= 3.0);
  }
  SECTION("pow: (2 + 3 |exponent log base|) ulp") {
    for (const double base : {0.999, 1.7, 3e-5, 250.0}) {
      const auto ours = [base](double e) { return pm::pow(base, e); };
      const auto reference = [base](long double e) { return powl(static_cast<long double>(base), e); };
      const double range = 50.0 / std::fabs(std::log(base));  // |exponent log base| <= 50
      CHECK(worst_ulps(ours, reference, -range, range) <= 152.0);
      CHECK(worst_ulps(ours, reference, -2.0, 2.0) <= 2.0 + 6.0 * std::fabs(std::log(base)));
    }
  }
}

TEST_CASE("portable sinh, cosh, sin, cos and atan2 are within a few ulp of long double libm") {
  SECTION("sinh and cosh: 3 ulp") {
    CHECK(worst_ulps(pm::sinh, [](long double x) { return sinhl(x); }, 1e-20, 700.0, true) <= 3.0);
    CHECK(worst_ulps(pm::cosh, [](long double x) { return coshl(x); }, -700.0, 700.0) <= 3.0);
  }
  SECTION("sin and cos: 2 ulp for |x| <= 10, 3 ulp up to 1e5") {
    CHECK(worst_ulps(pm::sin, [](long double x) { return sinl(x); }, -10.0, 10.0) <= 2.0);
    CHECK(worst_ulps(pm::cos, [](long double x) { return cosl(x); }, -10.0, 10.0) <= 2.0);
    CHECK(worst_ulps(pm::sin, [](long double x) { return sinl(x); }, -1e5, 1e5) <= 3.0);
    CHECK(worst_ulps(pm::cos, [](long double x) { return cosl(x); }, -1e5, 1e5) <= 3.0);
    CHECK(worst_ulps(pm::sin, [](long double x) { return sinl(x); }, 1e-12, 0.78, true) <= 1.0);
  }
  SECTION("atan2: 3 ulp in every quadrant, tiny and huge ratios included") {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal;
    double worst = 0.0;
    for (int i = 0; i < 3000; ++i) {
      const double y = normal(rng) * (i % 3 == 0 ? 1e-9 : 1.0), x = normal(rng) * (i % 5 == 0 ? 1e-9 : 1.0);
      worst = std::max(worst, ulps_from(pm::atan2(y, x), atan2l(y, x)));
    }
    CHECK(worst <= 3.0);
  }
}

TEST_CASE("portable erfc and lgamma are accurate to their stated bounds") {
  // kErfcReference (scripts/fit_erfc.py): {x, hi, e}, erfc(x) = hi + e ulp(hi) from mpmath.
  const auto ulp = [](double hi) { return std::nextafter(hi, kInfinity) - hi; };
  const auto ulps_off = [&ulp](double got, const double (&row)[3]) {  // got - hi is exact: the two are close
    return std::fabs((got - row[1]) / ulp(row[1]) - row[2]);
  };
  SECTION("erfc: within 1 ulp of mpmath's values below 2, 2 ulp from 2 to 27.3 (subnormal: steps of 2^-1074)") {
    double worst_below_2 = 0.0, worst = 0.0;
    for (const auto& row : rnnbook::testing::kErfcReference) {
      double& worst_here = row[0] < 2.0 ? worst_below_2 : worst;
      worst_here = std::max(worst_here, ulps_off(pm::erfc(row[0]), row));
    }
    INFO("worst ulp below 2: " << worst_below_2 << ", from 2: " << worst);
    CHECK(worst_below_2 <= 1.0);
    CHECK(worst <= 2.0);
  }
  SECTION("erfc: continuous across the boundaries of its pieces, as mpmath's steps") {
    // The table holds both neighbours of every boundary: the step from one to the next must be the true one.
    const auto& reference = rnnbook::testing::kErfcReference;
    double worst = 0.0;
    for (std::size_t i = 1; i < std::size(reference); ++i) {
      const auto &left = reference[i - 1], &right = reference[i];
      if (std::nextafter(left[0], kInfinity) != right[0]) continue;
      const double step = pm::erfc(right[0]) - pm::erfc(left[0]);  // exact: the two are close
      const double true_step = (right[1] - left[1]) + (right[2] * ulp(right[1]) - left[2] * ulp(left[1]));
      worst = std::max(worst, std::fabs(step - true_step) / ulp(right[1]));
    }
    INFO("worst step error in ulp of erfc: " << worst);
    CHECK(worst <= 2.0);
  }
  SECTION("erfc: erfc(-x) = 2 - erfc(x), and erfc is 1 at 0, 0 from its underflow point") {
    for (const auto& row : rnnbook::testing::kErfcReference)
      if (row[0] > 0.0) CHECK(pm::erfc(-row[0]) == 2.0 - pm::erfc(row[0]));
    CHECK(pm::erfc(0.0) == 1.0);
    CHECK(pm::erfc(-0.0) == 1.0);
    // Rounded once: the last double whose erfc is at least half the smallest subnormal gives that subnormal.
    CHECK(pm::erfc(rnnbook::testing::kErfcUnderflowX) == std::numeric_limits<double>::denorm_min());
    CHECK(pm::erfc(std::nextafter(rnnbook::testing::kErfcUnderflowX, kInfinity)) == 0.0);
    CHECK(pm::erfc(27.3) == 0.0);
    CHECK(pm::erfc(1e300) == 0.0);
    CHECK(pm::erfc(-1e300) == 2.0);
  }
  SECTION("lgamma: 1e-13 absolute and relative from 1e-3 to 200") {
    std::mt19937_64 rng(6);
    std::uniform_real_distribution<double> x_of(1e-3, 200.0);
    for (int i = 0; i < 2000; ++i) {
      const double x = i % 2 ? x_of(rng) : x_of(rng) / 40.0;
      const long double reference = lgammal(x);
      CHECK(fabsl(pm::lgamma(x) - reference) <= 1e-13L * (1.0L + fabsl(reference)));
    }
  }
}

TEST_CASE("portable math follows IEEE special values") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  SECTION("NaN in, NaN out") {
    for (double (*f)(double) : {pm::exp, pm::expm1, pm::log, pm::log1p, pm::sinh, pm::cosh, pm::sin,
                                pm::cos, pm::erfc, pm::lgamma})
      CHECK(std::isnan(f(nan)));
    CHECK(std::isnan(pm::atan2(nan, 1.0)));
    CHECK(std::isnan(pm::pow(nan, 2.0)));
  }
  SECTION("limits and exact values") {
    CHECK(pm::exp(-kInfinity) == 0.0);
    CHECK(pm::exp(kInfinity) == kInfinity);
    CHECK(pm::exp(710.0) == kInfinity);
    CHECK(pm::exp(0.0) == 1.0);
    CHECK(pm::expm1(-kInfinity) == -1.0);
    CHECK(std::signbit(pm::expm1(-0.0)));
    CHECK(pm::log(1.0) == 0.0);
    CHECK(pm::log(0.0) == -kInfinity);
    CHECK(std::isnan(pm::log(-1.0)));
    CHECK(pm::log(kInfinity) == kInfinity);
    CHECK(pm::log1p(-1.0) == -kInfinity);
    CHECK(std::isnan(pm::log1p(-2.0)));
    CHECK(std::signbit(pm::sin(-0.0)));
    CHECK(pm::cos(0.0) == 1.0);
    CHECK(std::isnan(pm::sin(kInfinity)));
    CHECK(pm::erfc(-kInfinity) == 2.0);
    CHECK(pm::erfc(kInfinity) == 0.0);
    CHECK(pm::lgamma(1.0) == 0.0);
    CHECK(pm::lgamma(2.0) == 0.0);
    CHECK(std::isnan(pm::lgamma(-1.5)));
  }
  SECTION("atan2 quadrants, zeros and infinities as C's atan2") {
    for (const double y : {0.0, -0.0, 1.0, -1.0, kInfinity, -kInfinity})
      for (const double x : {0.0, -0.0, 2.0, -2.0, kInfinity, -kInfinity}) {
        INFO("atan2(" << y << ", " << x << ")");
        const double ours = pm::atan2(y, x), reference = std::atan2(y, x);
        CHECK(std::signbit(ours) == std::signbit(reference));
        CHECK(ulps_from(ours, reference) <= 1.0);
      }
  }
  SECTION("pow as C's pow") {
    CHECK(ulps_from(pm::pow(-2.0, 3.0), -8.0L) <= 2.0);
    CHECK(ulps_from(pm::pow(-2.0, 2.0), 4.0L) <= 2.0);
    CHECK(std::isnan(pm::pow(-8.0, 1.0 / 3.0)));
    CHECK(pm::pow(0.0, -1.0) == kInfinity);
    CHECK(std::signbit(pm::pow(-0.0, 3.0)));
    CHECK(pm::pow(nan, 0.0) == 1.0);
    CHECK(pm::pow(1.0, nan) == 1.0);
    CHECK(pm::pow(0.5, kInfinity) == 0.0);
    CHECK(pm::pow(2.0, kInfinity) == kInfinity);
    CHECK(ulps_from(pm::pow(4.0, 0.5), 2.0L) <= 2.0);
  }
}

TEST_CASE("portable math gives the same bits in every build: fixed fingerprints") {
  Eigen::VectorXd x(401);
  // Divisions, not -20 + 0.1 i: clang -O3 with wasm SIMD turned that constant-trip-count loop into a
  // running sum and rounded x(400) differently (the inputs must be the same bits in every build).
  for (int i = 0; i < 401; ++i) x(i) = double(i - 200) / 10.0 + std::sqrt(double(i)) / 1000.0;
  const auto fingerprint = [&x](auto f) { return rnnbook::testing::bits_fingerprint(x.unaryExpr(f)); };
  const Eigen::VectorXd positive = x.array().abs() + 1e-3;
  CHECK(fingerprint([](double v) { return pm::exp(v); }) == 0x6feab80f75b76db1ull);
  CHECK(fingerprint([](double v) { return pm::expm1(v); }) == 0xe52c17f2c122f73aull);
  CHECK(rnnbook::testing::bits_fingerprint(positive.unaryExpr([](double v) { return pm::log(v); })) == 0x7d973a5dbabf7519ull);
  CHECK(rnnbook::testing::bits_fingerprint(positive.unaryExpr([](double v) { return pm::log1p(v); })) == 0x6c4bea9a2963c1b1ull);
  CHECK(rnnbook::testing::bits_fingerprint(positive.unaryExpr([](double v) { return pm::pow(v, 0.37); })) == 0x623cfdebcab73537ull);
  CHECK(rnnbook::testing::bits_fingerprint(positive.unaryExpr([](double v) { return pm::lgamma(v); })) == 0x91532129936020dfull);
  CHECK(fingerprint([](double v) { return pm::sinh(v); }) == 0x7edfa17f91df2a10ull);
  CHECK(fingerprint([](double v) { return pm::cosh(v); }) == 0x448712bca87414adull);
  CHECK(fingerprint([](double v) { return pm::sin(v); }) == 0x8a845aa087fcb270ull);
  CHECK(fingerprint([](double v) { return pm::cos(v); }) == 0x671d45f1c5ce87a4ull);
  CHECK(fingerprint([](double v) { return pm::atan2(v, 0.3 - v); }) == 0xe104e4a42c2031caull);
  CHECK(fingerprint([](double v) { return pm::erfc(v); }) == 0x309ad1eac1d5cfadull);
}
