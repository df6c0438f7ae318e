// The activations against the standard library and their derivatives against finite differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "bits_fingerprint.hpp"
#include "rnn/activation.hpp"

using namespace rnnbook;

TEST_CASE("tanh_fast is std::tanh to 1e-15 relative, at every scale and at the edges", "[activation]") {
  SECTION("from 1e-300 to 30, both signs, across the 0.02 switch") {
    double worst = 0.0;
    for (double mag = 1e-300; mag < 30.0; mag *= 1.0137) {
      for (const double x : {mag, -mag, 0.02 * (1 + 1e-15), 0.02 * (1 - 1e-15)}) {
        worst = std::max(worst, std::abs(tanh_fast(x) - std::tanh(x)) / std::abs(std::tanh(x)));
      }
    }
    CHECK(worst < 1e-15);
  }
  SECTION("edges: zero keeps its sign, infinities saturate, NaN stays NaN") {
    CHECK(tanh_fast(0.0) == 0.0);
    CHECK(std::signbit(tanh_fast(-0.0)));
    CHECK(tanh_fast(400.0) == 1.0);
    CHECK(tanh_fast(-std::numeric_limits<double>::infinity()) == -1.0);
    CHECK(std::isnan(tanh_fast(std::numeric_limits<double>::quiet_NaN())));
  }
}

TEST_CASE("tanh, its derivative and both at once: the same bits in every build and every layout", "[activation]") {
  // 10,001 arguments from -12 to 12 (both signs, the small-|x| range, saturation), in 3 columns of odd length.
  Eigen::MatrixXd u(3334, 3);
  for (Eigen::Index k = 0; k < u.size(); ++k) u(k) = -12.0 + 24.0 * double(k) / double(u.size() - 1);
  Eigen::MatrixXd phi(3334, 3), dphi(3334, 3), both_phi(3334, 3), both_dphi(3334, 3);
  apply_phi(Activation::tanh, u, phi);
  apply_dphi(Activation::tanh, u, dphi);
  apply_phi_and_dphi(Activation::tanh, u, both_phi, both_dphi);
  SECTION("fixed fingerprints: native and wasm agree bit for bit (no libm inside)") {
    CHECK(rnnbook::testing::bits_fingerprint(phi) == 0x268832c2298d66a1ull);
    CHECK(rnnbook::testing::bits_fingerprint(dphi) == 0x3b4ec144b7efb026ull);
  }
  SECTION("one pass gives what the two give, and so does the scalar tanh_fast") {
    CHECK(both_phi == phi);
    CHECK(both_dphi == dphi);
    for (Eigen::Index k = 0; k < u.size(); k += 97) CHECK(tanh_fast(u(k)) == phi(k));
  }
  SECTION("a strided block (odd rows, column stride of the parent) gives the same entries") {
    Eigen::MatrixXd out = Eigen::MatrixXd::Constant(3337, 4, 7.0);
    apply_phi(Activation::tanh, u, out.block(1, 1, 3334, 3));
    CHECK(out.block(1, 1, 3334, 3) == phi);
    CHECK((out.col(0).array() == 7.0).all());
    CHECK(out(0, 1) == 7.0);
    CHECK(out(3335, 2) == 7.0);
  }
  SECTION("other activations: one pass equals apply_phi and apply_dphi") {
    for (const Activation f : {Activation::relu, Activation::softplus, Activation::identity}) {
      Eigen::MatrixXd p(3334, 3), d(3334, 3), bp(3334, 3), bd(3334, 3);
      apply_phi(f, u, p);
      apply_dphi(f, u, d);
      apply_phi_and_dphi(f, u, bp, bd);
      CHECK(bp == p);
      CHECK(bd == d);
    }
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
