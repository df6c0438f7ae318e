// Targets of SCIENCE.md 5.2: exact densities, scores (U16) and samplers, and their bad input.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "sampling/bessel.hpp"
#include "sampling/gaussian_mixture.hpp"
#include "sampling/laplace_mixture.hpp"
#include "sampling/ring.hpp"
#include "sampling/sample_set.hpp"
#include "sampling/standard_targets.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

namespace {

constexpr double kPi = 3.141592653589793;

// Largest |score - central difference of ln p| relative to the score's scale, over the points.
double score_fd_error(const Target& t, const Eigen::MatrixXd& x, double h = 1e-5) {
  const Eigen::MatrixXd s = t.score(x);
  double err = 0.0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      Eigen::MatrixXd up = x.col(j), down = x.col(j);
      up(i) += h;
      down(i) -= h;
      const double fd = (t.log_density(up)(0) - t.log_density(down)(0)) / (2 * h);
      err = std::max(err, std::abs(fd - s(i, j)) / std::max(1.0, s.col(j).norm()));
    }
  return err;
}

Eigen::MatrixXd random_samples(Eigen::Index d, Eigen::Index n, double scale, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd x(d, n);
  for (auto& v : x.reshaped()) v = scale * rng.normal();
  return x;
}

MixtureSpec three_gaussians_2d() {
  MixtureSpec s;
  s.weights = Eigen::Vector3d(0.2, 0.5, 0.3);
  s.means.resize(2, 3);
  s.means << -1.0, 2.0, 0.5, 0.0, 1.0, -1.5;
  Eigen::Matrix2d a, b, c;
  a << 0.5, 0.2, 0.2, 0.3;
  b << 1.0, -0.4, -0.4, 0.8;
  c << 0.2, 0.0, 0.0, 0.6;
  s.covariances = {a, b, c};
  return s;
}

// Stein's identity E[s(x) x^T] = -I and E[s(x)] = 0 tie the sampler to the score; returns the
// largest deviation in units of its standard error.
double stein_z(const Target& t, Eigen::Index n, std::uint64_t seed) {
  Rng rng(seed);
  const Eigen::MatrixXd x = t.sample(n, rng);
  const Eigen::MatrixXd s = t.score(x);
  const Eigen::Index d = t.dim();
  double worst = 0.0;
  for (Eigen::Index a = 0; a < d; ++a) {
    const Eigen::ArrayXd sa = s.row(a).transpose().array();
    const double se0 = std::sqrt((sa - sa.mean()).square().mean() / double(n));
    worst = std::max(worst, std::abs(sa.mean()) / se0);
    for (Eigen::Index b = 0; b < d; ++b) {
      const Eigen::ArrayXd v = sa * x.row(b).transpose().array();
      const double se = std::sqrt((v - v.mean()).square().mean() / double(n));
      worst = std::max(worst, std::abs(v.mean() + (a == b ? 1.0 : 0.0)) / se);
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("Bessel K_nu against reference values (mpmath, 20 digits)", "[sampling]") {
  struct Case { double nu, z, k; };
  const Case cases[] = {
      {0, 1e-6, 13.931442073626419459}, {0, 0.1, 2.4270690247020165578}, {0, 1, 0.42102443824070833334},
      {0, 5, 0.0036910983340425942747}, {0, 30, 2.1324774964630563712e-14}, {0, 200, 1.2256819797765334517e-88},
      {1, 1e-6, 999999.99999278432422}, {1, 0.1, 9.8538447808706055744}, {1, 1, 0.60190723019723457474},
      {1, 5, 0.0040446134454521642084}, {1, 30, 2.1677320018915494249e-14}, {1, 200, 1.228742373472985812e-88},
      {0.5, 0.1, 3.5861668387972600251}, {0.5, 1, 0.46106850444789455844}, {0.5, 30, 2.1412375659560113993e-14},
  };
  for (const auto& c : cases) {
    INFO("nu " << c.nu << " z " << c.z);
    CHECK(log_bessel_k(c.nu, c.z) == Approx(std::log(c.k)).epsilon(0).margin(1e-13));
  }
  SECTION("the ratio K_{nu-1}/K_nu uses the same values") {
    CHECK(bessel_k_ratio(1.0, 1.0) == Approx(0.42102443824070833334 / 0.60190723019723457474).epsilon(1e-13));
    CHECK(bessel_k_ratio(0.0, 5.0) == Approx(0.0040446134454521642084 / 0.0036910983340425942747).epsilon(1e-13));
  }
  CHECK_THROWS_AS(bessel_k_ratio(0.0, -1.0), Error);
}

TEST_CASE("mixture scores equal finite differences of ln p (SCIENCE.md U16)", "[sampling]") {
  SECTION("1-D double peak") {
    const GaussianMixture t = double_peak();
    Eigen::MatrixXd x = Eigen::RowVectorXd::LinSpaced(41, -3.0, 3.0);
    CHECK(score_fd_error(t, x) < 1e-7);
  }
  SECTION("2-D Gaussian mixture with full covariances") {
    const GaussianMixture t(three_gaussians_2d());
    CHECK(score_fd_error(t, random_samples(2, 40, 1.5, 1)) < 1e-7);
  }
  SECTION("2-D Laplace X (away from the cusp at 0)") {
    const LaplaceMixture t = laplace_x();
    CHECK(score_fd_error(t, random_samples(2, 40, 1.5, 2)) < 1e-7);
  }
  SECTION("Laplace mixtures in 1-D and 3-D (nu = 1/2 and -1/2)") {
    MixtureSpec s1;
    s1.weights = Eigen::Vector2d(0.3, 0.7);
    s1.means = Eigen::RowVector2d(-1.0, 2.0);
    s1.covariances = {Eigen::MatrixXd::Constant(1, 1, 0.5), Eigen::MatrixXd::Constant(1, 1, 2.0)};
    Eigen::MatrixXd x1 = Eigen::RowVectorXd::LinSpaced(30, -3.05, 3.95);  // misses the cusps
    CHECK(score_fd_error(LaplaceMixture(s1), x1) < 1e-7);
    MixtureSpec s3;
    s3.weights = Eigen::VectorXd::Ones(1);
    s3.means = Eigen::Vector3d(0.5, 0.0, -0.5);
    Eigen::Matrix3d c;
    c << 1.0, 0.3, 0.1, 0.3, 0.8, 0.0, 0.1, 0.0, 0.5;
    s3.covariances = {c};
    CHECK(score_fd_error(LaplaceMixture(s3), random_samples(3, 30, 1.0, 3)) < 1e-7);
  }
  SECTION("ring") {
    const Ring t(2.0, 0.3);
    CHECK(score_fd_error(t, random_samples(2, 40, 2.0, 4)) < 1e-7);
  }
}

TEST_CASE("densities are the closed forms and integrate to 1", "[sampling]") {
  SECTION("double peak: 0.5 N(-1, 1/4) + 0.5 N(1, 1/4) at a point, and its integral") {
    const GaussianMixture t = double_peak();
    const auto n = [](double x, double m) { return std::exp(-2.0 * (x - m) * (x - m)) / std::sqrt(2 * kPi * 0.25); };
    CHECK(std::exp(t.log_density(Eigen::MatrixXd::Constant(1, 1, 0.3))(0)) ==
          Approx(0.5 * n(0.3, -1) + 0.5 * n(0.3, 1)).epsilon(1e-14));
    const Eigen::MatrixXd x = Eigen::RowVectorXd::LinSpaced(4001, -6.0, 6.0);
    const Eigen::VectorXd p = t.log_density(x).array().exp();
    CHECK((p.sum() - 0.5 * (p(0) + p(4000))) * 12.0 / 4000 == Approx(1.0).epsilon(1e-10));
  }
  SECTION("1-D Laplace is exp(-sqrt 2 |x - m| / s) / (sqrt 2 s)") {
    MixtureSpec s;
    s.weights = Eigen::VectorXd::Ones(1);
    s.means = Eigen::MatrixXd::Constant(1, 1, 0.5);
    s.covariances = {Eigen::MatrixXd::Constant(1, 1, 2.25)};  // s = 1.5
    const LaplaceMixture t(s);
    for (double x : {-2.0, 0.5, 0.7, 3.0}) {
      const double expect = std::exp(-std::sqrt(2.0) * std::abs(x - 0.5) / 1.5) / (std::sqrt(2.0) * 1.5);
      CHECK(std::exp(t.log_density(Eigen::MatrixXd::Constant(1, 1, x))(0)) == Approx(expect).epsilon(1e-12));
    }
  }
  SECTION("2-D Laplace equals its Exp(1) mixture of Gaussians, integrated numerically") {
    const LaplaceMixture t = laplace_x();
    const Eigen::Vector2d x(0.7, -0.2);
    // int_0^inf N(x; 0, w S) e^-w dw for each component, w = e^v, trapezoid in v.
    double total = 0.0;
    for (double sign : {1.0, -1.0}) {
      Eigen::Matrix2d S;
      S << 1.0, 0.9 * sign, 0.9 * sign, 1.0;
      const double q = x.dot(S.inverse() * x), det = S.determinant();
      double integral = 0.0;
      const double h = 0.01;
      for (double v = -40.0; v < 5.0; v += h) {
        const double w = std::exp(v);
        integral += h * w * std::exp(-q / (2 * w) - w) / (2 * kPi * w * std::sqrt(det));
      }
      total += 0.5 * integral;
    }
    CHECK(std::exp(t.log_density(x)(0)) == Approx(total).epsilon(1e-9));
    CHECK(std::isinf(t.log_density(Eigen::Vector2d::Zero())(0)));
    CHECK(t.score(Eigen::Vector2d::Zero()).norm() == 0.0);
  }
  SECTION("ring: the radial integral of p is 1") {
    const Ring t(1.0, 0.4);  // a width at which the inner tail reaches the origin
    double total = 0.0;
    const double h = 1e-3;
    for (double r = 0.5 * h; r < 5.0; r += h) total += h * 2 * kPi * r * std::exp(t.log_density(Eigen::Vector2d(r, 0.0))(0));
    CHECK(total == Approx(1.0).epsilon(1e-6));
  }
}

TEST_CASE("samplers agree with their scores (Stein: E s = 0, E s x^T = -I) and moments", "[sampling]") {
  SECTION("double peak and 2-D Gaussian mixture") {
    CHECK(stein_z(double_peak(), 100000, 11) < 4.5);
    CHECK(stein_z(GaussianMixture(three_gaussians_2d()), 100000, 12) < 4.5);
  }
  SECTION("Laplace X: covariance I, marginal excess kurtosis 3 (E W^2 = 2)") {
    const LaplaceMixture t = laplace_x();
    CHECK(stein_z(t, 100000, 13) < 4.5);
    Rng rng(14);
    const Eigen::MatrixXd x = t.sample(200000, rng);
    const Eigen::MatrixXd cov = x * x.transpose() / 200000.0;
    CHECK(cov(0, 0) == Approx(1.0).margin(0.02));
    CHECK(cov(0, 1) == Approx(0.0).margin(0.02));
    const double m4 = x.row(0).array().pow(4).mean();
    CHECK(m4 / (cov(0, 0) * cov(0, 0)) - 3.0 == Approx(3.0).margin(0.3));
  }
  SECTION("ring: Stein identity and mean radius against the radial density") {
    const Ring t(1.0, 0.4);
    CHECK(stein_z(t, 100000, 15) < 4.5);
    double num = 0.0, den = 0.0;
    for (double r = 0.0005; r < 5.0; r += 0.001) {
      const double p = r * std::exp(-(r - 1.0) * (r - 1.0) / (2 * 0.16));
      num += r * p;
      den += p;
    }
    Rng rng(16);
    const Eigen::MatrixXd x = t.sample(100000, rng);
    const Eigen::ArrayXd r = x.colwise().norm().transpose().array();
    const double se = std::sqrt((r - r.mean()).square().mean() / 100000.0);
    CHECK(std::abs(r.mean() - num / den) < 4 * se);
  }
  SECTION("user samples are drawn from the array") {
    Eigen::MatrixXd data(1, 3);
    data << 1.0, 2.0, 5.0;
    const SampleSet t(data);
    Rng rng(1);
    const Eigen::MatrixXd x = t.sample(3000, rng);
    for (Eigen::Index j = 0; j < x.cols(); ++j) CHECK((x(0, j) == 1.0 || x(0, j) == 2.0 || x(0, j) == 5.0));
    CHECK(x.mean() == Approx(8.0 / 3.0).margin(0.15));
    CHECK_FALSE(t.has_density());
    CHECK_THROWS_WITH(t.score(x), Equals("target: user samples have no score"));
  }
}

TEST_CASE("bad targets name the field", "[sampling][bad-input]") {
  MixtureSpec s = three_gaussians_2d();
  SECTION("negative weight") {
    s.weights << -0.2, 0.9, 0.3;
    CHECK_THROWS_WITH(GaussianMixture(s), Equals("target.weights[0]: must be a number >= 0, got -0.2"));
  }
  SECTION("weights that do not sum to 1") {
    s.weights << 0.2, 0.5, 0.2;
    CHECK_THROWS_WITH(GaussianMixture(s), Equals("target.weights: must sum to 1, got a sum of 0.9"));
  }
  SECTION("a covariance that is not positive definite") {
    s.covariances[1] << 1.0, 2.0, 2.0, 1.0;
    CHECK_THROWS_WITH(LaplaceMixture(s), Equals("target.covariances[1]: must be positive definite, got smallest eigenvalue -1"));
  }
  SECTION("a covariance that is not symmetric") {
    s.covariances[2] << 1.0, 0.5, 0.0, 1.0;
    CHECK_THROWS_WITH(GaussianMixture(s, "t"), Equals("t.covariances[2]: must be symmetric"));
  }
  SECTION("wrong counts") {
    s.covariances.pop_back();
    CHECK_THROWS_WITH(GaussianMixture(s), Equals("target.covariances: must hold one matrix per weight (3), got 2"));
  }
  SECTION("ring and samples") {
    CHECK_THROWS_WITH(Ring(0.0, 1.0), Equals("target.radius: must be a finite number > 0, got 0"));
    CHECK_THROWS_WITH(Ring(1.0, -1.0), Equals("target.width: must be a finite number > 0, got -1"));
    Eigen::MatrixXd data = Eigen::MatrixXd::Zero(2, 4);
    data(1, 2) = std::nan("");
    CHECK_THROWS_WITH(SampleSet(data), Equals("target.samples[2][1]: must be a finite number"));
  }
}
