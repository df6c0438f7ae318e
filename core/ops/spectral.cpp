#include "ops/spectral.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/progress.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

void check_k(const char* who, int k, Index limit, const char* limit_name) {
  if (k < 1 || Index(k) > limit)
    throw Error(std::string(who) + ": k must be in [1, " + std::to_string(limit) + "] (" + limit_name +
                "), got " + std::to_string(k));
}

// Indices of the k best eigenvalues of `values` under `order`, best first.
std::vector<Index> select_top(const VectorXd& values, int k, EigenOrder order) {
  std::vector<Index> idx(std::size_t(values.size()));
  std::iota(idx.begin(), idx.end(), Index(0));
  auto key = [&](Index i) { return order == EigenOrder::magnitude ? std::abs(values(i)) : values(i); };
  std::stable_sort(idx.begin(), idx.end(), [&](Index a, Index b) { return key(a) > key(b); });
  idx.resize(std::size_t(k));
  return idx;
}

// X X^T (outer) or X^T X as a symmetric operator, for singular values (SCIENCE.md 2.4, op_common.svd).
class GramOperator : public LinearOperator {
 public:
  GramOperator(const LinearOperator& x, bool outer) : x_(x), outer_(outer) {}
  Index rows() const override { return outer_ ? x_.rows() : x_.cols(); }
  Index cols() const override { return rows(); }
  void apply(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override {
    VectorXd tmp(outer_ ? x_.cols() : x_.rows());
    if (outer_) {
      x_.applyT(in, tmp);
      x_.apply(tmp, out);
    } else {
      x_.apply(in, tmp);
      x_.applyT(tmp, out);
    }
  }
  void applyT(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override { apply(in, out); }

 private:
  const LinearOperator& x_;
  bool outer_;
};

// Removes the span of the first `cols` columns of V from w; two classical Gram-Schmidt passes
// ("twice is enough") keep the Lanczos basis orthogonal to working precision.
void orthogonalise(const MatrixXd& V, Index cols, VectorXd& w) {
  if (cols == 0) return;
  for (int pass = 0; pass < 2; ++pass) {
    const VectorXd c = V.leftCols(cols).transpose() * w;
    w.noalias() -= V.leftCols(cols) * c;
  }
}

}  // namespace

void require_square(const LinearOperator& A, const char* who) {
  if (A.rows() != A.cols())
    throw Error(std::string(who) + ": the operator must be square, got " + std::to_string(A.rows()) + " x " +
                std::to_string(A.cols()));
}

MatrixXd orthonormal_basis(const Eigen::Ref<const MatrixXd>& Y) {
  const Index c = std::min(Y.rows(), Y.cols());
  Eigen::HouseholderQR<MatrixXd> qr(Y);
  return qr.householderQ() * MatrixXd::Identity(Y.rows(), c);
}

MatrixXd gaussian_matrix(Index rows, Index cols, Rng& rng) {
  MatrixXd m(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) m(i, j) = rng.normal();
  return m;
}

MatrixXd rademacher_matrix(Index rows, Index cols, Rng& rng) {
  MatrixXd m(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) m(i, j) = rng.sign();
  return m;
}

// Lanczos with full reorthogonalisation (SCIENCE.md 2.4): A V_m = V_m T_m + beta_m v_{m+1} e_m^T with T_m
// tridiagonal; Ritz pairs (theta, V_m s) of T_m have residual |beta_m s_m|. On breakdown (beta ~ 0: the Krylov
// space is invariant) the basis restarts from a random vector orthogonal to it, with a zero coupling in T,
// so eigenvalues outside the first Krylov space (e.g. repeated ones) are still found.
Eigenpairs top_eigenpairs(const LinearOperator& A, int k, Rng& rng, LanczosOptions options) {
  require_square(A, "top_eigenpairs");
  const Index n = A.rows();
  check_k("top_eigenpairs", k, n, "the operator size n");
  if (options.steps < 0 || (options.steps > 0 && options.steps < k))
    throw Error("top_eigenpairs: options.steps must be 0 (meaning 2k + 10) or in [k = " + std::to_string(k) +
                ", n], got " + std::to_string(options.steps));
  if (options.max_steps < 0)
    throw Error("top_eigenpairs: options.max_steps must be >= 0, got " + std::to_string(options.max_steps));
  if (!(options.tol >= 0.0) || !std::isfinite(options.tol))
    throw Error("top_eigenpairs: options.tol must be finite and >= 0, got " + std::to_string(options.tol));

  const Index m0 = std::min<Index>(options.steps > 0 ? options.steps : 2 * Index(k) + 10, n);
  const Index m_max = std::max(m0, std::min<Index>(options.max_steps, n));
  Index target = m0;

  MatrixXd V(n, std::min(target + 1, n));
  VectorXd alpha(m_max), beta(m_max);
  VectorXd w(n);
  {
    VectorXd v0 = gaussian_matrix(n, 1, rng);
    V.col(0) = v0 / v0.norm();
  }
  Eigenpairs out;
  double anorm = 0.0;  // running bound on ||A|| from the entries of T
  Index j = 0;
  for (;;) {
    for (; j < target; ++j) {
      A.apply(V.col(j), w);
      ++out.matvecs;
      report_progress(double(j + 1) / double(V.cols()));  // at most V.cols() steps; a restart may stop short
      alpha(j) = V.col(j).dot(w);
      orthogonalise(V, j + 1, w);
      beta(j) = w.norm();
      anorm = std::max(anorm, std::abs(alpha(j)) + beta(j) + (j > 0 ? beta(j - 1) : 0.0));
      if (j + 1 >= V.cols()) continue;  // no room (j + 1 == n): the Krylov space is everything
      if (beta(j) > 1e-12 * anorm) {
        V.col(j + 1) = w / beta(j);
        continue;
      }
      // Breakdown: decouple T and carry on in the orthogonal complement.
      beta(j) = 0.0;
      for (int attempt = 0; attempt < 5; ++attempt) {
        VectorXd r = gaussian_matrix(n, 1, rng);
        const double before = r.norm();
        orthogonalise(V, j + 1, r);
        if (r.norm() > 1e-6 * before) {
          V.col(j + 1) = r / r.norm();
          break;
        }
        if (attempt == 4) throw Error("top_eigenpairs: could not restart after breakdown at step " +
                                      std::to_string(j + 1) + " of n = " + std::to_string(n));
      }
    }

    const Index mm = j;
    Eigen::SelfAdjointEigenSolver<MatrixXd> es;
    const VectorXd sub = beta.head(mm - 1);
    es.computeFromTridiagonal(alpha.head(mm), sub, Eigen::ComputeEigenvectors);
    const std::vector<Index> top = select_top(es.eigenvalues(), k, options.order);
    out.values.resize(k);
    out.residuals.resize(k);
    MatrixXd S(mm, k);
    for (int i = 0; i < k; ++i) {
      out.values(i) = es.eigenvalues()(top[std::size_t(i)]);
      S.col(i) = es.eigenvectors().col(top[std::size_t(i)]);
      out.residuals(i) = std::abs(beta(mm - 1) * S(mm - 1, i));
    }
    const double scale = std::abs(out.values(0));
    out.converged = (out.residuals.array() <= options.tol * scale).all();
    if (out.converged || mm >= m_max) {
      out.vectors = V.leftCols(mm) * S;
      out.steps = int(mm);
      return out;
    }
    // Not yet converged: extend the same Krylov space (the basis and T are kept).
    target = std::min(m_max, target + std::max<Index>(Index(k), target / 2));
    V.conservativeResize(n, std::min(target + 1, n));
  }
}

// Randomized subspace iteration (Halko, Martinsson & Tropp 2011; SCIENCE.md 2.4): Q = orth(A^{q+1} Omega)
// with a QR after every product, then the Rayleigh-Ritz pairs of B = Q^T A Q.
Eigenpairs randomized_eigenpairs(const LinearOperator& A, int k, Rng& rng, RandomizedOptions options) {
  require_square(A, "randomized_eigenpairs");
  const Index n = A.rows();
  check_k("randomized_eigenpairs", k, n, "the operator size n");
  if (options.oversample < 0)
    throw Error("randomized_eigenpairs: options.oversample must be >= 0, got " +
                std::to_string(options.oversample));
  if (options.power_iterations < 0)
    throw Error("randomized_eigenpairs: options.power_iterations must be >= 0, got " +
                std::to_string(options.power_iterations));
  const Index l = std::min<Index>(Index(k) + options.oversample, n);

  Eigenpairs out;
  MatrixXd Y(n, l);
  A.apply_block(gaussian_matrix(n, l, rng), Y);
  MatrixXd Q = orthonormal_basis(Y);
  for (int it = 0; it < options.power_iterations; ++it) {
    A.apply_block(Q, Y);
    Q = orthonormal_basis(Y);
  }
  A.apply_block(Q, Y);  // Y = A Q
  out.matvecs = std::int64_t(l) * (options.power_iterations + 2);
  MatrixXd B = Q.transpose() * Y;
  B = 0.5 * (B + B.transpose()).eval();
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(B);
  const std::vector<Index> top = select_top(es.eigenvalues(), k, options.order);
  MatrixXd U(l, k);
  out.values.resize(k);
  for (int i = 0; i < k; ++i) {
    out.values(i) = es.eigenvalues()(top[std::size_t(i)]);
    U.col(i) = es.eigenvectors().col(top[std::size_t(i)]);
  }
  out.vectors = Q * U;
  // A v_i = (A Q) u_i exactly, so the true residuals cost no further products.
  const MatrixXd R = Y * U - out.vectors * out.values.asDiagonal();
  out.residuals = R.colwise().norm().transpose();
  out.steps = int(l);
  out.converged = (out.residuals.array() <= 1e-10 * std::abs(out.values(0))).all();
  return out;
}

Eigen::VectorXd top_singular_values(const LinearOperator& X, int k, Rng& rng, LanczosOptions options) {
  const Index small = std::min(X.rows(), X.cols());
  check_k("top_singular_values", k, small, "min(rows, cols)");
  const GramOperator gram(X, X.rows() <= X.cols());
  options.order = EigenOrder::algebraic;
  const Eigenpairs e = top_eigenpairs(gram, k, rng, options);
  return e.values.cwiseMax(0.0).cwiseSqrt();
}

Eigen::VectorXd top_singular_values(const LinearOperator& X, int k) {
  Rng rng(0x5eed5u);
  return top_singular_values(X, k, rng);
}

}  // namespace rnnbook
