// The activations against the standard library and their derivatives against finite differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "rnn/activation.hpp"

using namespace rnnbook;

TEST_CASE("tanh_fast is std::tanh to 2e-15 relative, at every scale and at the edges", "[activation]") {
  SECTION("from 1e-300 to 30, both signs, across the 0.02 switch") {
    double worst = 0.0;
    for (double mag = 1e-300; mag < 30.0; mag *= 1.0137) {
      for (const double x : {mag, -mag, 0.02 * (1 + 1e-15), 0.02 * (1 - 1e-15)}) {
        worst = std::max(worst, std::abs(tanh_fast(x) - std::tanh(x)) / std::abs(std::tanh(x)));
      }
    }
    CHECK(worst < 2e-15);
  }
  SECTION("edges: zero keeps its sign, infinities saturate, NaN stays NaN") {
    CHECK(tanh_fast(0.0) == 0.0);
    CHECK(std::signbit(tanh_fast(-0.0)));
    CHECK(tanh_fast(400.0) == 1.0);
    CHECK(tanh_fast(-std::numeric_limits<double>::infinity()) == -1.0);
    CHECK(std::isnan(tanh_fast(std::numeric_limits<double>::quiet_NaN())));
  }
}

TEST_CASE("phi' and phi'' match central differences of phi for every activation", "[activation]") {
  const Eigen::MatrixXd u = (Eigen::MatrixXd(2, 4) << -2.5, -0.3, -0.01, 0.004, 0.02, 0.7, 1.3, 4.0).finished();
  const double h = 1e-5;
  for (const Activation f : {Activation::tanh, Activation::softplus, Activation::identity}) {
    Eigen::MatrixXd plus(2, 4), minus(2, 4), d1(2, 4), d1p(2, 4), d1m(2, 4), d2(2, 4);
    apply_phi(f, (u.array() + h).matrix(), plus);
    apply_phi(f, (u.array() - h).matrix(), minus);
    apply_dphi(f, u, d1);
    apply_dphi(f, (u.array() + h).matrix(), d1p);
    apply_dphi(f, (u.array() - h).matrix(), d1m);
    apply_d2phi(f, u, d2);
    INFO(activation_name(f));
    CHECK(((plus - minus) / (2 * h) - d1).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(((d1p - d1m) / (2 * h) - d2).cwiseAbs().maxCoeff() < 1e-9);
  }
}
