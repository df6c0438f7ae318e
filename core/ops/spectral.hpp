#pragma once
// Top eigenpairs and singular values of matrix-free operators (SCIENCE.md 2.4): Lanczos with full
// reorthogonalisation and Halko-Martinsson-Tropp randomized subspace iteration, on any LinearOperator.
#include <Eigen/Dense>
#include <cstdint>

#include "common/rng.hpp"
#include "ops/linear_operator.hpp"

namespace rnnbook {

// Which end of a symmetric spectrum counts as "top". Both agree for PSD operators.
enum class EigenOrder {
  algebraic,  // largest lambda first (Hessian sharpness, PSD Gram operators)
  magnitude,  // largest |lambda| first (ARPACK eigsh's default "LM")
};

struct LanczosOptions {
  int steps = 0;          // Krylov dimension m; 0 means 2k + 10. Capped at n; must be >= k.
  int max_steps = 0;      // grow the Krylov space up to this many steps while unconverged; 0 means = steps
  double tol = 1e-10;     // converged when every residual <= tol * |lambda_1|
  EigenOrder order = EigenOrder::algebraic;
};

struct RandomizedOptions {
  int oversample = 10;        // extra columns of Omega beyond k (capped so k + oversample <= n)
  int power_iterations = 2;   // q: Y = A^q (A Omega), re-orthonormalised after every product
  EigenOrder order = EigenOrder::algebraic;
};

// k eigenpairs, best first. residuals(i) = ||A v_i - lambda_i v_i||: Lanczos reports the Ritz estimate
// |beta_m s_{m,i}| (equal to the true residual up to round-off, thanks to full reorthogonalisation);
// the randomized method reports the true residual, computed without extra products.
struct Eigenpairs {
  Eigen::VectorXd values;     // k, descending by the chosen order
  Eigen::MatrixXd vectors;    // n x k, orthonormal columns
  Eigen::VectorXd residuals;  // k
  std::int64_t matvecs = 0;   // applications of A spent
  int steps = 0;              // Krylov dimension (Lanczos) or subspace width (randomized) used
  bool converged = false;     // every residual <= tol * |lambda_1| (Lanczos; randomized uses 1e-10)
};

// Symmetric (not necessarily PSD) square A; only apply() is used. Memory n * max_steps doubles.
// Throws Error if A is not square or k is not in [1, n].
Eigenpairs top_eigenpairs(const LinearOperator& A, int k, Rng& rng, LanczosOptions options = {});

// Symmetric square A; (k + oversample) * (q + 2) applications. Accurate when the spectrum decays past k.
Eigenpairs randomized_eigenpairs(const LinearOperator& A, int k, Rng& rng, RandomizedOptions options = {});

// The k largest singular values of any X, descending, as sqrt of the Lanczos eigenvalues of X X^T
// (if rows <= cols) or X^T X (otherwise); each Gram product costs one apply and one applyT.
// Throws Error if k is not in [1, min(rows, cols)].
Eigen::VectorXd top_singular_values(const LinearOperator& X, int k, Rng& rng, LanczosOptions options = {});
// Same, with a fixed internal seed (deterministic start vector).
Eigen::VectorXd top_singular_values(const LinearOperator& X, int k);

// Building blocks shared with the trace estimators.
// An orthonormal basis (n x c) of the columns of Y (thin Householder Q; also fine if Y is rank deficient).
Eigen::MatrixXd orthonormal_basis(const Eigen::Ref<const Eigen::MatrixXd>& Y);
// i.i.d. N(0, 1) and +-1 entries from the project's RNG, filled column by column.
Eigen::MatrixXd gaussian_matrix(Eigen::Index rows, Eigen::Index cols, Rng& rng);
Eigen::MatrixXd rademacher_matrix(Eigen::Index rows, Eigen::Index cols, Rng& rng);

// Throws Error naming `who` unless A is square.
void require_square(const LinearOperator& A, const char* who);

}  // namespace rnnbook
