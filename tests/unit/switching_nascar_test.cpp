// The NASCAR generators (core/switching/nascar.hpp, SCIENCE.md 12.4): the rotation centres are fixed
// points (U40), every step follows the generator's law exactly, and the two variants look as described.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "switching/nascar.hpp"
#include "switching/state_metrics.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;

TEST_CASE("U40: the rotation centres (+-2, 0) are fixed points of states 1 and 2 of the standard NASCAR",
          "[switching][nascar]") {
  const NascarDynamics d = nascar_dynamics(NascarVariant::standard);
  const Eigen::Vector2d centre[2] = {{2.0, 0.0}, {-2.0, 0.0}};
  for (int k = 0; k < 2; ++k) {
    CHECK((d.A[k] * centre[k] + d.b[k] - centre[k]).cwiseAbs().maxCoeff() <= 4.5e-16);
    // A rotation by pi/24 per step.
    CHECK((d.A[k].transpose() * d.A[k] - Eigen::Matrix2d::Identity()).norm() < 1e-15);
    CHECK(std::abs(std::atan2(d.A[k](0, 1), d.A[k](0, 0)) - M_PI / 24) < 1e-15);
  }
  CHECK(d.A[2] == Eigen::Matrix2d::Identity());
  CHECK(d.b[3] == Eigen::Vector2d(-0.25, 0.0));
}

TEST_CASE("NASCAR data follow the generator's law step by step", "[switching][nascar]") {
  for (NascarVariant v : {NascarVariant::standard, NascarVariant::soft_sticky}) {
    NascarSettings s = nascar_settings(v);
    s.steps = 400;
    const NascarData d = generate_nascar(s, 7);
    const NascarDynamics dyn = nascar_dynamics(v);
    CHECK((d.z.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-14);
    CHECK(d.z.minCoeff() >= 0.0);
    Eigen::Vector2d x(0, 1);
    double worst = 0;
    for (Index t = 0; t < s.steps; ++t) {
      Eigen::Matrix2d A = Eigen::Matrix2d::Zero();
      Eigen::Vector2d b = Eigen::Vector2d::Zero();
      for (int k = 0; k < 4; ++k) A += d.z(k, t) * dyn.A[k], b += d.z(k, t) * dyn.b[k];
      x = A * x + b;
      worst = std::max(worst, (x - d.x.col(t)).norm());
      x = d.x.col(t);
    }
    CHECK(worst < 1e-14);
    // y = C x + 0.01 noise.
    const MatrixXd noise = d.y - d.emission * d.x;
    const double sd = std::sqrt(noise.squaredNorm() / double(noise.size()));
    CHECK(sd > 0.009);
    CHECK(sd < 0.011);
    // Test data reuse the train emission; the same seed gives the same data.
    const NascarData again = generate_nascar(s, 7, &d.emission);
    CHECK(again.x == d.x);
    CHECK(again.emission == d.emission);
    const double mean_max = d.z.colwise().maxCoeff().mean();
    const double rate = switches_per_100_steps(argmax_states(d.z));
    if (v == NascarVariant::standard) {
      CHECK(mean_max > 0.999);  // essentially hard
      CHECK(rate < 8.0);        // about 4 per 100 steps
      CHECK(d.x.row(0).maxCoeff() > 2.0);
      CHECK(d.x.row(0).minCoeff() < -2.0);
    } else {
      CHECK(mean_max > 0.6);  // soft (0.76 in SCIENCE.md 12.4)
      CHECK(mean_max < 0.9);
      CHECK(rate > 20.0);     // 32-39 per 100 steps there
    }
  }
  NascarSettings bad = nascar_settings(NascarVariant::standard);
  bad.tau = 0;
  CHECK_THROWS_WITH(generate_nascar(bad, 1), Catch::Matchers::Contains("tau must be > 0"));
  MatrixXd wrong(3, 2);
  CHECK_THROWS_WITH(generate_nascar(nascar_settings(NascarVariant::standard), 1, &wrong),
                    Catch::Matchers::Contains("emission matrix must be 10 x 2"));
}
