// Lanczos, randomized subspace iteration and singular values against Eigen's dense solvers (SCIENCE.md U6).
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "ops/spectral.hpp"
#include "spectrum_matrix.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

using rnnbook::testing::with_spectrum;

VectorXd dense_top(const MatrixXd& A, int k) {
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(A);
  return es.eigenvalues().reverse().head(k);
}

double max_relative_error(const VectorXd& got, const VectorXd& want) {
  return ((got - want).array().abs() / want.array().abs()).maxCoeff();
}

double max_true_residual(const MatrixXd& A, const Eigenpairs& e) {
  double r = 0.0;
  for (Eigen::Index i = 0; i < e.values.size(); ++i)
    r = std::max(r, (A * e.vectors.col(i) - e.values(i) * e.vectors.col(i)).norm());
  return r;
}

void check_pairs(const MatrixXd& A, const Eigenpairs& e, int k) {
  const VectorXd want = dense_top(A, k);
  REQUIRE(e.values.size() == k);
  REQUIRE(e.vectors.cols() == k);
  CHECK(max_relative_error(e.values, want) < 1e-8);
  CHECK(max_true_residual(A, e) < 1e-8 * want(0));
  // The reported residuals are the true ones (up to round-off).
  for (int i = 0; i < k; ++i) {
    const double truth = (A * e.vectors.col(i) - e.values(i) * e.vectors.col(i)).norm();
    CHECK(e.residuals(i) == Approx(truth).margin(1e-12 * want(0)));
  }
  CHECK((e.vectors.transpose() * e.vectors - MatrixXd::Identity(k, k)).norm() < 1e-10);
}

}  // namespace

TEST_CASE("spectral: Lanczos and randomized top-10 eigenpairs match the dense solver (U6)", "[spectral]") {
  const int n = 200, k = 10;
  Rng rng(2024);
  VectorXd lambda(n);

  SECTION("decaying spectrum 0.8^i") {
    for (int i = 0; i < n; ++i) lambda(i) = std::pow(0.8, i);
    const MatrixXd A = with_spectrum(lambda, rng);
    const DenseOperator op(A);
    const Eigenpairs lz = top_eigenpairs(op, k, rng);
    CHECK(lz.steps == 2 * k + 10);
    CHECK(lz.matvecs == 2 * k + 10);
    check_pairs(A, lz, k);
    // q = 2 gives only ~1e-6 here (error ~ (lambda_21 / lambda_10)^(2q+2)); q = 6 reaches 1e-8.
    RandomizedOptions ro;
    ro.power_iterations = 6;
    const Eigenpairs rz = randomized_eigenpairs(op, k, rng, ro);
    CHECK(rz.matvecs == (k + 10) * (6 + 2));
    check_pairs(A, rz, k);
  }
  SECTION("low rank (10 spikes 10..55) plus Wishart noise") {
    for (int i = 0; i < n; ++i) lambda(i) = i < k ? 10.0 + 5.0 * i : 0.0;
    MatrixXd A = with_spectrum(lambda, rng);
    const MatrixXd W = 0.05 * gaussian_matrix(n, n, rng);
    A += W * W.transpose() / n;
    const DenseOperator op(A);
    check_pairs(A, top_eigenpairs(op, k, rng), k);
    check_pairs(A, randomized_eigenpairs(op, k, rng), k);  // default q = 2 suffices with this gap
  }
  SECTION("a slowly decaying spectrum 0.9^i converges once the Krylov space may grow") {
    for (int i = 0; i < n; ++i) lambda(i) = std::pow(0.9, i);
    const MatrixXd A = with_spectrum(lambda, rng);
    const DenseOperator op(A);
    LanczosOptions fixed;
    fixed.tol = 1e-13;
    const Eigenpairs e30 = top_eigenpairs(op, k, rng, fixed);
    CHECK(e30.steps == 30);
    CHECK_FALSE(e30.converged);  // residuals ~1e-7 after 30 steps
    LanczosOptions grow = fixed;
    grow.max_steps = n;
    const Eigenpairs e = top_eigenpairs(op, k, rng, grow);
    CHECK(e.converged);
    CHECK(e.steps > 30);
    CHECK(e.residuals.maxCoeff() <= 1e-13 * e.values(0));
    check_pairs(A, e, k);
  }
}

TEST_CASE("spectral: Lanczos survives breakdown and small operators", "[spectral]") {
  Rng rng(7);
  SECTION("identity: the Krylov space is invariant after one step") {
    const DenseOperator op(MatrixXd::Identity(50, 50));
    const Eigenpairs e = top_eigenpairs(op, 5, rng);
    CHECK(e.values.isApprox(VectorXd::Ones(5), 1e-14));
    CHECK(e.residuals.maxCoeff() < 1e-14);
    CHECK((e.vectors.transpose() * e.vectors - MatrixXd::Identity(5, 5)).norm() < 1e-12);
  }
  SECTION("rank-3 projector: k = 6 must find three ones and three zeros") {
    const MatrixXd U = orthonormal_basis(gaussian_matrix(40, 3, rng));
    const MatrixXd P = U * U.transpose();
    const DenseOperator op(P);
    const Eigenpairs e = top_eigenpairs(op, 6, rng);
    VectorXd want(6);
    want << 1, 1, 1, 0, 0, 0;
    CHECK((e.values - want).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(max_true_residual(P, e) < 1e-12);
  }
  SECTION("zero operator") {
    const DenseOperator op(MatrixXd::Zero(8, 8));
    const Eigenpairs e = top_eigenpairs(op, 2, rng);
    CHECK(e.values.cwiseAbs().maxCoeff() == 0.0);
    CHECK(e.converged);
  }
  SECTION("n smaller than 2k + 10: steps are capped at n and the result is exact") {
    const MatrixXd A = with_spectrum((VectorXd(4) << 4, 3, 2, 1).finished(), rng);
    const DenseOperator op(A);
    const Eigenpairs e = top_eigenpairs(op, 4, rng);
    CHECK(e.steps == 4);
    CHECK(e.values.isApprox((VectorXd(4) << 4, 3, 2, 1).finished(), 1e-13));
    const Eigenpairs r = randomized_eigenpairs(op, 4, rng);
    CHECK(r.values.isApprox((VectorXd(4) << 4, 3, 2, 1).finished(), 1e-13));
  }
  SECTION("indefinite operator: algebraic vs magnitude order") {
    VectorXd lambda = VectorXd::LinSpaced(30, -1.0, 1.0);
    lambda(0) = -10.0;
    lambda(29) = 5.0;
    const MatrixXd A = with_spectrum(lambda, rng);
    const DenseOperator op(A);
    LanczosOptions alg;
    alg.steps = 30;
    CHECK(top_eigenpairs(op, 1, rng, alg).values(0) == Approx(5.0).epsilon(1e-12));
    LanczosOptions mag = alg;
    mag.order = EigenOrder::magnitude;
    const Eigenpairs e = top_eigenpairs(op, 2, rng, mag);
    CHECK(e.values(0) == Approx(-10.0).epsilon(1e-12));
    CHECK(e.values(1) == Approx(5.0).epsilon(1e-12));
  }
}

TEST_CASE("spectral: singular values from X X^T and X^T X coincide (U6)", "[spectral]") {
  Rng rng(99);
  const int k = 10;
  // A decaying column scale separates the top singular values: with 0.95^j the default 30 steps reach
  // ~1e-13 for every seed tried; with 0.97^j some seeds need a larger Krylov space.
  MatrixXd X = gaussian_matrix(60, 200, rng);
  for (int j = 0; j < 200; ++j) X.col(j) *= std::pow(0.95, j);
  const VectorXd want = Eigen::JacobiSVD<MatrixXd>(X).singularValues().head(k);

  SECTION("wide X and tall X^T both use the 60 x 60 Gram and match JacobiSVD") {
    const DenseOperator wide(X), tall(X.transpose());
    CHECK(max_relative_error(top_singular_values(wide, k), want) < 1e-8);
    CHECK(max_relative_error(top_singular_values(tall, k, rng), want) < 1e-8);
  }
  SECTION("slower decay: a Krylov space allowed to grow converges") {
    MatrixXd Y = gaussian_matrix(60, 200, rng);
    for (int j = 0; j < 200; ++j) Y.col(j) *= std::pow(0.97, j);
    LanczosOptions o;
    o.max_steps = 60;
    CHECK(max_relative_error(top_singular_values(DenseOperator(Y), k, rng, o),
                             Eigen::JacobiSVD<MatrixXd>(Y).singularValues().head(k)) < 1e-8);
  }
  SECTION("the non-zero eigenvalues of X X^T (60) and X^T X (200) agree") {
    const DenseOperator outer(X * X.transpose()), inner(X.transpose() * X);
    // 30 steps leave ~2e-8 on the 200 x 200 Gram; let the Krylov space grow to the 1e-10 residual target.
    LanczosOptions o;
    o.max_steps = 200;
    const Eigenpairs a = top_eigenpairs(outer, k, rng, o), b = top_eigenpairs(inner, k, rng, o);
    CHECK(a.converged);
    CHECK(b.converged);
    CHECK(max_relative_error(a.values, b.values) < 1e-8);
    CHECK(max_relative_error(a.values.cwiseSqrt(), want) < 1e-8);
  }
}

TEST_CASE("spectral: bad input names the argument and its range", "[spectral]") {
  Rng rng(1);
  const DenseOperator sq(MatrixXd::Identity(20, 20)), rect(MatrixXd::Ones(5, 8));
  SECTION("k out of range") {
    CHECK_THROWS_AS(top_eigenpairs(sq, 0, rng), Error);
    CHECK_THROWS_WITH(top_eigenpairs(sq, 0, rng), Catch::Contains("k must be in [1, 20]"));
    CHECK_THROWS_WITH(top_eigenpairs(sq, 21, rng), Catch::Contains("got 21"));
    CHECK_THROWS_WITH(randomized_eigenpairs(sq, 21, rng), Catch::Contains("k must be in [1, 20]"));
    CHECK_THROWS_WITH(top_singular_values(rect, 6), Catch::Contains("k must be in [1, 5] (min(rows, cols))"));
  }
  SECTION("non-square operator") {
    CHECK_THROWS_WITH(top_eigenpairs(rect, 1, rng), Catch::Contains("must be square, got 5 x 8"));
    CHECK_THROWS_WITH(randomized_eigenpairs(rect, 1, rng), Catch::Contains("must be square"));
  }
  SECTION("options out of range") {
    LanczosOptions o;
    o.steps = 3;
    CHECK_THROWS_WITH(top_eigenpairs(sq, 5, rng, o), Catch::Contains("options.steps"));
    RandomizedOptions r;
    r.power_iterations = -1;
    CHECK_THROWS_WITH(randomized_eigenpairs(sq, 5, rng, r), Catch::Contains("options.power_iterations"));
  }
}
