#pragma once
// Probe-based traces, Frobenius norms, effective dimension and alignment of matrix-free operators
// (SCIENCE.md 2.4, 6.5, 8): every estimate carries the standard error of its probe average.
#include <Eigen/Dense>
#include <cstdint>

#include "common/rng.hpp"
#include "ops/linear_operator.hpp"

namespace rnnbook {

// A Monte-Carlo estimate. std_error is the standard error over probes (0 where the method is exact).
// (Not called `stderr`: that is a macro in musl/Emscripten's <stdio.h>.)
struct Estimate {
  double value = 0.0;
  double std_error = 0.0;
  std::int64_t matvecs = 0;  // operator applications (apply or applyT) spent
};

// Hutchinson: tr A ~ (1/s) sum w^T A w, w Rademacher. Square A; samples >= 2 (the error needs two).
// Exact for diagonal A with any number of samples (w_i^2 = 1).
Estimate hutchinson_trace(const LinearOperator& A, int samples, Rng& rng);

// Hutch++ (Meyer et al. 2021) with `matvecs` applications of square A: sketch q = matvecs / 3 (or `sketch`
// if > 0), s = matvecs - 2q test probes. Exact (std_error 0) when rank(A) <= q or q >= n.
// std_error is that of the residual (deflated) Hutchinson part. Needs s >= 2, i.e. matvecs >= 4.
Estimate hutchpp_trace(const LinearOperator& A, int matvecs, Rng& rng, int sketch = 0);

// One-sided estimators of tr(J J^T) = tr(J^T J) = ||J||_F^2 for any (rectangular) J:
// via applyT only, E ||J^T w||^2 with w in R^rows (VJPs for the sNTK),
// via apply only,  E ||J v||^2  with v in R^cols (JVPs). Rademacher probes; samples >= 2.
Estimate gram_trace_applyT(const LinearOperator& J, int samples, Rng& rng);
Estimate gram_trace_apply(const LinearOperator& J, int samples, Rng& rng);

// ||A||_F^2 = E ||A w||^2 (= tr A^2 for symmetric A, e.g. ||Theta||_F^2 = tr G^2). Same as gram_trace_apply.
Estimate frobenius_norm_sq(const LinearOperator& A, int samples, Rng& rng);

// Effective dimension (tr A)^2 / ||A||_F^2 = PR(eigenvalues) of a symmetric PSD operator.
enum class EffdimForm {
  pairwise,  // U-statistics: (tr A)^2 from pairs of Hutchinson terms, ||A||_F^2 from E||A w||^2; samples >= 3
  cosine,    // kpflow: d cos^2(A, I) with S = sqrt(d/n) orth(randn(d, n)); exact when samples = n = d
};
struct EffdimEstimate {
  double value = 0.0;
  double std_error = 0.0;     // jackknife over probes (approximate for `cosine`; 0 when exact)
  double trace = 0.0;         // the tr A estimate used
  double frobenius_sq = 0.0;  // the ||A||_F^2 estimate used
  std::int64_t matvecs = 0;
};
EffdimEstimate effdim_estimate(const LinearOperator& A, int samples, Rng& rng,
                               EffdimForm form = EffdimForm::pairwise);
// The same for G = X^T X given only its factor X (e.g. Theta's G = J^T J from JVPs, one pass per probe):
// SCIENCE.md 2.4 "unbiased alternative", y_i = X v_i, tr G ~ mean ||y_i||^2, tr G^2 ~ mean_{i<j} (y_i . y_j)^2.
EffdimEstimate effdim_gram_estimate(const LinearOperator& X, int samples, Rng& rng);

// Frobenius cosine <A, B>_F / (||A||_F ||B||_F) from `samples` = n <= cols orthonormal probes scaled to
// sqrt(cols/n) (kpflow op_alignment); exact when n = cols. A and B must have the same shape.
Estimate operator_alignment(const LinearOperator& A, const LinearOperator& B, int samples, Rng& rng);
// Exact: materialises both (cols applications each).
double operator_alignment_exact(const LinearOperator& A, const LinearOperator& B);
// Exact, dense: <A, B>_F / (||A||_F ||B||_F). Throws if shapes differ or a norm is zero.
double frobenius_cosine(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& B);

}  // namespace rnnbook
