// common/portable_math's array forms of exp and log: the same bits as the scalar functions for every
// input (random over the whole range, the edges of the vector path, special values), at every length
// and position in the array (pairs, the pair of pairs, the last odd value) and in place.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "common/portable_math.hpp"

namespace pm = rnnbook::portable;

namespace {

std::uint64_t lanes_test_bits(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, 8);
  return u;
}

// Every value of `x` through the array form, in place and not, against the scalar function: the
// number of values whose bits differ (NaNs count as equal to NaNs).
template <class Scalar, class Array>
int lanes_mismatches(const std::vector<double>& x, Scalar scalar, Array array) {
  std::vector<double> out(x.size()), in_place = x;
  array(x.data(), out.data(), std::ptrdiff_t(x.size()));
  array(in_place.data(), in_place.data(), std::ptrdiff_t(x.size()));
  int bad = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = scalar(x[i]);
    for (const double got : {out[i], in_place[i]}) {
      const bool same = std::isnan(want) ? std::isnan(got) : lanes_test_bits(got) == lanes_test_bits(want);
      if (!same) {
        if (bad < 5) UNSCOPED_INFO("x = " << x[i] << ": scalar " << want << ", array " << got);
        ++bad;
      }
    }
  }
  return bad;
}

int exp_mismatches(const std::vector<double>& x) {
  return lanes_mismatches(x, [](double v) { return pm::exp(v); },
                          [](const double* a, double* b, std::ptrdiff_t n) { pm::exp_each(a, b, n); });
}

int log_mismatches(const std::vector<double>& x) {
  return lanes_mismatches(x, [](double v) { return pm::log(v); },
                          [](const double* a, double* b, std::ptrdiff_t n) { pm::log_each(a, b, n); });
}

constexpr double kLanesInf = std::numeric_limits<double>::infinity();
constexpr double kLanesNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("portable exp and log of arrays: the scalar functions' bits, two at a time", "[portable_math]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  SECTION("exp over its whole range and the vector path's edges") {
    std::vector<double> x;
    for (int i = 0; i < 200000; ++i) x.push_back(-760.0 + 1520.0 * unit(rng));
    for (int i = 0; i < 20000; ++i) x.push_back((unit(rng) - 0.5) * 1e-3);  // near 0: n = 0
    for (int i = 0; i < 20000; ++i) x.push_back(std::ldexp(unit(rng) - 0.5, 1 + i % 12) * 0.6931471805599453);  // ties of x / ln 2
    for (const double v : {-745.2, -745.0, -709.0, -708.5, -708.0, -707.99, 708.99, 709.0, 709.5, 709.78, 709.79, 710.0,
                           0.0, -0.0, 1e-300, -1e-300, 0.5, 1.0, -1.0, 0.34657359027997264, kLanesInf, -kLanesInf, kLanesNaN})
      x.push_back(v);
    CHECK(exp_mismatches(x) == 0);
  }

  SECTION("log over positive numbers of every scale, subnormals and special values") {
    std::vector<double> x;
    for (int i = 0; i < 200000; ++i) x.push_back(std::exp(-745.0 + 1454.0 * unit(rng)));
    for (int i = 0; i < 20000; ++i) x.push_back(0.5 + unit(rng));  // around 1 and sqrt(1/2) 2^k
    for (int i = 0; i < 20000; ++i) x.push_back(-std::log(unit(rng)));  // the Gumbel draw's second log
    for (const double v : {0.0, -0.0, -1.0, 4.9e-324, 2.225073858507201e-308, 2.2250738585072014e-308,
                           1.7976931348623157e308, 1.0, 0.7071067811865476, 0.7071067811865475, 1.4142135623730951,
                           1.4142135623730950, kLanesInf, -kLanesInf, kLanesNaN})
      x.push_back(v);
    CHECK(log_mismatches(x) == 0);
  }

  SECTION("every length and offset: the pairs, the pair of pairs and the odd last value") {
    std::vector<double> base;
    for (int i = 0; i < 13; ++i) base.push_back(0.37 + 1.9 * i);
    for (std::size_t length = 0; length <= base.size(); ++length)
      for (std::size_t at = 0; at + length <= base.size(); ++at) {
        const std::vector<double> part(base.begin() + std::ptrdiff_t(at), base.begin() + std::ptrdiff_t(at + length));
        CHECK(exp_mismatches(part) == 0);
        CHECK(log_mismatches(part) == 0);
      }
    // A pair with one value off the vector path: the scalar function for both, the other pair unchanged.
    CHECK(exp_mismatches({1.0, -800.0, 2.0, 3.0, kLanesNaN, 4.0, 5.0}) == 0);
    CHECK(log_mismatches({1.0, 0.0, 2.0, 3.0, -1.0, 1e-310, 5.0}) == 0);
  }
}
