// Participation ratio, entropy rank, r_95 and kernel alignment (SCIENCE.md U17, U22, U24).
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "linalg/svd.hpp"
#include "measures/effective_rank.hpp"
#include "ops/spectral.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;

TEST_CASE("effrank: identities on flat, rank-one and diagonal spectra (U17, U24)", "[effrank]") {
  SECTION("PR(I_n) = erank(I_n) = n, as spectra and as matrices") {
    for (int n : {1, 7, 64}) {
      CHECK(participation_ratio(VectorXd::Ones(n)) == Approx(n).epsilon(1e-14));
      CHECK(entropy_effective_rank(VectorXd::Ones(n)) == Approx(n).epsilon(1e-13));
      CHECK(effective_rank(MatrixXd::Identity(n, n)) == Approx(n).epsilon(1e-13));
      CHECK(effective_rank(MatrixXd::Identity(n, n), RankMeasure::entropy) == Approx(n).epsilon(1e-13));
      CHECK(participation_ratio_psd(MatrixXd::Identity(n, n)) == Approx(n).epsilon(1e-14));
    }
  }
  SECTION("a rank-one matrix has effective rank 1") {
    Rng rng(1);
    const MatrixXd M = gaussian_matrix(30, 1, rng) * gaussian_matrix(1, 20, rng);
    CHECK(effective_rank(M) == Approx(1.0).epsilon(1e-12));
    CHECK(effective_rank(M, RankMeasure::entropy) == Approx(1.0).epsilon(1e-12));
    CHECK(effective_rank(M, RankMeasure::threshold95) == 1.0);
    CHECK(participation_ratio_psd(M.transpose() * M) == Approx(1.0).epsilon(1e-12));
  }
  SECTION("PR of diag(lambda) is (sum lambda)^2 / sum lambda^2") {
    const VectorXd l = (VectorXd(5) << 4.0, 2.5, 1.0, 0.25, 0.0).finished();
    const double want = 7.75 * 7.75 / (16.0 + 6.25 + 1.0 + 0.0625);
    CHECK(participation_ratio(l) == Approx(want).epsilon(1e-14));
    CHECK(participation_ratio_psd(MatrixXd(l.asDiagonal())) == Approx(want).epsilon(1e-14));
    // Rotating diag(lambda) leaves the PR unchanged.
    Rng rng(2);
    const MatrixXd Q = orthonormal_basis(gaussian_matrix(5, 5, rng));
    CHECK(participation_ratio_psd(Q * l.asDiagonal() * Q.transpose()) == Approx(want).epsilon(1e-12));
  }
  SECTION("matrix measures use the singular values") {
    const MatrixXd M = (MatrixXd(2, 3) << 3, 0, 0, 0, -1, 0).finished();  // sigma = (3, 1)
    CHECK(effective_rank(M) == Approx(100.0 / 82.0).epsilon(1e-14));       // PR(sigma^2)
    const double h = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
    CHECK(effective_rank(M, RankMeasure::entropy) == Approx(std::exp(h)).epsilon(1e-14));
    CHECK(effective_rank(M, RankMeasure::threshold95) == 2.0);  // 9 / 10 < 0.95
  }
}

TEST_CASE("effrank: entropy rank and threshold count on known spectra", "[effrank]") {
  CHECK(entropy_effective_rank((VectorXd(3) << 1, 1, 2).finished()) == Approx(std::pow(2.0, 1.5)).epsilon(1e-14));
  CHECK(entropy_effective_rank((VectorXd(3) << 5, 0, 0).finished()) == Approx(1.0).epsilon(1e-15));
  const VectorXd l = (VectorXd(4) << 1, 5, 1, 3).finished();  // unsorted; total 10
  CHECK(threshold_count(l) == 4);                              // 9 < 9.5
  CHECK(threshold_count(l, 0.9) == 3);
  CHECK(threshold_count(l, 0.8) == 2);
  CHECK(threshold_count(l, 1.0) == 4);
  CHECK(threshold_count(VectorXd::Ones(20)) == 19);
  // For any spectrum: 1 <= PR, erank <= number of non-zeros.
  Rng rng(3);
  for (int t = 0; t < 20; ++t) {
    const VectorXd s = gaussian_matrix(12, 1, rng).cwiseAbs();
    CHECK(participation_ratio(s) >= 1.0);
    CHECK(participation_ratio(s) <= 12.0 + 1e-12);
    CHECK(entropy_effective_rank(s) >= 1.0);
    CHECK(entropy_effective_rank(s) <= 12.0 + 1e-12);
  }
}

TEST_CASE("effrank: kernel alignment (U22)", "[effrank]") {
  Rng rng(4);
  const MatrixXd X = gaussian_matrix(25, 8, rng);
  const MatrixXd K = X * X.transpose();
  SECTION("KA(K, cK) = 1 for c > 0 and -1 for c < 0") {
    for (double c : {1e-3, 1.0, 7.5}) CHECK(kernel_alignment(K, c * K) == Approx(1.0).epsilon(1e-14));
    CHECK(kernel_alignment(K, -2.0 * K) == Approx(-1.0).epsilon(1e-14));
  }
  SECTION("KA in [-1, 1], and >= 0 for PSD kernels") {
    for (int t = 0; t < 50; ++t) {
      const MatrixXd A = gaussian_matrix(25, 25, rng), B = gaussian_matrix(25, 25, rng);
      const double ka = kernel_alignment(A + A.transpose(), B + B.transpose());
      CHECK(std::abs(ka) <= 1.0);
      const MatrixXd Y = gaussian_matrix(25, 3, rng);
      CHECK(kernel_alignment(K, Y * Y.transpose()) >= 0.0);
    }
  }
}

TEST_CASE("effrank: round-off negatives are clamped, bad input names the argument", "[effrank]") {
  SECTION("tiny negatives from an eigensolver are taken as zero") {
    CHECK(participation_ratio((VectorXd(3) << 1, 1, -1e-14).finished()) == Approx(2.0).epsilon(1e-14));
    CHECK(entropy_effective_rank((VectorXd(3) << 1, 1, -1e-14).finished()) == Approx(2.0).epsilon(1e-14));
  }
  SECTION("clearly negative, NaN, empty or zero spectra throw") {
    CHECK_THROWS_AS(participation_ratio((VectorXd(2) << 1, -0.1).finished()), Error);
    CHECK_THROWS_WITH(participation_ratio((VectorXd(2) << 1, -0.1).finished()),
                      Catch::Contains("spectrum[1] = -0.1") && Catch::Contains("negative"));
    CHECK_THROWS_WITH(entropy_effective_rank((VectorXd(2) << 1, NAN).finished()), Catch::Contains("finite"));
    CHECK_THROWS_WITH(threshold_count(VectorXd()), Catch::Contains("must not be empty"));
    CHECK_THROWS_WITH(participation_ratio(VectorXd::Zero(3)), Catch::Contains("positive entry"));
    CHECK_THROWS_WITH(effective_rank(MatrixXd::Zero(2, 2)), Catch::Contains("non-zero"));
  }
  SECTION("parameters and shapes") {
    CHECK_THROWS_WITH(threshold_count(VectorXd::Ones(3), 0.0), Catch::Contains("fraction must be in (0, 1]"));
    CHECK_THROWS_WITH(threshold_count(VectorXd::Ones(3), 1.5), Catch::Contains("got 1.5"));
    CHECK_THROWS_WITH(kernel_alignment(MatrixXd::Ones(3, 3), MatrixXd::Ones(3, 4)),
                      Catch::Contains("same shape, got 3 x 3 and 3 x 4"));
    CHECK_THROWS_WITH(kernel_alignment(MatrixXd::Ones(3, 3), MatrixXd::Zero(3, 3)),
                      Catch::Contains("K2 must be non-zero"));
    CHECK_THROWS_WITH(participation_ratio_psd(MatrixXd::Ones(2, 3)), Catch::Contains("square"));
    CHECK_THROWS_WITH(participation_ratio_psd((MatrixXd(2, 2) << 1, 2, 0, 1).finished()),
                      Catch::Contains("symmetric"));
  }
}

TEST_CASE("singular_values and thin_svd reconstruct the matrix, largest value first", "[linalg]") {
  const Eigen::MatrixXd A = (Eigen::MatrixXd(3, 2) << 3.0, 0.0, 0.0, -2.0, 0.0, 0.0).finished();
  const Eigen::VectorXd s = rnnbook::singular_values(A);
  REQUIRE(s.size() == 2);
  CHECK(s(0) == Approx(3.0).epsilon(1e-14));
  CHECK(s(1) == Approx(2.0).epsilon(1e-14));
  const Eigen::MatrixXd B = Eigen::MatrixXd::Random(7, 4);
  const rnnbook::ThinSvd svd = rnnbook::thin_svd(B);
  CHECK(svd.U.rows() == 7);
  CHECK(svd.V.rows() == 4);
  CHECK((svd.U * svd.s.asDiagonal() * svd.V.transpose() - B).norm() < 1e-13 * B.norm());
  CHECK((svd.V.transpose() * svd.V - Eigen::MatrixXd::Identity(4, 4)).norm() < 1e-13);
}
