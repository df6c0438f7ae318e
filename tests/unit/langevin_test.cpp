// Overdamped Langevin by Euler-Maruyama (SCIENCE.md 5.2): U13 and the exact finite-time moments.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "sampling/langevin.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

namespace {

// The score of N(m, s2) in 1-D.
ScoreFunction gaussian_score(double m, double s2) {
  return [=](const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) {
    out = (m - x.array()).matrix() / s2;
  };
}

}  // namespace

// x' = a x + (1 - a) m + sqrt(2 dt) xi with a = 1 - dt/s2: stationary variance 2dt/(1 - a^2) =
// s2 / (1 - dt/(2 s2)) (0.5556 for s2 = 0.5, dt = 0.1, not 0.5).
TEST_CASE("Langevin on N(m, s^2): stationary mean m, variance s^2/(1 - dt/(2 s^2)) (SCIENCE.md U13)", "[sampling]") {
  const double m = 1.0, s2 = 0.5, dt = 0.1, a = 1.0 - dt / s2;
  const double expected_var = s2 / (1.0 - dt / (2.0 * s2));
  REQUIRE(expected_var == Approx(0.5555555555555556).epsilon(1e-15));
  Rng rng(7);
  const Eigen::Index chains = 2000;
  const auto snaps = run_langevin(gaussian_score(m, s2), Eigen::MatrixXd::Zero(1, chains), dt, 600, 1, rng);
  REQUIRE(snaps.size() == 601);
  // Keep steps 200..600 (a^200 = 4e-20: stationary); 401 x 2000 = 8e5 values.
  double sum = 0.0, sum2 = 0.0, count = 0.0;
  for (std::size_t k = 200; k < snaps.size(); ++k) {
    sum += snaps[k].sum();
    sum2 += (snaps[k].array() - m).square().sum();
    count += double(chains);
  }
  const double mean = sum / count, var = sum2 / count;
  // Correlated along a chain (AR(1), coefficient a): effective count shrinks by (1 - a)/(1 + a).
  const double eff = count * (1.0 - a) / (1.0 + a);
  const double se_mean = std::sqrt(expected_var / eff), se_var = expected_var * std::sqrt(2.0 / eff);
  CHECK(std::abs(mean - m) < 4.0 * se_mean);
  CHECK(std::abs(var - expected_var) < 4.0 * se_var);
  CHECK(std::abs(var - s2) > 10.0 * se_var);  // the Euler-Maruyama bias is resolved
}

TEST_CASE("Langevin moments after k steps from a point are the AR(1) closed form", "[sampling]") {
  const double m = -0.5, s2 = 2.0, dt = 0.05, a = 1.0 - dt / s2, x0 = 3.0;
  Rng rng(8);
  const Eigen::Index chains = 40000;
  LangevinChains c(gaussian_score(m, s2), Eigen::MatrixXd::Constant(1, chains, x0), dt);
  const int k = 5;
  for (int i = 0; i < k; ++i) c.step(rng);
  const double mean_k = m + std::pow(a, k) * (x0 - m);
  const double var_k = 2.0 * dt * (1.0 - std::pow(a, 2 * k)) / (1.0 - a * a);
  const Eigen::ArrayXd x = c.positions().row(0).transpose().array();
  const double mean = x.mean(), var = (x - mean).square().mean();
  CHECK(std::abs(mean - mean_k) < 4.0 * std::sqrt(var_k / chains));
  CHECK(std::abs(var - var_k) < 4.0 * var_k * std::sqrt(2.0 / chains));
}

TEST_CASE("Langevin chains: recording, 2-D, seeds, bad input", "[sampling][bad-input]") {
  const auto score = [](const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) { out = -x; };
  Rng a(3), b(3);
  const Eigen::MatrixXd x0 = Eigen::MatrixXd::Ones(2, 5);
  const auto ra = run_langevin(score, x0, 0.01, 10, 4, a);
  CHECK(ra.size() == 3);  // steps 0, 4, 8
  CHECK(ra[0] == x0);
  const auto rb = run_langevin(score, x0, 0.01, 10, 4, b);
  CHECK(ra[2] == rb[2]);  // same seed, same chains
  SECTION("one step by hand: x + dt s(x) + sqrt(2 dt) xi with the same draws") {
    Rng r1(5), r2(5);
    LangevinChains c(score, x0, 0.01);
    c.step(r1);
    Eigen::MatrixXd xi(2, 5);
    fill_normal(xi, r2);
    CHECK((c.positions() - (x0 * 0.99 + std::sqrt(0.02) * xi)).cwiseAbs().maxCoeff() < 1e-15);
  }
  CHECK_THROWS_WITH(LangevinChains(score, x0, 0.0, "sampling.dt"), Equals("sampling.dt: must be a finite number > 0, got 0"));
  CHECK_THROWS_WITH(LangevinChains(score, x0, -0.1), Equals("dt: must be a finite number > 0, got -0.1"));
  CHECK_THROWS_WITH(run_langevin(score, x0, 0.1, 10, 0, a), Equals("record_every: must be an integer >= 1, got 0"));
}
