// Local sensitivity measures and the sharpness bounds of SCIENCE.md 6.4: U19 (a linear map), U20
// (bounds 1-4 on 100 random ReLU and tanh MLPs), and each side of the bounds against an independent
// computation.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "measures/effective_rank.hpp"
#include "measures/local_sensitivity.hpp"
#include "measures/mlp_sensitivity.hpp"
#include "measures/sharpness.hpp"
#include "mlp/mlp_jacobian.hpp"
#include "random_mlp.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

MatrixXd random_orthogonal(int n, std::uint64_t seed) {
  return Eigen::HouseholderQR<MatrixXd>(random_points(n, n, seed)).householderQ();
}

// A = U diag(sigma) V^T, k x d.
MatrixXd with_singular_values(const VectorXd& sigma, int k, int d, std::uint64_t seed) {
  MatrixXd S = MatrixXd::Zero(k, d);
  for (Eigen::Index i = 0; i < sigma.size(); ++i) S(i, i) = sigma(i);
  return random_orthogonal(k, seed) * S * random_orthogonal(d, seed + 1).transpose();
}

}  // namespace

TEST_CASE("U19: for a linear map f = Ax, LD = PR(sigma^2), MLS = sigma_1, log volume = sum ln sigma_i", "[sensitivity]") {
  const VectorXd sigma = (VectorXd(4) << 3.0, 2.0, 0.5, 0.25).finished();
  const MatrixXd A = with_singular_values(sigma, 4, 6, 3);
  const VectorXd s2 = sigma.array().square().matrix();
  SECTION("from the Jacobian") {
    for (int r = 1; r <= 4; ++r) {
      const LocalSensitivity m = local_sensitivity(A, r);
      double logv = 0.0;
      for (int i = 0; i < r; ++i) logv += std::log(sigma(i));
      CHECK(m.local_dimension == Approx(participation_ratio(s2)).epsilon(1e-12));
      CHECK(m.max_sensitivity == Approx(3.0).epsilon(1e-12));
      CHECK(m.log_volume == Approx(logv).epsilon(1e-12).margin(1e-12));
      CHECK(m.frobenius_sq == Approx(s2.sum()).epsilon(1e-12));
    }
  }
  SECTION("through an MLP without hidden layers (f = W x + b), at any point") {
    MlpParameters p(mlp_shape(6, {}, 4, Activation::tanh));
    p.W(0) = A;
    p.b(0).setConstant(0.7);
    const MlpSensitivity m = mlp_sensitivity(p, random_points(6, 5, 4), 3);
    const double logv = std::log(3.0) + std::log(2.0) + std::log(0.5);
    for (Eigen::Index i = 0; i < 5; ++i) {
      CHECK(m.local_dimension(i) == Approx(participation_ratio(s2)).epsilon(1e-12));
      CHECK(m.max_sensitivity(i) == Approx(3.0).epsilon(1e-12));
      CHECK(m.log_volume(i) == Approx(logv).epsilon(1e-12));
      CHECK(m.nmls(i) == Approx(3.0).epsilon(1e-12));  // one layer: NMLS = MLS
      CHECK(m.nvr(i) == Approx(logv).epsilon(1e-12));
    }
  }
  SECTION("edge cases: a zero map, a rank-deficient map, bad r") {
    const LocalSensitivity z = local_sensitivity(MatrixXd::Zero(3, 4), 2);
    CHECK(z.local_dimension == 0.0);
    CHECK(z.max_sensitivity == 0.0);
    CHECK(z.log_volume == -std::numeric_limits<double>::infinity());
    // Exactly rank one (a rotated one keeps a ~1e-16 second singular value: ln = -37, not -infinity).
    const MatrixXd rank1 = (VectorXd(3) << 0.0, 2.0, 0.0).finished().asDiagonal();
    CHECK(local_sensitivity(rank1, 1).local_dimension == 1.0);
    CHECK(local_sensitivity(rank1, 1).log_volume == Approx(std::log(2.0)));
    CHECK(local_sensitivity(rank1, 2).log_volume == -std::numeric_limits<double>::infinity());
    CHECK_THROWS_WITH(local_sensitivity(A, 5), Catch::Contains("r must be in [1, 4]"));
    CHECK_THROWS_WITH(local_sensitivity(A, 0), Catch::Contains("r must be in [1, 4]"));
    MatrixXd bad = A;
    bad(1, 1) = NAN;
    CHECK_THROWS_WITH(local_sensitivity(bad, 1), Catch::Contains("NaN or infinite"));
    CHECK_THROWS_WITH(network_sensitivity({}, 1), Catch::Contains("no layer Jacobians"));
  }
}

TEST_CASE("network sensitivity: NMLS and NVR sum over layer inputs, r clipped per layer", "[sensitivity]") {
  const MatrixXd J1 = with_singular_values((VectorXd(2) << 2.0, 1.5).finished(), 2, 5, 11);
  const MatrixXd J2 = with_singular_values((VectorXd(1) << 4.0).finished(), 1, 3, 12);
  const NetworkSensitivity m = network_sensitivity({J1, J2}, 3);
  CHECK(m.nmls == Approx(6.0).epsilon(1e-12));
  CHECK(m.nvr == Approx(std::log(2.0) + std::log(1.5) + std::log(4.0)).epsilon(1e-12));
}

// U20: bounds 1-4 hold for random ReLU and tanh MLPs (depth 1-4, random widths and weight scales) at
// random inputs, with slack 1e-10 relative.
TEST_CASE("U20: bounds 1-4 of SCIENCE.md 6.4 hold on 100 random ReLU and tanh MLPs", "[sensitivity]") {
  Rng pick(2024);
  int checked = 0;
  double tightest1 = 0.0, tightest2 = 0.0, tightest3 = 0.0;
  for (int net = 0; net < 100; ++net) {
    const int d = 2 + int(pick.uniform() * 7), k = 2 + int(pick.uniform() * 5), depth = 1 + int(pick.uniform() * 4);
    std::vector<int> widths;
    for (int l = 0; l < depth; ++l) widths.push_back(2 + int(pick.uniform() * 11));
    const MlpShape s = mlp_shape(d, widths, k, net % 2 ? Activation::relu : Activation::tanh);
    const MlpParameters p = random_mlp(s, 100 + std::uint64_t(net), pick.uniform(0.3, 3.0));
    MatrixXd X = random_points(d, 5 + int(pick.uniform() * 20), 500 + std::uint64_t(net));
    X *= pick.uniform(0.1, 5.0);
    const int r = 1 + int(pick.uniform() * std::min(d, k));
    const MlpSensitivity m = mlp_sensitivity(p, X, r);
    const FlatnessBounds& b = m.bounds;
    const double tol = 1e-10;
    INFO("net " << net << ": d " << d << ", k " << k << ", depth " << depth << ", "
                << activation_name(s.activation) << ", r " << r);
    CHECK(b.bound1_mls_ratio <= 1.0 + tol);
    CHECK(b.bound1_ratio <= 1.0 + tol);
    CHECK(b.mls <= b.bound2_b * (1.0 + tol));
    CHECK(b.bound2_b <= b.bound2_c * (1.0 + tol));
    CHECK(b.bound2_c <= b.bound2_d * (1.0 + tol));
    CHECK(b.nmls <= b.bound3 * (1.0 + tol));
    // ReLU points with a dead direction have log volume -infinity (and J = 0 makes both sides -infinity).
    CHECK(b.bound4_gap <= tol * (1.0 + std::abs(std::isfinite(b.bound4) ? b.bound4 : 0.0)));
    CHECK((b.log_volume <= b.bound4 + tol * (1.0 + std::abs(b.bound4)) || b.log_volume <= b.bound4));
    tightest1 = std::max(tightest1, b.bound1_ratio);
    tightest2 = std::max(tightest2, b.mls / b.bound2_b);
    tightest3 = std::max(tightest3, b.nmls / b.bound3);
    ++checked;
  }
  CHECK(checked == 100);
  // The bounds are not vacuous: some net comes close to each (measured 0.995, 0.78, 0.53).
  INFO("U20 tightest ratios: bound 1 " << tightest1 << ", bound 2 (A/B) " << tightest2 << ", bound 3 " << tightest3);
  CHECK(tightest1 > 0.9);
  CHECK(tightest2 > 0.5);
  CHECK(tightest3 > 0.3);
}

TEST_CASE("sensitivity bounds: each side against an independent computation", "[sensitivity]") {
  const MlpShape s = mlp_shape(5, {6, 4}, 3, Activation::tanh);
  const MlpParameters p = random_mlp(s, 61);
  const MatrixXd X = random_points(5, 8, 62);
  const int r = 2;
  const MlpSensitivity m = mlp_sensitivity(p, X, r);
  MlpActivations acts;
  mlp_forward(p, X, acts);
  const auto spec = [](const MatrixXd& W) { return Eigen::JacobiSVD<MatrixXd>(W).singularValues()(0); };
  double grad_sq = 0, grad_w1_sq = 0, inv_x = 0, harm = 0, mls = 0, nmls = 0, rhs4 = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const MatrixXd G = output_parameter_gradients(p, acts, i);
    grad_sq += G.squaredNorm();
    grad_w1_sq += G.topRows(s.fan_out(0) * s.fan_in(0)).squaredNorm();  // W_1 leads theta
    const MatrixXd J = mlp_input_jacobian_forward(p, acts, i);
    const VectorXd sv = Eigen::JacobiSVD<MatrixXd>(J).singularValues();
    mls += sv(0);
    CHECK(m.max_sensitivity(i) == Approx(sv(0)).epsilon(1e-12));
    CHECK(m.log_volume(i) == Approx(std::log(sv(0)) + std::log(sv(1))).epsilon(1e-12));
    CHECK(m.local_dimension(i) == Approx(participation_ratio(sv.array().square().matrix())).epsilon(1e-12));
    rhs4 += 0.5 * r * std::log(J.squaredNorm() / r);
    inv_x += 1.0 / X.col(i).squaredNorm();
    const MlpLayerJacobians jac = mlp_layer_jacobians(p, acts, i);
    double net = 0.0;
    for (int l = 0; l < 3; ++l) {
      net += spec(jac.input[std::size_t(l)]);
      harm += std::pow(spec(p.W(l)), 2) / acts.a[std::size_t(l)].col(i).squaredNorm();
    }
    nmls += net;
    CHECK(m.nmls(i) == Approx(net).epsilon(1e-12));
  }
  const double n = double(X.cols());
  const double sharp = std::sqrt(grad_sq / n), quad = std::sqrt(inv_x / n), w1 = spec(p.W(0));
  const double W = std::sqrt(std::pow(spec(p.W(0)), 2) + std::pow(spec(p.W(1)), 2) + std::pow(spec(p.W(2)), 2));
  CHECK(m.sharpness == Approx(sharp).epsilon(1e-12));
  CHECK(m.bounds.mls == Approx(mls / n).epsilon(1e-12));
  CHECK(m.bounds.bound2_b == Approx(w1 * std::sqrt(grad_w1_sq / n) * quad).epsilon(1e-12));
  CHECK(m.bounds.bound2_c == Approx(w1 * quad * sharp).epsilon(1e-12));
  CHECK(m.bounds.bound2_d == Approx(W * quad * sharp).epsilon(1e-12));
  CHECK(m.bounds.nmls == Approx(nmls / n).epsilon(1e-12));
  CHECK(m.bounds.bound3 == Approx(std::sqrt(harm / n) * sharp).epsilon(1e-12));
  CHECK(m.bounds.bound4 == Approx(rhs4 / n).epsilon(1e-12));
  // sharp^2 is the Gauss-Newton trace of the MSE loss.
  CHECK(m.sharpness * m.sharpness ==
        Approx(mlp_gauss_newton_trace(p, X, random_targets(3, 8, false, 63), LossKind::mse)).epsilon(1e-12));
  SECTION("bad r and points") {
    CHECK_THROWS_WITH(mlp_sensitivity(p, X, 4), Catch::Contains("r must be in [1, 3]"));
    CHECK_THROWS_WITH(mlp_sensitivity(p, MatrixXd::Zero(5, 0), 1), Catch::Contains("no points"));
    MatrixXd bad = X;
    bad(0, 0) = INFINITY;
    CHECK_THROWS_WITH(mlp_sensitivity(p, bad, 1), Catch::Contains("NaN or infinite"));
  }
}
