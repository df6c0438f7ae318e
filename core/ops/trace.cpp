#include "ops/trace.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "ops/spectral.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

void check_count(const char* who, const char* name, std::int64_t value, std::int64_t lo, std::int64_t hi,
                 const std::string& why = "") {
  if (value < lo || value > hi)
    throw Error(std::string(who) + ": " + name + " must be in [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "]" + (why.empty() ? "" : " (" + why + ")") + ", got " +
                std::to_string(value));
}

constexpr std::int64_t kMaxCount = 1000000000;

// Mean and standard error of the mean of x (x.size() >= 2).
Estimate mean_and_error(const VectorXd& x, std::int64_t matvecs) {
  const double s = double(x.size());
  const double mean = x.mean();
  const double var = (x.array() - mean).square().sum() / (s - 1.0);
  return {mean, std::sqrt(var / s), matvecs};
}

// Jackknife standard error from leave-one-out estimates.
double jackknife_error(const VectorXd& loo) {
  const double s = double(loo.size());
  return std::sqrt((s - 1.0) / s * (loo.array() - loo.mean()).square().sum());
}

// sqrt(d/n) times an orthonormal basis of a Gaussian d x n block: E[S S^T] = I (kpflow op_alignment).
MatrixXd scaled_orthonormal_probes(Index d, Index n, Rng& rng) {
  return std::sqrt(double(d) / double(n)) * orthonormal_basis(gaussian_matrix(d, n, rng));
}

void require_same_shape(const LinearOperator& A, const LinearOperator& B, const char* who) {
  if (A.rows() != B.rows() || A.cols() != B.cols())
    throw Error(std::string(who) + ": A and B must have the same shape, got " + std::to_string(A.rows()) + " x " +
                std::to_string(A.cols()) + " and " + std::to_string(B.rows()) + " x " + std::to_string(B.cols()));
}

// Mean of the squared norms of X's images of Rademacher probes: E||X v||^2 = ||X||_F^2 (SCIENCE.md 2.4).
Estimate squared_norm_average(const LinearOperator& X, bool transpose, int samples, Rng& rng) {
  const Index in_dim = transpose ? X.rows() : X.cols();
  const Index out_dim = transpose ? X.cols() : X.rows();
  VectorXd v(in_dim), y(out_dim), vals(samples);
  for (int s = 0; s < samples; ++s) {
    for (Index i = 0; i < in_dim; ++i) v(i) = rng.sign();
    if (transpose)
      X.applyT(v, y);
    else
      X.apply(v, y);
    vals(s) = y.squaredNorm();
  }
  return mean_and_error(vals, samples);
}

}  // namespace

// SCIENCE.md 2.4 "Plain Hutchinson": E[w w^T] = I for Rademacher w, so E[w^T A w] = tr A.
Estimate hutchinson_trace(const LinearOperator& A, int samples, Rng& rng) {
  require_square(A, "hutchinson_trace");
  check_count("hutchinson_trace", "samples", samples, 2, kMaxCount, "the standard error needs two");
  const Index n = A.rows();
  VectorXd w(n), y(n), vals(samples);
  for (int s = 0; s < samples; ++s) {
    for (Index i = 0; i < n; ++i) w(i) = rng.sign();
    A.apply(w, y);
    vals(s) = w.dot(y);
    report_progress(double(s + 1) / double(samples));
  }
  return mean_and_error(vals, samples);
}

// Hutch++ (SCIENCE.md 2.4): tr A = tr(Q^T A Q) + tr((I - QQ^T) A (I - QQ^T)) exactly for orthonormal Q; the
// first term is computed exactly on Q = orth(A S), the second by Hutchinson on projected probes T_perp.
Estimate hutchpp_trace(const LinearOperator& A, int matvecs, Rng& rng, int sketch) {
  require_square(A, "hutchpp_trace");
  check_count("hutchpp_trace", "sketch", sketch, 0, kMaxCount, "0 means matvecs / 3");
  if (sketch == 0)
    check_count("hutchpp_trace", "matvecs", matvecs, 4, kMaxCount, "sketch matvecs/3 leaves >= 2 test probes");
  else
    check_count("hutchpp_trace", "matvecs", matvecs, 2 * std::int64_t(sketch) + 2, kMaxCount,
                "2 * sketch + 2 leaves >= 2 test probes");
  const Index n = A.rows();
  const Index q = sketch > 0 ? sketch : matvecs / 3;
  if (q >= n) {  // the sketch would span everything: read the trace off exactly with n products
    VectorXd e = VectorXd::Zero(n), y(n);
    double tr = 0.0;
    for (Index i = 0; i < n; ++i) {
      e(i) = 1.0;
      A.apply(e, y);
      tr += y(i);
      e(i) = 0.0;
    }
    return {tr, 0.0, std::int64_t(n)};
  }
  const Index s = Index(matvecs) - 2 * q;
  const double m = double(2 * q + s);  // the products, for the progress of their three blocks
  MatrixXd Y(n, q);
  {
    const ProgressPart part(0.0, double(q) / m);
    A.apply_block(rademacher_matrix(n, q, rng), Y);
  }
  const MatrixXd Q = orthonormal_basis(Y);
  {
    const ProgressPart part(double(q) / m, double(2 * q) / m);
    A.apply_block(Q, Y);
  }
  const double exact_part = (Q.array() * Y.array()).sum();

  MatrixXd T = rademacher_matrix(n, s, rng);
  T -= Q * (Q.transpose() * T);
  MatrixXd AT(n, s);
  const ProgressPart part(double(2 * q) / m, 1.0);
  A.apply_block(T, AT);
  const VectorXd vals = (T.array() * AT.array()).colwise().sum().transpose();
  Estimate rest = mean_and_error(vals, matvecs);
  rest.value += exact_part;
  return rest;
}

Estimate gram_trace_applyT(const LinearOperator& J, int samples, Rng& rng) {
  check_count("gram_trace_applyT", "samples", samples, 2, kMaxCount, "the standard error needs two");
  return squared_norm_average(J, true, samples, rng);
}

Estimate gram_trace_apply(const LinearOperator& J, int samples, Rng& rng) {
  check_count("gram_trace_apply", "samples", samples, 2, kMaxCount, "the standard error needs two");
  return squared_norm_average(J, false, samples, rng);
}

Estimate frobenius_norm_sq(const LinearOperator& A, int samples, Rng& rng) {
  check_count("frobenius_norm_sq", "samples", samples, 2, kMaxCount, "the standard error needs two");
  return squared_norm_average(A, false, samples, rng);
}

// Effective dimension (tr A)^2 / tr(A^2) (SCIENCE.md 2.4 "Effective rank used by the authors").
// pairwise: with h_i = w_i^T A w_i and f_i = ||A w_i||^2 from independent probes, E[h_i h_j] = (tr A)^2 for
// i != j and E[f_i] = tr(A^2), so numerator and denominator are unbiased (the ratio is consistent).
// cosine: kpflow's d cos^2(A, I) = (tr S^T A S)^2 / ||A S||_F^2 with E[S S^T] = I; when n = d, S S^T = I
// and both traces are exact (U24).
EffdimEstimate effdim_estimate(const LinearOperator& A, int samples, Rng& rng, EffdimForm form) {
  require_square(A, "effdim_estimate");
  const Index d = A.rows();
  EffdimEstimate out;
  if (form == EffdimForm::pairwise) {
    check_count("effdim_estimate", "samples", samples, 3, kMaxCount,
                "pairwise U-statistics with a jackknife error need three");
    const Index S = samples;
    MatrixXd W = rademacher_matrix(d, S, rng), Y(d, S);
    A.apply_block(W, Y);
    const VectorXd h = (W.array() * Y.array()).colwise().sum().transpose();
    const VectorXd f = Y.colwise().squaredNorm().transpose();
    const double sh = h.sum(), sh2 = h.squaredNorm(), sf = f.sum();
    const double Sd = double(S);
    const double trace_sq = (sh * sh - sh2) / (Sd * (Sd - 1.0));
    out.trace = sh / Sd;
    out.frobenius_sq = sf / Sd;
    if (!(out.frobenius_sq > 0.0)) throw Error("effdim_estimate: A vanished on every probe (||A||_F = 0?)");
    out.value = trace_sq / out.frobenius_sq;
    VectorXd loo(S);
    for (Index i = 0; i < S; ++i) {
      const double H = sh - h(i), H2 = sh2 - h(i) * h(i);
      loo(i) = ((H * H - H2) / ((Sd - 1.0) * (Sd - 2.0))) / ((sf - f(i)) / (Sd - 1.0));
    }
    out.std_error = jackknife_error(loo);
    out.matvecs = S;
    return out;
  }
  check_count("effdim_estimate", "samples", samples, 2, std::int64_t(d),
              "orthonormal probes: at most the operator size");
  const Index n = samples;
  const MatrixXd S = scaled_orthonormal_probes(d, n, rng);
  MatrixXd Y(d, n);
  A.apply_block(S, Y);
  const VectorXd h = (S.array() * Y.array()).colwise().sum().transpose();
  const VectorXd f = Y.colwise().squaredNorm().transpose();
  out.trace = h.sum();
  out.frobenius_sq = f.sum();
  if (!(out.frobenius_sq > 0.0)) throw Error("effdim_estimate: A vanished on every probe (||A||_F = 0?)");
  out.value = out.trace * out.trace / out.frobenius_sq;
  out.matvecs = n;
  if (n == d) return out;  // S S^T = I: exact
  const double nd = double(n), r = nd / (nd - 1.0);
  VectorXd loo(n);
  for (Index i = 0; i < n; ++i) {
    const double t = r * (out.trace - h(i));
    loo(i) = t * t / (r * (out.frobenius_sq - f(i)));
  }
  // Probes are drawn without replacement from d orthonormal directions: finite-population correction.
  out.std_error = jackknife_error(loo) * std::sqrt(1.0 - nd / double(d));
  return out;
}

// SCIENCE.md 2.4 "Unbiased alternative" (kpflow effdim_m_mc) with single-vector probes: y_i = X v_i gives
// E||y_i||^2 = tr G and, for i != j, E (y_i . y_j)^2 = tr G^2; (tr G)^2 uses the pairwise form E[f_i f_j].
EffdimEstimate effdim_gram_estimate(const LinearOperator& X, int samples, Rng& rng) {
  check_count("effdim_gram_estimate", "samples", samples, 3, kMaxCount,
              "pairwise U-statistics with a jackknife error need three");
  const Index S = samples;
  MatrixXd Y(X.rows(), S);
  X.apply_block(rademacher_matrix(X.cols(), S, rng), Y);
  MatrixXd M = Y.transpose() * Y;
  const VectorXd f = M.diagonal();
  M = M.array().square().matrix();
  M.diagonal().setZero();
  const VectorXd row = M.rowwise().sum();
  const double Sd = double(S);
  const double sf = f.sum(), sf2 = f.squaredNorm(), pairs = 0.5 * row.sum();
  EffdimEstimate out;
  out.trace = sf / Sd;
  out.frobenius_sq = pairs / (0.5 * Sd * (Sd - 1.0));
  if (!(out.frobenius_sq > 0.0))
    throw Error("effdim_gram_estimate: X vanished on the probes (||X||_F = 0?)");
  out.value = ((sf * sf - sf2) / (Sd * (Sd - 1.0))) / out.frobenius_sq;
  VectorXd loo(S);
  for (Index i = 0; i < S; ++i) {
    const double F = sf - f(i), F2 = sf2 - f(i) * f(i);
    const double num = (F * F - F2) / ((Sd - 1.0) * (Sd - 2.0));
    const double den = (pairs - row(i)) / (0.5 * (Sd - 1.0) * (Sd - 2.0));
    loo(i) = num / den;
  }
  out.std_error = jackknife_error(loo);
  out.matvecs = S;
  return out;
}

// kpflow op_alignment (SCIENCE.md 2.4): with E[S S^T] = I, sum(AS . BS) = tr(S^T A^T B S) estimates <A, B>_F.
Estimate operator_alignment(const LinearOperator& A, const LinearOperator& B, int samples, Rng& rng) {
  require_same_shape(A, B, "operator_alignment");
  const Index d = A.cols();
  check_count("operator_alignment", "samples", samples, 2, std::int64_t(d),
              "orthonormal probes: at most cols");
  const Index n = samples;
  const MatrixXd S = scaled_orthonormal_probes(d, n, rng);
  MatrixXd AS(A.rows(), n), BS(B.rows(), n);
  A.apply_block(S, AS);
  B.apply_block(S, BS);
  const VectorXd c = (AS.array() * BS.array()).colwise().sum().transpose();
  const VectorXd a = AS.colwise().squaredNorm().transpose();
  const VectorXd b = BS.colwise().squaredNorm().transpose();
  const double sc = c.sum(), sa = a.sum(), sb = b.sum();
  if (!(sa > 0.0) || !(sb > 0.0))
    throw Error(std::string("operator_alignment: ") + (sa > 0.0 ? "B" : "A") +
                " vanished on every probe (zero Frobenius norm?)");
  Estimate out{sc / std::sqrt(sa * sb), 0.0, 2 * std::int64_t(n)};
  if (n == d) return out;
  VectorXd loo(n);
  for (Index i = 0; i < n; ++i) loo(i) = (sc - c(i)) / std::sqrt((sa - a(i)) * (sb - b(i)));
  out.std_error = jackknife_error(loo) * std::sqrt(1.0 - double(n) / double(d));
  return out;
}

double operator_alignment_exact(const LinearOperator& A, const LinearOperator& B) {
  require_same_shape(A, B, "operator_alignment_exact");
  return frobenius_cosine(to_dense(A), to_dense(B));
}

double frobenius_cosine(const Eigen::Ref<const MatrixXd>& A, const Eigen::Ref<const MatrixXd>& B) {
  if (A.rows() != B.rows() || A.cols() != B.cols())
    throw Error("frobenius_cosine: A and B must have the same shape, got " + std::to_string(A.rows()) + " x " +
                std::to_string(A.cols()) + " and " + std::to_string(B.rows()) + " x " + std::to_string(B.cols()));
  const double na = A.norm(), nb = B.norm();
  if (!(na > 0.0)) throw Error("frobenius_cosine: A must have a non-zero Frobenius norm");
  if (!(nb > 0.0)) throw Error("frobenius_cosine: B must have a non-zero Frobenius norm");
  return (A.array() * B.array()).sum() / (na * nb);
}

}  // namespace rnnbook
