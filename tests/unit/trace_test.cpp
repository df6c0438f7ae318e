// Trace, Frobenius, effdim and alignment estimators (SCIENCE.md 2.4, U7, U24) and partial traces.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "ops/partial_trace.hpp"
#include "ops/spectral.hpp"
#include "spectrum_matrix.hpp"
#include "ops/trace.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

using rnnbook::testing::with_spectrum;

// A PSD test matrix with spectrum 1/(i+1) (PR about 8 at n = 100).
MatrixXd harmonic_psd(Index n, Rng& rng) {
  VectorXd lambda(n);
  for (Index i = 0; i < n; ++i) lambda(i) = 1.0 / double(i + 1);
  return with_spectrum(lambda, rng);
}

struct Spread {
  double mean, sd, rms_reported;
};

// Mean and spread of an estimator over independent seeds, and the RMS of its reported standard error.
template <class F>
Spread over_seeds(int seeds, F estimate) {
  std::vector<Estimate> e;
  for (int s = 0; s < seeds; ++s) {
    Rng rng(1000 + std::uint64_t(s));
    e.push_back(estimate(rng));
  }
  double m = 0, r = 0;
  for (const auto& x : e) m += x.value, r += x.std_error * x.std_error;
  m /= seeds;
  double v = 0;
  for (const auto& x : e) v += (x.value - m) * (x.value - m);
  return {m, std::sqrt(v / (seeds - 1)), std::sqrt(r / seeds)};
}

}  // namespace

TEST_CASE("trace: Hutchinson is exact on diagonal matrices for any number of samples (U7)", "[trace]") {
  Rng rng(3);
  VectorXd d = gaussian_matrix(64, 1, rng);  // signs mixed on purpose
  const DenseOperator op(MatrixXd(d.asDiagonal()));
  for (int s : {2, 3, 17}) {
    const Estimate e = hutchinson_trace(op, s, rng);
    CHECK(e.value == Approx(d.sum()).epsilon(1e-13));
    CHECK(e.std_error < 1e-13 * d.cwiseAbs().sum());
    CHECK(e.matvecs == s);
  }
}

TEST_CASE("trace: Hutch++ is exact when rank(A) <= sketch size (U7)", "[trace]") {
  Rng rng(4);
  const MatrixXd U = gaussian_matrix(100, 5, rng);
  const MatrixXd A = U * U.transpose();  // rank 5
  const DenseOperator op(A);
  SECTION("sketch m/3 = 5 and 6") {
    for (int m : {15, 18}) {
      const Estimate e = hutchpp_trace(op, m, rng);
      CHECK(e.value == Approx(A.trace()).epsilon(1e-12));
      CHECK(e.std_error < 1e-12 * A.trace());
      CHECK(e.matvecs == m);
    }
  }
  SECTION("an explicit sketch size") {
    const Estimate e = hutchpp_trace(op, 14, rng, 5);
    CHECK(e.value == Approx(A.trace()).epsilon(1e-12));
  }
  SECTION("rank above the sketch is no longer exact") {
    const Estimate e = hutchpp_trace(op, 12, rng);  // sketch 4 < rank 5
    CHECK(e.std_error > 1e-6 * A.trace());
  }
  SECTION("a sketch covering all of R^n reads the trace off exactly") {
    const MatrixXd B = harmonic_psd(6, rng);
    const Estimate e = hutchpp_trace(DenseOperator(B), 30, rng);
    CHECK(e.value == Approx(B.trace()).epsilon(1e-13));
    CHECK(e.std_error == 0.0);
    CHECK(e.matvecs == 6);
  }
}

TEST_CASE("trace: Hutchinson and Hutch++ are unbiased with calibrated standard errors (U7)", "[trace]") {
  Rng rng(5);
  const MatrixXd A = harmonic_psd(100, rng);
  const DenseOperator op(A);
  const double tr = A.trace();
  const int seeds = 400;
  SECTION("Hutchinson, 10 probes") {
    const Spread s = over_seeds(seeds, [&](Rng& r) { return hutchinson_trace(op, 10, r); });
    CHECK(std::abs(s.mean - tr) < 4.0 * s.sd / std::sqrt(double(seeds)));
    CHECK(s.rms_reported / s.sd == Approx(1.0).margin(0.15));
  }
  SECTION("Hutch++, 30 products") {
    const Spread s = over_seeds(seeds, [&](Rng& r) { return hutchpp_trace(op, 30, r); });
    CHECK(std::abs(s.mean - tr) < 4.0 * s.sd / std::sqrt(double(seeds)));
    CHECK(s.rms_reported / s.sd == Approx(1.0).margin(0.15));
    // Hutch++ beats Hutchinson at equal cost on a decaying spectrum.
    const Spread h = over_seeds(seeds, [&](Rng& r) { return hutchinson_trace(op, 30, r); });
    CHECK(s.sd < 0.5 * h.sd);
  }
}

TEST_CASE("trace: one-sided and Frobenius estimators converge to ||J||_F^2", "[trace]") {
  Rng rng(6);
  const MatrixXd J = gaussian_matrix(80, 30, rng);
  const DenseOperator op(J);
  const double truth = J.squaredNorm();
  SECTION("via applyT (VJPs) and via apply (JVPs)") {
    for (const Estimate& e : {gram_trace_applyT(op, 4000, rng), gram_trace_apply(op, 4000, rng)}) {
      CHECK(std::abs(e.value - truth) < 4.0 * e.std_error);
      CHECK(e.value == Approx(truth).epsilon(0.02));
      CHECK(e.matvecs == 4000);
    }
  }
  SECTION("exact when the probed side has orthogonal columns") {
    const MatrixXd Q = orthonormal_basis(gaussian_matrix(80, 30, rng)) * VectorXd::LinSpaced(30, 1, 3).asDiagonal();
    const Estimate a = gram_trace_apply(DenseOperator(Q), 2, rng);
    const Estimate t = gram_trace_applyT(DenseOperator(MatrixXd(Q.transpose())), 2, rng);
    CHECK(a.value == Approx(Q.squaredNorm()).epsilon(1e-12));
    CHECK(t.value == Approx(Q.squaredNorm()).epsilon(1e-12));
  }
  SECTION("||A||_F^2 of a symmetric operator") {
    const MatrixXd A = harmonic_psd(100, rng);
    const Estimate e = frobenius_norm_sq(DenseOperator(A), 2000, rng);
    CHECK(std::abs(e.value - A.squaredNorm()) < 4.0 * e.std_error);
    CHECK(e.value == Approx(A.squaredNorm()).epsilon(0.05));
  }
}

TEST_CASE("trace: effdim estimators of (tr A)^2 / ||A||_F^2 (U24)", "[trace]") {
  Rng rng(8);
  const MatrixXd A = harmonic_psd(100, rng);
  const DenseOperator op(A);
  const double truth = A.trace() * A.trace() / A.squaredNorm();
  SECTION("kpflow cos^2 form is exact with n = d orthonormal probes") {
    const EffdimEstimate e = effdim_estimate(op, 100, rng, EffdimForm::cosine);
    CHECK(e.value == Approx(truth).epsilon(1e-12));
    CHECK(e.trace == Approx(A.trace()).epsilon(1e-12));
    CHECK(e.frobenius_sq == Approx(A.squaredNorm()).epsilon(1e-12));
    CHECK(e.std_error == 0.0);
  }
  SECTION("kpflow cos^2 form with n < d probes is near the truth") {
    const EffdimEstimate e = effdim_estimate(op, 60, rng, EffdimForm::cosine);
    CHECK(std::abs(e.value - truth) < 4.0 * e.std_error);
    CHECK(e.value == Approx(truth).epsilon(0.15));
  }
  SECTION("unbiased pairwise form on A, and on G = X^T X from its factor") {
    const EffdimEstimate e = effdim_estimate(op, 1000, rng);
    CHECK(std::abs(e.value - truth) < 4.0 * e.std_error);
    CHECK(e.value == Approx(truth).epsilon(0.05));
    const MatrixXd X = gaussian_matrix(120, 50, rng) * VectorXd::LinSpaced(50, 0.1, 2.0).asDiagonal();
    const MatrixXd G = X.transpose() * X;
    const double g_truth = G.trace() * G.trace() / G.squaredNorm();
    const EffdimEstimate g = effdim_gram_estimate(DenseOperator(X), 1000, rng);
    CHECK(std::abs(g.value - g_truth) < 4.0 * g.std_error);
    CHECK(g.value == Approx(g_truth).epsilon(0.05));
    CHECK(g.trace == Approx(G.trace()).epsilon(0.05));
  }
  SECTION("pairwise jackknife error matches the spread over seeds") {
    std::vector<double> v, se;
    for (int s = 0; s < 200; ++s) {
      Rng r(500 + std::uint64_t(s));
      const EffdimEstimate e = effdim_estimate(op, 100, r);
      v.push_back(e.value);
      se.push_back(e.std_error);
    }
    double m = 0, rms = 0, var = 0;
    for (std::size_t i = 0; i < v.size(); ++i) m += v[i] / 200.0, rms += se[i] * se[i] / 200.0;
    for (double x : v) var += (x - m) * (x - m) / 199.0;
    CHECK(std::abs(m - truth) < 4.0 * std::sqrt(var / 200.0) + 0.02 * truth);  // ratio: consistent, O(1/S) bias
    CHECK(std::sqrt(rms / var) == Approx(1.0).margin(0.25));
  }
}

TEST_CASE("trace: operator alignment cos(A, B) with probes and exactly", "[trace]") {
  Rng rng(9);
  const MatrixXd A = harmonic_psd(40, rng), B = harmonic_psd(40, rng) + 0.5 * A;
  const DenseOperator a(A), b(B);
  const double truth = (A.array() * B.array()).sum() / (A.norm() * B.norm());
  CHECK(operator_alignment_exact(a, b) == Approx(truth).epsilon(1e-13));
  CHECK(frobenius_cosine(A, B) == Approx(truth).epsilon(1e-13));
  CHECK(operator_alignment(a, b, 40, rng).value == Approx(truth).epsilon(1e-12));  // n = d: exact
  const Estimate e = operator_alignment(a, b, 15, rng);
  CHECK(std::abs(e.value - truth) < 4.0 * e.std_error);
  CHECK(operator_alignment(a, DenseOperator(2.0 * A), 7, rng).value == Approx(1.0).epsilon(1e-13));
  SECTION("rectangular operators") {
    const MatrixXd X = gaussian_matrix(20, 30, rng), Y = X + gaussian_matrix(20, 30, rng);
    CHECK(operator_alignment(DenseOperator(X), DenseOperator(Y), 30, rng).value ==
          Approx(frobenius_cosine(X, Y)).epsilon(1e-12));
  }
}

TEST_CASE("trace: partial traces and block sums against dense sums", "[trace]") {
  Rng rng(10);
  const Index no = 12, ni = 5, n = no * ni;
  MatrixXd A = gaussian_matrix(n, n, rng);
  A = (A + A.transpose()).eval();
  const DenseOperator op(A);

  SECTION("random symmetric 60 x 60") {
    MatrixXd outer = MatrixXd::Zero(ni, ni), inner = MatrixXd::Zero(no, no), bsum = MatrixXd::Zero(ni, ni),
             bsum_in = MatrixXd::Zero(no, no);
    for (Index o = 0; o < no; ++o)
      for (Index p = 0; p < no; ++p)
        for (Index i = 0; i < ni; ++i)
          for (Index j = 0; j < ni; ++j) {
            const double v = A(o * ni + i, p * ni + j);
            if (o == p) outer(i, j) += v;
            if (i == j) inner(o, p) += v;
            bsum(i, j) += v;
            bsum_in(o, p) += v;
          }
    CHECK((partial_trace_outer(op, no, ni) - outer).norm() < 1e-12 * outer.norm());
    CHECK((partial_trace_inner(op, no, ni) - inner).norm() < 1e-12 * inner.norm());
    CHECK((blocksum_outer(op, no, ni) - bsum).norm() < 1e-12 * bsum.norm());
    CHECK((blocksum_inner(op, no, ni) - bsum_in).norm() < 1e-12 * bsum_in.norm());
    const PartialTraces both = partial_traces(op, no, ni);
    CHECK(both.outer.isApprox(outer, 1e-12));
    CHECK(both.inner.isApprox(inner, 1e-12));
    CHECK(partial_trace_outer(op, no, ni).trace() == Approx(A.trace()).epsilon(1e-12));
  }
  SECTION("A = M (x) I_n: outer trace tr(M) I, inner trace n M") {
    const MatrixXd G = gaussian_matrix(no, no, rng), M = G * G.transpose();
    MatrixXd K = MatrixXd::Zero(n, n);
    for (Index o = 0; o < no; ++o)
      for (Index p = 0; p < no; ++p)
        for (Index i = 0; i < ni; ++i) K(o * ni + i, p * ni + i) = M(o, p);
    const DenseOperator k(K);
    CHECK((partial_trace_outer(k, no, ni) - M.trace() * MatrixXd::Identity(ni, ni)).norm() < 1e-12 * M.trace());
    CHECK((partial_trace_inner(k, no, ni) - double(ni) * M).norm() < 1e-12 * M.norm());
  }
  SECTION("probe estimates: exact for block-diagonal A, unbiased otherwise") {
    MatrixXd D = MatrixXd::Zero(n, n);
    for (Index o = 0; o < no; ++o) D.block(o * ni, o * ni, ni, ni) = A.block(o * ni, o * ni, ni, ni);
    const MatrixEstimate d = partial_trace_outer_estimate(DenseOperator(D), no, ni, 2, rng);
    CHECK(d.value.isApprox(partial_trace_outer(op, no, ni), 1e-12));
    CHECK(d.std_error.maxCoeff() < 1e-12 * d.value.norm());
    CHECK(d.matvecs == 2 * ni);
    const MatrixEstimate eo = partial_trace_outer_estimate(op, no, ni, 400, rng);
    const MatrixEstimate ei = partial_trace_inner_estimate(op, no, ni, 400, rng);
    const MatrixXd zo = ((eo.value - partial_trace_outer(op, no, ni)).array() / eo.std_error.array()).matrix();
    const MatrixXd zi = ((ei.value - partial_trace_inner(op, no, ni)).array() / ei.std_error.array()).matrix();
    CHECK(zo.cwiseAbs().maxCoeff() < 4.5);  // max of 25 |z| scores
    CHECK(zi.cwiseAbs().maxCoeff() < 5.0);  // max of 144 |z| scores
    CHECK(ei.matvecs == 400 * no);
  }
}

TEST_CASE("trace: bad input names the argument and its range", "[trace]") {
  Rng rng(11);
  const DenseOperator sq(MatrixXd::Identity(10, 10)), rect(MatrixXd::Ones(4, 10));
  CHECK_THROWS_AS(hutchinson_trace(sq, 1, rng), Error);
  CHECK_THROWS_WITH(hutchinson_trace(sq, 1, rng), Catch::Contains("samples must be in [2,"));
  CHECK_THROWS_WITH(hutchinson_trace(rect, 5, rng), Catch::Contains("must be square, got 4 x 10"));
  CHECK_THROWS_WITH(hutchpp_trace(sq, 3, rng), Catch::Contains("matvecs must be in [4,"));
  CHECK_THROWS_WITH(hutchpp_trace(sq, 9, rng, 4), Catch::Contains("matvecs must be in [10,"));
  CHECK_THROWS_WITH(gram_trace_apply(rect, 0, rng), Catch::Contains("samples must be in [2,"));
  CHECK_THROWS_WITH(gram_trace_applyT(rect, 1, rng), Catch::Contains("samples"));
  CHECK_THROWS_WITH(effdim_estimate(sq, 2, rng), Catch::Contains("samples must be in [3,"));
  CHECK_THROWS_WITH(effdim_estimate(sq, 11, rng, EffdimForm::cosine), Catch::Contains("samples must be in [2, 10]"));
  CHECK_THROWS_WITH(effdim_gram_estimate(rect, 2, rng), Catch::Contains("samples must be in [3,"));
  CHECK_THROWS_WITH(operator_alignment(sq, rect, 3, rng), Catch::Contains("same shape"));
  CHECK_THROWS_WITH(operator_alignment(sq, sq, 11, rng), Catch::Contains("samples must be in [2, 10]"));
  CHECK_THROWS_WITH(operator_alignment(sq, DenseOperator(MatrixXd::Zero(10, 10)), 3, rng), Catch::Contains("B"));
  CHECK_THROWS_WITH(frobenius_cosine(MatrixXd::Zero(2, 2), MatrixXd::Ones(2, 2)), Catch::Contains("A must have"));
  CHECK_THROWS_WITH(partial_trace_outer(sq, 3, 3), Catch::Contains("(n_outer * n_inner) square = 9 x 9"));
  CHECK_THROWS_WITH(blocksum_outer(sq, 0, 10), Catch::Contains("n_outer must be >= 1"));
  CHECK_THROWS_WITH(partial_trace_inner_estimate(sq, 2, 5, 1, rng), Catch::Contains("samples must be >= 2"));
}
