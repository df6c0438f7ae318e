// The low-rank natural gradient of SCIENCE.md 4.5: its update, its Nystrom sketch and its refresh rule.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "optim/low_rank_natural_gradient.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Q diag(values) Q^T with a seeded random orthogonal Q.
MatrixXd psd_with_spectrum(const VectorXd& values, std::uint64_t seed) {
  Rng rng(seed);
  MatrixXd A(values.size(), values.size());
  for (auto& e : A.reshaped()) e = rng.normal();
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(A).householderQ();
  return Q * values.asDiagonal() * Q.transpose();
}

VectorXd lrng_random_vector(Eigen::Index n, std::uint64_t seed) {
  Rng rng(seed);
  VectorXd v(n);
  for (auto& e : v) e = rng.normal();
  return v;
}

}  // namespace

TEST_CASE("LR-NG: a sketch wider than rank(G) recovers G's eigenpairs exactly", "[lrng]") {
  VectorXd values = VectorXd::Zero(12);
  values.head(3) << 50.0, 4.0, 0.5;  // rank 3 <= sketch 3
  const DenseOperator G(psd_with_spectrum(values, 1));
  LrngSettings s;
  s.rank = 2;
  LowRankNaturalGradient opt(12, s);
  Rng rng(2);
  opt.refresh(G, rng);
  CHECK(opt.curvature()(0) == Approx(50.0).epsilon(1e-10));
  CHECK(opt.curvature()(1) == Approx(4.0).epsilon(1e-10));
  CHECK(opt.damping() == Approx(0.5).epsilon(1e-10));  // max(sigma_3^2, damping_min)
  const MatrixXd& V = opt.basis();
  CHECK((G.matrix() * V.col(0) - 50.0 * V.col(0)).norm() <= 1e-9);
  CHECK((V.transpose() * V - MatrixXd::Identity(2, 2)).norm() <= 1e-12);
}

TEST_CASE("LR-NG: the update is rho (V S V^T + rho I)^{-1} g, plain g off the subspace", "[lrng]") {
  VectorXd values(8);
  values << 30.0, 9.0, 2.0, 1.0, 0.5, 0.2, 0.1, 0.05;
  const MatrixXd A = psd_with_spectrum(values, 3);
  const DenseOperator G(A);
  LrngSettings s;
  s.rank = 2;
  s.damping = 0.3;
  LowRankNaturalGradient opt(8, s);
  Rng rng(4);
  opt.refresh(G, rng);
  const MatrixXd& V = opt.basis();
  const MatrixXd Gk = V * opt.curvature().asDiagonal() * V.transpose();
  const VectorXd g = lrng_random_vector(8, 5);
  const VectorXd expected = 0.3 * (Gk + 0.3 * MatrixXd::Identity(8, 8)).ldlt().solve(g);
  CHECK((opt.precondition(g) - expected).norm() <= 1e-12 * expected.norm());

  SECTION("step moves theta by -lr times it") {
    VectorXd theta = lrng_random_vector(8, 6), before = theta;
    opt.step(theta, g);
    CHECK((theta - (before - s.lr * expected)).norm() <= 1e-14 * before.norm());
    CHECK(opt.steps_taken() == 1);
  }
  SECTION("a component orthogonal to V is untouched; along v_1 it shrinks by rho/(sigma_1^2 + rho)") {
    const VectorXd off = g - V * (V.transpose() * g);
    CHECK((opt.precondition(off) - off).norm() <= 1e-12 * off.norm());
    const VectorXd along = V.col(0);
    CHECK((opt.precondition(along) - 0.3 / (opt.curvature()(0) + 0.3) * along).norm() <= 1e-12);
  }
}

TEST_CASE("LR-NG: warm-started refreshes converge to the top eigenvector (subspace iteration)", "[lrng]") {
  VectorXd values(30);
  for (int i = 0; i < 30; ++i) values(i) = std::pow(0.7, i);
  const MatrixXd A = psd_with_spectrum(values, 7);
  const DenseOperator G(A);
  LowRankNaturalGradient opt(30, LrngSettings{});
  Rng rng(8);
  for (int i = 0; i < 60; ++i) opt.refresh(G, rng);
  Eigen::SelfAdjointEigenSolver<MatrixXd> eig(A);
  const VectorXd top = eig.eigenvectors().col(29);
  CHECK(std::abs(std::abs(top.dot(opt.basis().col(0))) - 1.0) <= 1e-10);
  CHECK(opt.curvature()(0) == Approx(1.0).epsilon(1e-10));
  CHECK(opt.refreshes() == 60);
}

TEST_CASE("LR-NG: a gradient in the sketch is measured exactly (here: the top eigenvector)", "[lrng]") {
  VectorXd values(40);
  for (int i = 0; i < 40; ++i) values(i) = 10.0 * std::pow(0.9, i);
  const MatrixXd A = psd_with_spectrum(values, 14);
  const DenseOperator G(A);
  Eigen::SelfAdjointEigenSolver<MatrixXd> eig(A);
  const VectorXd top = eig.eigenvectors().col(39);
  LowRankNaturalGradient opt(40, LrngSettings{});
  Rng rng(15);
  const VectorXd gradient = 3.0 * top;
  opt.refresh(G, rng, &gradient);  // a random start alone would be far off with this slow decay
  CHECK(std::abs(std::abs(top.dot(opt.basis().col(0))) - 1.0) <= 1e-10);
  CHECK(opt.curvature()(0) == Approx(10.0).epsilon(1e-10));
  const VectorXd wrong = VectorXd::Ones(3);
  CHECK_THROWS_AS(opt.refresh(G, rng, &wrong), Error);
}

TEST_CASE("LR-NG: frozen entries neither move nor enter the subspace", "[lrng]") {
  VectorXd values = VectorXd::LinSpaced(10, 10.0, 1.0);
  const DenseOperator G(psd_with_spectrum(values, 9));
  std::vector<bool> trains(10, true);
  trains[0] = trains[3] = false;
  // G itself couples every entry: the optimiser must mask what it sketches.
  struct Masked : LinearOperator {
    const DenseOperator& g;
    VectorXd m;
    Masked(const DenseOperator& g, const VectorXd& m) : g(g), m(m) {}
    Eigen::Index rows() const override { return g.rows(); }
    Eigen::Index cols() const override { return g.cols(); }
    void apply(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override {
      out = m.cwiseProduct(g.matrix() * m.cwiseProduct(in));
    }
    void applyT(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override { apply(in, out); }
  };
  VectorXd m = VectorXd::Ones(10);
  m(0) = m(3) = 0.0;
  const Masked masked(G, m);
  LowRankNaturalGradient opt(10, LrngSettings{}, ParameterMask(trains));
  Rng rng(10);
  opt.refresh(masked, rng);
  CHECK(opt.basis()(0, 0) == 0.0);
  CHECK(opt.basis()(3, 0) == 0.0);
  VectorXd theta = VectorXd::Ones(10);
  opt.step(theta, lrng_random_vector(10, 11));
  CHECK(theta(0) == 1.0);
  CHECK(theta(3) == 1.0);
}

TEST_CASE("LR-NG: refresh rule, every M steps or adaptively", "[lrng]") {
  const DenseOperator G(psd_with_spectrum(VectorXd::LinSpaced(6, 6.0, 1.0), 12));
  Rng rng(13);
  VectorXd theta = VectorXd::Zero(6);
  const VectorXd g = VectorXd::Ones(6);
  SECTION("fixed interval M = 3") {
    LrngSettings s;
    s.refresh = 3;
    LowRankNaturalGradient opt(6, s);
    CHECK(opt.refresh_due(false, false));
    opt.refresh(G, rng);
    for (int k = 0; k < 2; ++k) {
      opt.step(theta, g);
      CHECK_FALSE(opt.refresh_due(true, true));
    }
    opt.step(theta, g);
    CHECK(opt.refresh_due(false, false));
  }
  SECTION("adaptive: on a rising loss or near the bifurcation, else every adaptive_every") {
    LrngSettings s;
    s.adaptive = true;
    s.adaptive_every = 4;
    LowRankNaturalGradient opt(6, s);
    opt.refresh(G, rng);
    opt.step(theta, g);
    CHECK_FALSE(opt.refresh_due(false, false));
    CHECK(opt.refresh_due(true, false));
    CHECK(opt.refresh_due(false, true));
    for (int k = 0; k < 3; ++k) opt.step(theta, g);
    CHECK(opt.refresh_due(false, false));
  }
}

TEST_CASE("LR-NG: bad settings and misuse are errors", "[lrng]") {
  LrngSettings s;
  s.rank = 0;
  CHECK_THROWS_WITH(LowRankNaturalGradient(6, s), Catch::Contains("optimizer.rank"));
  s.rank = 5;  // sketch 7 > 6 parameters
  CHECK_THROWS_WITH(LowRankNaturalGradient(6, s), Catch::Contains("trained parameters (6)"));
  s.rank = 2;
  s.sketch = 2;
  CHECK_THROWS_AS(LowRankNaturalGradient(6, s), Error);
  LowRankNaturalGradient opt(6, LrngSettings{});
  VectorXd theta = VectorXd::Zero(6);
  CHECK_THROWS_WITH(opt.step(theta, VectorXd::Ones(6)), Catch::Contains("before the first refresh"));
}
