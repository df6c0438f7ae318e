// Sample-quality measures (SCIENCE.md 5.3): each against a hand computation or a closed form.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "experiments/sample_quality_functions.hpp"
#include "measures/sample_quality.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

Eigen::MatrixXd gaussian(Eigen::Index d, Eigen::Index n, double mean, double sd, Rng& rng) {
  Eigen::MatrixXd x(d, n);
  for (auto& v : x.reshaped()) v = mean + sd * rng.normal();
  return x;
}

// E MMD_u^2 of N(m1, s1^2 I) and N(m2, s2^2 I) in d dimensions with bandwidth h:
// E k(X, Y) = (h^2 / (h^2 + v))^(d/2) exp(-|m1 - m2|^2 / (2 (h^2 + v))), v = the variance of X - Y per coordinate.
double expected_mmd2(double d, double m1, double s1, double m2, double s2, double h) {
  const auto ek = [&](double v, double dm) { return std::pow(h * h / (h * h + v), d / 2) * std::exp(-d * dm * dm / (2 * (h * h + v))); };
  return ek(2 * s1 * s1, 0.0) + ek(2 * s2 * s2, 0.0) - 2 * ek(s1 * s1 + s2 * s2, m1 - m2);
}

}  // namespace

TEST_CASE("1-D Wasserstein-1 against the sorted-sample computation", "[sampling][measures]") {
  Rng rng(1);
  const Eigen::VectorXd a = gaussian(1, 500, 0.0, 1.0, rng).transpose(), b = gaussian(1, 500, 0.3, 2.0, rng).transpose();
  std::vector<double> sa(a.data(), a.data() + 500), sb(b.data(), b.data() + 500);
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  double by_rank = 0.0;
  for (int i = 0; i < 500; ++i) by_rank += std::abs(sa[std::size_t(i)] - sb[std::size_t(i)]) / 500.0;
  CHECK(wasserstein1(a, b) == Approx(by_rank).epsilon(1e-12));
  CHECK(wasserstein1(b, a) == Approx(by_rank).epsilon(1e-12));
  SECTION("unequal sizes: a set against itself repeated is 0; a shift by c costs |c|") {
    Eigen::VectorXd twice(1000);
    twice << a, a;
    CHECK(wasserstein1(a, twice) == Approx(0.0).margin(1e-15));
    CHECK(wasserstein1(a, (a.array() + 0.7).matrix()) == Approx(0.7).epsilon(1e-12));
    // 3 points against 2 by hand: F_a steps 1/3 at 0, 1, 2; F_b steps 1/2 at 0.5, 3.
    Eigen::VectorXd p(3), q(2);
    p << 0.0, 1.0, 2.0;
    q << 0.5, 3.0;
    CHECK(wasserstein1(p, q) == Approx(1.0 / 3 * 0.5 + 1.0 / 6 * 0.5 + 1.0 / 6 * 1.0 + 1.0 / 2 * 1.0).epsilon(1e-14));
  }
}

TEST_CASE("sliced Wasserstein-1: exact for a shift, equal to W1 in 1-D", "[sampling][measures]") {
  Rng rng(2);
  const Eigen::MatrixXd x = gaussian(2, 300, 0.0, 1.0, rng);
  const Eigen::MatrixXd dirs = random_directions(2, 50, rng);
  CHECK((dirs.colwise().norm().array() - 1.0).abs().maxCoeff() < 1e-15);
  const Eigen::Vector2d c(0.4, -0.3);
  // Projections shift by u.c: each direction costs |u.c|.
  CHECK(sliced_wasserstein1(x, x.colwise() + c, dirs) == Approx((dirs.transpose() * c).cwiseAbs().mean()).epsilon(1e-12));
  const Eigen::MatrixXd y1 = gaussian(1, 200, 0.5, 1.0, rng), x1 = gaussian(1, 300, 0.0, 1.0, rng);
  CHECK(sliced_wasserstein1(x1, y1, Eigen::MatrixXd::Constant(1, 1, -1.0)) ==
        Approx(wasserstein1(x1.transpose(), y1.transpose())).epsilon(1e-12));
}

TEST_CASE("unbiased MMD^2: hand value, near 0 for one distribution, expectation of two Gaussians", "[sampling][measures]") {
  SECTION("two points each, by hand") {
    Eigen::MatrixXd x(1, 2), y(1, 2);
    x << 0.0, 1.0;
    y << 0.0, 2.0;
    const auto k = [](double d) { return std::exp(-d * d / 2.0); };
    const double expect = k(1) + k(2) - 0.5 * (k(0) + k(2) + k(1) + k(1));
    CHECK(mmd2_unbiased(x, y, 1.0) == Approx(expect).epsilon(1e-14));
  }
  SECTION("averages over 200 repetitions match the closed form") {
    Rng rng(3);
    const int reps = 200;
    for (const auto& [m2, s2] : {std::pair<double, double>{0.0, 1.0}, {0.5, 1.5}}) {
      std::vector<double> v;
      for (int r = 0; r < reps; ++r)
        v.push_back(mmd2_unbiased(gaussian(2, 100, 0.0, 1.0, rng), gaussian(2, 120, m2, s2, rng), 1.2));
      double mean = 0.0, var = 0.0;
      for (double e : v) mean += e / reps;
      for (double e : v) var += (e - mean) * (e - mean) / (reps - 1);
      const double expect = expected_mmd2(2, 0.0, 1.0, m2, s2, 1.2);
      INFO("m2 " << m2 << " expected " << expect << " mean " << mean);
      CHECK(std::abs(mean - expect) < 4 * std::sqrt(var / reps));
      if (m2 == 0.0) CHECK(expect == 0.0);
      else CHECK(expect > 10 * std::sqrt(var / reps));  // the test can tell the two cases apart
    }
  }
  SECTION("median bandwidth by hand; capped pools take evenly spaced points") {
    Eigen::MatrixXd x(1, 2), y(1, 2);
    x << 0.0, 1.0;
    y << 3.0, 7.0;  // distances 1, 3, 7, 2, 6, 4: median (3 + 4)/2
    CHECK(median_bandwidth(x, y) == 3.5);
    CHECK(median_bandwidth(x, y, 2) == 3.0);  // points 0 and 3
  }
}

TEST_CASE("histogram KL, excess kurtosis and mode masses by hand", "[sampling][measures]") {
  Eigen::VectorXd p(4), q(4);
  p << 0.0, 0.1, 0.9, 1.0;  // pooled range [0, 1], 2 bins: p = (1/2, 1/2)
  q << 0.0, 0.2, 0.3, 1.0;  // q = (3/4, 1/4)
  CHECK(histogram_kl(p, q, 2, 1e-12) == Approx(0.5 * std::log(0.5 / 0.75) + 0.5 * std::log(0.5 / 0.25)).epsilon(1e-9));
  CHECK(histogram_kl(p, p, 10) == Approx(0.0).margin(1e-15));
  Eigen::MatrixXd x(2, 4);
  x << 1.0, -1.0, 1.0, -1.0,  //  +-1: m4 / m2^2 - 3 = -2
      0.0, 0.0, 0.0, 4.0;     // mean 1: m2 = 12/4 = 3, m4 = 84/4 = 21: 21/9 - 3
  const Eigen::VectorXd k = excess_kurtosis(x);
  CHECK(k(0) == Approx(-2.0).epsilon(1e-14));
  CHECK(k(1) == Approx(21.0 / 9.0 - 3.0).epsilon(1e-14));
  Eigen::MatrixXd centres(2, 2);
  centres << -1.0, 1.0, 0.0, 0.0;
  const Eigen::VectorXd m = mode_masses(x, centres);
  CHECK(m(0) == 0.5);
  CHECK(m(1) == 0.5);
}

TEST_CASE("sample-quality measures name the bad argument", "[sampling][measures][bad-input]") {
  Eigen::VectorXd a = Eigen::VectorXd::LinSpaced(5, 0, 1), b = a;
  b(3) = std::nan("");
  CHECK_THROWS_WITH(wasserstein1(a, b), Equals("y[3]: must be a finite number, got nan"));
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(2, 3);
  x(1, 2) = INFINITY;
  CHECK_THROWS_WITH(mmd2_unbiased(x, Eigen::MatrixXd::Ones(2, 3), 1.0), Equals("x[2][1]: must be a finite number, got inf"));
  CHECK_THROWS_WITH(mmd2_unbiased(Eigen::MatrixXd::Ones(2, 1), Eigen::MatrixXd::Ones(2, 3), 1.0),
                    Equals("x: needs at least 2 samples, got 1"));
  CHECK_THROWS_WITH(mmd2_unbiased(Eigen::MatrixXd::Ones(2, 3), Eigen::MatrixXd::Ones(2, 3), 0.0),
                    Equals("bandwidth: must be a finite number > 0, got 0"));
  CHECK_THROWS_WITH(histogram_kl(a, a, 0), Equals("bins: must be an integer >= 1, got 0"));
}

TEST_CASE("sample-quality functions by name: values, options and errors naming the argument", "[sampling][measures]") {
  const ResultArray x{{4}, {0.0, 1.0, 2.0, 5.0}}, y{{4}, {0.5, 1.0, 2.5, 5.5}};
  CHECK(sample_quality_function("wasserstein1", x, y, "").scalars.at("w1") == Approx(0.375).epsilon(1e-14));
  CHECK(sample_quality_function("sliced_wasserstein1", x, y, "{}").scalars.at("sliced_w1") == Approx(0.375).epsilon(1e-14));
  const Result m = sample_quality_function("mmd2", x, y, R"({"bandwidth": 1.5})");
  CHECK(m.scalars.at("bandwidth") == 1.5);
  CHECK(m.scalars.at("mmd2") ==
        Approx(mmd2_unbiased(Eigen::RowVector4d(0, 1, 2, 5), Eigen::RowVector4d(0.5, 1, 2.5, 5.5), 1.5)).epsilon(1e-14));
  CHECK(sample_quality_function("mmd2", x, y, "").scalars.at("bandwidth") ==
        median_bandwidth(Eigen::RowVector4d(0, 1, 2, 5), Eigen::RowVector4d(0.5, 1, 2.5, 5.5)));
  const ResultArray pts{{3, 2}, {0.0, 0.0, 2.0, 0.1, -2.0, 0.0}}, centres{{2, 2}, {-1.0, 0.0, 1.0, 0.0}};
  CHECK(sample_quality_function("mode_masses", pts, centres, "").arrays.at("masses").data ==
        std::vector<double>{2.0 / 3.0, 1.0 / 3.0});
  CHECK(sample_quality_function("excess_kurtosis", pts, {}, "").arrays.at("kurtosis").data.size() == 2);
  CHECK_THROWS_WITH(sample_quality_function("histogram_kl", x, y, R"({"bins": 0})"),
                    Equals("options.bins: must be an integer in [1, 100000], got 0"));
  CHECK_THROWS_WITH(sample_quality_function("mmd2", x, y, R"({"kernel": "rbf"})"),
                    Equals("options.kernel: unknown field; allowed here: bandwidth, max_points"));
  CHECK_THROWS_WITH(sample_quality_function("wasserstein1", pts, y, ""),
                    Equals("x: wasserstein1 needs 1-D samples, got d = 2"));
  CHECK_THROWS_WITH(sample_quality_function("mode_masses", pts, y, ""),
                    Equals("y: samples must have as many coordinates as x (2), got 1"));
  CHECK_THROWS_WITH(sample_quality_function("w2", x, y, ""), Contains("function: unknown name \"w2\""));
  // The sliced W1 sorts (x's + y's samples) x directions projections: bounded before they are allocated.
  const ResultArray many{{24997, 2}, std::vector<double>(49994, 0.5)};
  CHECK_THROWS_WITH(sample_quality_function("sliced_wasserstein1", pts, many, R"({"directions": 2001})"),
                    Equals("options.directions: (x's + y's samples) x directions = 25000 x 2001 = 50025000 projections "
                           "exceeds the limit 50000000; use at most 2000 directions or fewer samples"));
  CHECK(sample_quality_function("sliced_wasserstein1", pts, many, R"({"directions": 10})").scalars.at("sliced_w1") > 0.0);
  const ResultArray many_1d{{50000}, std::vector<double>(50000, 0.5)};  // one direction in 1-D, whatever the option
  CHECK(sample_quality_function("sliced_wasserstein1", x, many_1d, R"({"directions": 10000})").scalars.at("sliced_w1") > 0.0);
}
