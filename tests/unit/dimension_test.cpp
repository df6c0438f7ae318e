// Dimension estimators on cases with closed forms (SCIENCE.md 6.1-6.3, U17, U18): participation ratio
// and PCA counts of known covariances, TwoNN on exact Pareto ratios, Levina-Bickel and local PCA on
// hand-computed neighbourhoods; duplicate handling; synthetic manifolds.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "dimension/distinct.hpp"
#include "dimension/levina_bickel.hpp"
#include "dimension/linear_dimension.hpp"
#include "dimension/local_pca.hpp"
#include "dimension/manifolds.hpp"
#include "dimension/twonn.hpp"
#include "ops/spectral.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Points +-a_j e_j (2D of them): mean 0, centred covariance diag(2 a_j^2 / (2D - 1)).
MatrixXd axis_cross(const VectorXd& a) {
  const Index D = a.size();
  MatrixXd X = MatrixXd::Zero(2 * D, D);
  for (Index j = 0; j < D; ++j) {
    X(2 * j, j) = a(j);
    X(2 * j + 1, j) = -a(j);
  }
  return X;
}

double pr_of(const VectorXd& l) { return l.sum() * l.sum() / l.squaredNorm(); }

}  // namespace

TEST_CASE("dimension: participation ratio of known covariances (U17)", "[dimension]") {
  const VectorXd lambda = (VectorXd(5) << 4.0, 2.5, 1.0, 0.25, 0.0).finished();
  const double want = pr_of(lambda);
  SECTION("uncentred: rows sqrt(lambda_j) e_j give X^T X = diag(lambda)") {
    const MatrixXd X = MatrixXd(lambda.cwiseSqrt().asDiagonal());
    CHECK(pca_participation_ratio(X, Centring::uncentred) == Approx(want).epsilon(1e-14));
    const VectorXd s = covariance_spectrum(X, Centring::uncentred);
    for (Index j = 0; j < 5; ++j) CHECK(s(j) == Approx(lambda(j) / 5.0).margin(1e-15));
  }
  SECTION("centred: the cross +-a_j e_j has covariance diag(2 a^2 / (n - 1))") {
    const MatrixXd X = axis_cross(lambda.cwiseSqrt());
    CHECK(pca_participation_ratio(X, Centring::centred) == Approx(want).epsilon(1e-14));
    const VectorXd s = covariance_spectrum(X, Centring::centred);
    for (Index j = 0; j < 5; ++j) CHECK(s(j) == Approx(2.0 * lambda(j) / 9.0).margin(1e-15));
  }
  SECTION("PR(I_d) = d; rotations and translations (centred) change nothing") {
    for (Index d : {1, 3, 12}) {
      CHECK(pca_participation_ratio(MatrixXd::Identity(d, d), Centring::uncentred) == Approx(double(d)).epsilon(1e-14));
      CHECK(pca_participation_ratio(axis_cross(VectorXd::Ones(d)), Centring::centred) ==
            Approx(double(d)).epsilon(1e-14));
    }
    Rng rng(5);
    const MatrixXd Q = orthonormal_basis(gaussian_matrix(5, 5, rng));
    const MatrixXd X = axis_cross(lambda.cwiseSqrt()) * Q.transpose();
    CHECK(pca_participation_ratio(X, Centring::uncentred) == Approx(want).epsilon(1e-12));  // mean is 0 here
    const MatrixXd shifted = X.rowwise() + Eigen::RowVectorXd::Constant(5, 3.0);
    CHECK(pca_participation_ratio(shifted, Centring::centred) == Approx(want).epsilon(1e-12));
  }
  SECTION("fewer points than dimensions: the n x n Gram matrix gives the same PR and spectrum") {
    Rng rng(6);
    const MatrixXd X = gaussian_matrix(6, 40, rng);
    const MatrixXd A = X.rowwise() - X.colwise().mean();
    Eigen::SelfAdjointEigenSolver<MatrixXd> es(A.transpose() * A / 5.0);
    const VectorXd dense = es.eigenvalues().reverse().cwiseMax(0.0);
    const VectorXd s = covariance_spectrum(X, Centring::centred);
    REQUIRE(s.size() == 6);
    for (Index j = 0; j < 6; ++j) CHECK(s(j) == Approx(dense(j)).margin(1e-12));
    CHECK(pca_participation_ratio(X, Centring::centred) == Approx(pr_of(dense)).epsilon(1e-12));
    CHECK(pca_participation_ratio(X, Centring::centred) <= 5.0 + 1e-12);  // rank n - 1
  }
}

TEST_CASE("dimension: number of components for a variance fraction", "[dimension]") {
  const VectorXd lambda = (VectorXd(5) << 4.0, 2.5, 1.0, 0.25, 0.0).finished();  // total 7.75
  const MatrixXd X = MatrixXd(lambda.cwiseSqrt().asDiagonal());
  // Cumulative fractions 0.516, 0.839, 0.968, 1.
  CHECK(pca_components(X, 0.95, Centring::uncentred) == 3.0);
  CHECK(pca_components(X, 0.5, Centring::uncentred) == 1.0);
  CHECK(pca_components(X, 1.0, Centring::uncentred) == 4.0);
  // Interpolated: 2 + (0.95 * 7.75 - 6.5) / 1.0 and 0.5 * 7.75 / 4.
  CHECK(pca_components(X, 0.95, Centring::uncentred, true) == Approx(2.8625).epsilon(1e-13));
  CHECK(pca_components(X, 0.5, Centring::uncentred, true) == Approx(0.96875).epsilon(1e-13));
  CHECK(pca_components(X, 1.0, Centring::uncentred, true) == Approx(4.0).epsilon(1e-13));
  CHECK(components_for_fraction(VectorXd::Ones(10), 0.35, true) == Approx(3.5).epsilon(1e-13));
  CHECK_THROWS_WITH(pca_components(X, 0.0, Centring::uncentred), "fraction: must be a number in (0, 1], got 0");
}

TEST_CASE("dimension: TwoNN on exact and sampled Pareto ratios (U18)", "[dimension]") {
  SECTION("MLE by hand: mu = (e, e, e^2) gives (3 - 1) / 4") {
    const VectorXd mu = (VectorXd(3) << std::exp(1.0), std::exp(1.0), std::exp(2.0)).finished();
    CHECK(twonn_mle(mu) == Approx(0.5).epsilon(1e-15));
  }
  SECTION("the fit is exact on Pareto quantiles: -ln(1 - i/N) = d ln mu_i") {
    for (double d : {1.0, 2.5, 7.0}) {
      const Index N = 200;
      VectorXd mu(N);
      for (Index i = 0; i < N - 1; ++i) mu(i) = std::pow(1.0 - double(i + 1) / double(N), -1.0 / d);
      mu(N - 1) = 1e6;  // the largest always goes (F = 1)
      for (double f : {0.0, 0.1, 0.5}) {
        const TwoNNFit fit = twonn_fit(mu, f);
        CHECK(fit.dimension == Approx(d).epsilon(1e-12));
        CHECK(fit.points_used == std::min<Index>(N - 1, Index(std::floor(N * (1.0 - f) + 1e-9))));
      }
    }
  }
  SECTION("ln mu ~ Exp(d), N = 1e5: MLE within 1%, fit within 2%") {
    // The MLE's relative standard deviation is 1/sqrt(N) = 0.3%, so 1% is a 3-sigma band.
    for (double d : {1.0, 2.0, 5.0, 10.0}) {
      Rng rng(18, std::uint64_t(d));
      VectorXd mu(100000);
      for (Index i = 0; i < mu.size(); ++i) mu(i) = std::exp(-std::log1p(-rng.uniform()) / d);
      INFO("d = " << d);
      CHECK(std::abs(twonn_mle(mu) / d - 1.0) < 0.01);
      CHECK(std::abs(twonn_fit(mu, 0.1).dimension / d - 1.0) < 0.02);
    }
  }
  SECTION("on points of a line: hand-computed ratios; duplicate rows share their point's mu") {
    // 0, 1, 3, 7: (r1, r2) = (1, 3), (1, 2), (2, 3), (4, 6).
    const MatrixXd X = (MatrixXd(5, 1) << 0.0, 1.0, 3.0, 7.0, 1.0).finished();
    const TwoNNResult t = twonn(X, 0.0);
    const VectorXd want = (VectorXd(5) << 3.0, 2.0, 1.5, 1.5, 2.0).finished();
    for (Index i = 0; i < 5; ++i) CHECK(t.mu(i) == Approx(want(i)).epsilon(1e-15));
    CHECK(t.distinct_points == 4);
    CHECK(t.mle == Approx(3.0 / (std::log(3.0) + std::log(2.0) + 2.0 * std::log(1.5))).epsilon(1e-14));
    // Fit over the 3 smallest mu (1.5, 1.5, 2) at F = 1/4, 2/4, 3/4.
    const double x[] = {std::log(1.5), std::log(1.5), std::log(2.0)};
    const double y[] = {-std::log(0.75), -std::log(0.5), -std::log(0.25)};
    const double fit = (x[0] * y[0] + x[1] * y[1] + x[2] * y[2]) / (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    CHECK(t.fit == Approx(fit).epsilon(1e-14));
    CHECK(t.fit_points == 3);
  }
}

TEST_CASE("dimension: Levina-Bickel by hand", "[dimension]") {
  // Row A: T = (1, 2, 4); row B: T = (1, 3, 3).
  Neighbours nn{IndexMatrix(2, 3), RowMatrix(2, 3)};
  nn.index << 1, 2, 3, 0, 2, 3;
  nn.distance << 1.0, 2.0, 4.0, 1.0, 3.0, 3.0;
  const double l2 = std::log(2.0), l3 = std::log(3.0);
  // 1/m_2 = ln(T2/T1); 1/m_3 = ln T3 - (ln T1 + ln T2) / 2.
  const double a2 = l2, a3 = 2.0 * l2 - 0.5 * l2, b2 = l3, b3 = l3 - 0.5 * l3;
  SECTION("mean of m_k over points (Levina and Bickel)") {
    const LevinaBickelResult r = levina_bickel(nn, 2, 3, LbAverage::mean);
    CHECK(r.by_k(0) == Approx(0.5 * (1 / a2 + 1 / b2)).epsilon(1e-14));
    CHECK(r.by_k(1) == Approx(0.5 * (1 / a3 + 1 / b3)).epsilon(1e-14));
    CHECK(r.dimension == Approx(0.5 * (r.by_k(0) + r.by_k(1))).epsilon(1e-15));
    CHECK(r.local(0) == Approx(0.5 * (1 / a2 + 1 / a3)).epsilon(1e-14));
    CHECK(r.local(1) == Approx(0.5 * (1 / b2 + 1 / b3)).epsilon(1e-14));
  }
  SECTION("inverse of the mean of 1/m_k (MacKay and Ghahramani)") {
    const LevinaBickelResult r = levina_bickel(nn, 2, 3, LbAverage::inverse);
    CHECK(r.by_k(0) == Approx(2.0 / (a2 + b2)).epsilon(1e-14));
    CHECK(r.by_k(1) == Approx(2.0 / (a3 + b3)).epsilon(1e-14));
  }
  SECTION("equidistant neighbours make m_k infinite: an error naming the point") {
    Neighbours flat = nn;
    flat.distance.row(1) << 2.0, 2.0, 5.0;  // T_2 = T_1: 1/m_2 = 0
    CHECK_THROWS_WITH(levina_bickel(flat, 2, 3, LbAverage::inverse),
                      "points: the first 2 neighbours of point 1 are all at the same distance; the Levina-Bickel "
                      "estimate is infinite there");
    CHECK(levina_bickel(flat, 3, 3, LbAverage::mean).by_k(0) > 0.0);  // k = 3 is fine there
  }
  SECTION("on a line sample, the estimate is close to 1; duplicates do not change it") {
    Rng rng(7);
    MatrixXd X(2000, 1);
    for (Index i = 0; i < X.rows(); ++i) X(i, 0) = rng.uniform();
    const LevinaBickelResult r = levina_bickel(X, 10, 20, LbAverage::inverse);
    CHECK(r.dimension == Approx(1.0).margin(0.05));
    MatrixXd doubled(4000, 1);
    doubled << X, X;
    const LevinaBickelResult d = levina_bickel(doubled, 10, 20, LbAverage::inverse);
    CHECK(d.dimension == r.dimension);
    CHECK(d.distinct_points == 2000);
    CHECK(d.local.tail(2000) == r.local);
  }
}

TEST_CASE("dimension: local PCA on neighbourhoods with known spectra", "[dimension]") {
  SECTION("the corners of a square: every neighbourhood is the isotropic square") {
    const MatrixXd X = (MatrixXd(4, 3) << 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1).finished();
    const LocalPcaResult pr = local_pca(X, 3);
    for (Index i = 0; i < 4; ++i) CHECK(pr.local(i) == Approx(2.0).epsilon(1e-14));
    CHECK(local_pca(X, 3, LocalMeasure::variance_fraction, 0.9).mean == 2.0);
    CHECK(local_pca(X, 3, LocalMeasure::variance_fraction, 0.5).mean == 1.0);
  }
  SECTION("points on a line in R^3 have local dimension 1") {
    Rng rng(8);
    const VectorXd dir = VectorXd::Random(3).normalized();
    MatrixXd X(300, 3);
    for (Index i = 0; i < 300; ++i) X.row(i) = rng.uniform(-1.0, 1.0) * dir.transpose();
    const LocalPcaResult r = local_pca(X, 10);
    CHECK(r.local.minCoeff() == Approx(1.0).epsilon(1e-9));
    CHECK(r.local.maxCoeff() == Approx(1.0).epsilon(1e-9));
    CHECK(local_pca(X, 10, LocalMeasure::variance_fraction, 0.99).mean == 1.0);
  }
}

TEST_CASE("dimension: distinct rows keep the first occurrence", "[dimension]") {
  const MatrixXd X = (MatrixXd(6, 2) << 1, 2, 3, 4, 1, 2, 5, 6, 3, 4, 0.0, -0.0).finished();
  MatrixXd Y = X;
  Y(5, 1) = 0.0;  // -0.0 and 0.0 are the same point
  const DistinctRows d = distinct_rows((MatrixXd(7, 2) << X, Y.row(5)).finished());
  REQUIRE(d.points.rows() == 4);
  CHECK(d.points.row(0) == X.row(0));
  CHECK(d.points.row(1) == X.row(1));
  CHECK(d.points.row(2) == X.row(3));
  CHECK(d.points.row(3) == X.row(5));
  CHECK(d.of_row == std::vector<Index>{0, 1, 0, 2, 1, 3, 3});
  CHECK(d.duplicates() == 3);
}

TEST_CASE("dimension: synthetic manifolds", "[dimension]") {
  ManifoldSpec spec;
  spec.samples = 500;
  SECTION("a random rotation keeps every distance; the plane spans 2 dimensions of R^50") {
    spec.embedding = 50;
    const MatrixXd R = sample_manifold(spec, 3);
    spec.rotate = false;
    const MatrixXd P = sample_manifold(spec, 3);
    REQUIRE(R.rows() == 500);
    REQUIRE(R.cols() == 50);
    CHECK(P.rightCols(48).isZero(0.0));
    CHECK(P.leftCols(2).minCoeff() >= 0.0);
    CHECK(P.leftCols(2).maxCoeff() < 1.0);
    for (Index i = 0; i < 20; ++i)
      CHECK((R.row(i) - R.row(i + 20)).norm() == Approx((P.row(i) - P.row(i + 20)).norm()).epsilon(1e-12));
    const VectorXd sv = Eigen::JacobiSVD<MatrixXd>(R).singularValues();
    CHECK(sv(2) < 1e-12 * sv(0));
  }
  SECTION("sphere points have norm 1; Gaussian and cube have d coordinates; same seed, same points") {
    spec.kind = Manifold::sphere;
    spec.dimension = 3;
    spec.embedding = 10;
    const MatrixXd S = sample_manifold(spec, 4);
    CHECK(S.cols() == 10);
    CHECK((S.rowwise().norm().array() - 1.0).abs().maxCoeff() < 1e-12);
    CHECK(sample_manifold(spec, 4) == S);
    CHECK(sample_manifold(spec, 5) != S);
    spec.kind = Manifold::cube;
    spec.embedding = 0;
    spec.rotate = false;
    const MatrixXd C = sample_manifold(spec, 4);
    CHECK(C.cols() == 3);
    CHECK(C.minCoeff() >= 0.0);
    CHECK(C.maxCoeff() < 1.0);
    spec.kind = Manifold::gaussian;
    CHECK(sample_manifold(spec, 4).cols() == 3);
  }
  SECTION("the swiss roll: (t cos t, h, t sin t) with t in [1.5 pi, 4.5 pi], h in [0, 21]") {
    spec.kind = Manifold::swiss_roll;
    spec.rotate = false;
    const MatrixXd W = sample_manifold(spec, 6);
    REQUIRE(W.cols() == 3);
    const double pi = 3.14159265358979323846;
    for (Index i = 0; i < W.rows(); ++i) {
      const double t = std::hypot(W(i, 0), W(i, 2));
      CHECK(t >= 1.5 * pi - 1e-12);
      CHECK(t <= 4.5 * pi + 1e-12);
      CHECK(W(i, 1) >= 0.0);
      CHECK(W(i, 1) <= 21.0);
      CHECK(W(i, 0) == Approx(t * std::cos(t)).margin(1e-9));
    }
  }
  SECTION("noise is added from its own stream: the clean points stay the same") {
    spec.embedding = 20;
    const MatrixXd clean = sample_manifold(spec, 9);
    spec.noise = 0.5;
    const MatrixXd noisy = sample_manifold(spec, 9);
    const MatrixXd diff = noisy - clean;
    const double sd = std::sqrt(diff.squaredNorm() / double(diff.size()));
    CHECK(sd == Approx(0.5).epsilon(0.03));  // 10^4 draws
  }
  SECTION("bad specs name the field") {
    spec.kind = Manifold::plane;
    spec.dimension = 3;
    CHECK_THROWS_WITH(sample_manifold(spec, 0), "dimension: a plane is 2-dimensional; must be 2, got 3");
    spec.kind = Manifold::sphere;
    spec.embedding = 2;
    CHECK_THROWS_WITH(sample_manifold(spec, 0), "embedding: must be at least the manifold's 4 coordinates, got 2");
    CHECK_THROWS_WITH(manifold_from_name("torus"), Catch::Matchers::Contains("manifold: must be one of"));
  }
}
