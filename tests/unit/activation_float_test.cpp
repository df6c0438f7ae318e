// The four-float tanh of float32 training against tanh in double, its edges, and its bits.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "bits_fingerprint.hpp"
#include "rnn/activation.hpp"

using namespace rnnbook;

namespace {

// The distance from y to the exact value in units of the float spacing at the exact value rounded to float.
double float_ulps_from(float y, double exact) {
  const float rounded = float(exact);
  const float next = std::nextafter(std::abs(rounded), std::numeric_limits<float>::infinity());
  const double spacing = rounded == 0.0f ? double(std::numeric_limits<float>::denorm_min())
                                         : double(next) - double(std::abs(rounded));
  return std::abs(double(y) - exact) / spacing;
}

Eigen::MatrixXf float_tanh_grid() {  // 10,001 arguments from -12 to 12 in 3 columns of odd length
  Eigen::MatrixXf u(3334, 3);
  for (Eigen::Index k = 0; k < u.size(); ++k) u(k) = float(-12.0 + 24.0 * double(k) / double(u.size() - 1));
  return u;
}

}  // namespace

TEST_CASE("float tanh is within 3 float ulp of tanh from 1e-40 to 30, and 1 - tanh^2 within 3e-7", "[activation][float32]") {
  std::vector<float> xs;
  for (double mag = 1e-40; mag < 30.0; mag *= 1.0003) xs.insert(xs.end(), {float(mag), -float(mag)});
  const Eigen::MatrixXf u = Eigen::Map<const Eigen::VectorXf>(xs.data(), Eigen::Index(xs.size()));
  Eigen::MatrixXf t(u.rows(), 1), d(u.rows(), 1);
  apply_phi_and_dphi(Activation::tanh, u, t, d);
  double worst = 0.0, worst_derivative = 0.0;
  for (Eigen::Index k = 0; k < u.size(); ++k) {
    const double exact = std::tanh(double(u(k)));
    worst = std::max(worst, float_ulps_from(t(k), exact));
    worst_derivative = std::max(worst_derivative, std::abs(double(d(k)) - (1.0 - exact * exact)));
  }
  CHECK(worst < 3.0);
  CHECK(worst > 0.5);  // float arithmetic, not the double tanh rounded once (which is within 0.5)
  CHECK(worst_derivative < 3e-7);
}

TEST_CASE("float tanh: zero keeps its sign, large and infinite arguments give 1 exactly, NaN stays NaN",
          "[activation][float32]") {
  const float inf = std::numeric_limits<float>::infinity();
  Eigen::MatrixXf u(9, 1), t(9, 1);
  u << 0.0f, -0.0f, 10.0f, 400.0f, -inf, inf, std::numeric_limits<float>::quiet_NaN(), 1e-45f, -1e-30f;
  apply_phi(Activation::tanh, u, t);
  CHECK(t(0) == 0.0f);
  CHECK(std::signbit(t(1)));
  CHECK(t(2) == 1.0f);
  CHECK(t(3) == 1.0f);
  CHECK(t(4) == -1.0f);
  CHECK(t(5) == 1.0f);
  CHECK(std::isnan(t(6)));
  CHECK(t(7) == 1e-45f);  // the smallest subnormal: tanh x = x
  CHECK(t(8) == -1e-30f);
}

TEST_CASE("float tanh, its derivative and both at once: the same bits in every build and every layout",
          "[activation][float32]") {
  const Eigen::MatrixXf u = float_tanh_grid();
  Eigen::MatrixXf phi(3334, 3), dphi(3334, 3), both_phi(3334, 3), both_dphi(3334, 3);
  apply_phi(Activation::tanh, u, phi);
  apply_dphi(Activation::tanh, u, dphi);
  apply_phi_and_dphi(Activation::tanh, u, both_phi, both_dphi);
  SECTION("fixed fingerprints: native and wasm agree bit for bit") {
    CHECK(rnnbook::testing::bits_fingerprint(phi) == 0x182ecc804f7ed1bfull);
    CHECK(rnnbook::testing::bits_fingerprint(dphi) == 0x17ebe56a2692520bull);
  }
  SECTION("one pass gives what the two give, and the derivative is 1 - t^2 in float") {
    CHECK(both_phi == phi);
    CHECK(both_dphi == dphi);
    const Eigen::MatrixXf one_minus_square = (1.0f - phi.array() * phi.array()).matrix();
    CHECK(dphi == one_minus_square);
  }
  SECTION("a strided block (odd rows, column stride of the parent) gives the same entries, and no others") {
    Eigen::MatrixXf out = Eigen::MatrixXf::Constant(3337, 4, 7.0f);
    apply_phi(Activation::tanh, u, out.block(1, 1, 3334, 3));
    CHECK(out.block(1, 1, 3334, 3) == phi);
    CHECK((out.col(0).array() == 7.0f).all());
    CHECK(out(0, 1) == 7.0f);
    CHECK(out(3335, 2) == 7.0f);
  }
}
