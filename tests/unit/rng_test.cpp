// The RNG must give the same stream natively and in wasm: this suite runs in both builds against
// values from an independent Python implementation of xoshiro256** / splitmix64 / polar method.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/rng.hpp"

using rnnbook::Rng;

TEST_CASE("Rng raw, uniform and normal streams match the reference values", "[rng]") {
  SECTION("raw 64-bit outputs are bit-identical") {
    Rng r(42);
    CHECK(r.next_u64() == 0x15780b2e0c2ec716ULL);
    CHECK(r.next_u64() == 0x6104d9866d113a7eULL);
    CHECK(r.next_u64() == 0xae17533239e499a1ULL);
    CHECK(r.next_u64() == 0xecb8ad4703b360a1ULL);
    CHECK(Rng(0).next_u64() == 0x99ec5f36cb75f2b4ULL);
  }
  SECTION("uniforms of a stream are bit-identical") {
    Rng r(7, 3);
    CHECK(r.uniform() == 0.8459096205699095);
    CHECK(r.uniform() == 0.7925344329816163);
    CHECK(r.uniform() == 0.1146114583490273);
  }
  SECTION("normals agree to the last bits (libm log may differ by an ulp)") {
    Rng r(2026, 1);
    const double expected[] = {0.7291664622824697, -0.14672982906009782, -0.35730731066554283,
                               0.3590059018569659, 0.004334367511041888};
    for (double e : expected) CHECK(r.normal() == Approx(e).epsilon(1e-14).margin(1e-16));
  }
}

TEST_CASE("Rng streams are distinct and well distributed", "[rng]") {
  SECTION("streams of one seed differ") {
    Rng a(5, 0), b(5, 1);
    CHECK(a.next_u64() != b.next_u64());
  }
  SECTION("uniform is in [0, 1) with mean 1/2 and variance 1/12") {
    Rng r(11);
    const int n = 200000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      const double u = r.uniform();
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      s += u;
      s2 += u * u;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    CHECK(mean == Approx(0.5).margin(5 * std::sqrt(1.0 / 12 / n)));
    CHECK(var == Approx(1.0 / 12).margin(0.002));
  }
  SECTION("normal has mean 0, variance 1 and kurtosis 3") {
    Rng r(12);
    const int n = 200000;
    double s = 0, s2 = 0, s4 = 0;
    for (int i = 0; i < n; ++i) {
      const double z = r.normal();
      s += z;
      s2 += z * z;
      s4 += z * z * z * z;
    }
    CHECK(s / n == Approx(0.0).margin(5 / std::sqrt(double(n))));
    CHECK(s2 / n == Approx(1.0).margin(0.015));
    CHECK(s4 / n == Approx(3.0).margin(0.08));
  }
  SECTION("bernoulli frequency matches p") {
    Rng r(13);
    int hits = 0;
    for (int i = 0; i < 100000; ++i) hits += r.bernoulli(0.05);
    CHECK(hits / 1e5 == Approx(0.05).margin(0.004));
  }
}
