#pragma once
// What the sNTK experiments record at one checkpoint (SCIENCE.md 2.4, 3, 7.2 S4): the effective rank
// of Theta = J J^T, its top eigenvalues, the effective ranks of the Kronecker core K and of Z Z^T, and
// those of Theta's spatial (N x N) and temporal (BT x BT) partial traces, with the bound
// rank(Theta) <= N rank(Z). Exact (dense) when the operator is small enough, matrix-free otherwise.
#include <Eigen/Dense>
#include <cstdint>

#include "common/rng.hpp"
#include "ops/state_space.hpp"

namespace rnnbook {

// Largest D x P a dense Jacobian may hold for the exact partial traces (2^24 doubles, 128 MB).
constexpr double kDenseJacobianEntries = 16777216.0;

enum class SntkMethod {
  automatic,    // dense when min(D, P) <= kDenseLimit, matrix-free otherwise
  dense,        // dense or an Error naming the limit
  matrix_free,  // Lanczos for the top eigenvalues, Hutch++ for the traces
};
SntkMethod sntk_method_from_name(const std::string& name);  // "auto", "dense", "matrix_free"

struct SntkOptions {
  SntkMethod method = SntkMethod::automatic;
  int top_k = 10;           // top eigenvalues of Theta (capped at min(D, P))
  int probes = 40;          // matrix-free: Hutch++ matvecs for tr Theta and for tr Theta^2
  bool partial_traces = true;  // dense only: the spatial and temporal partial traces of Theta
  // Numerical rank: singular values of J (sqrt of Theta's eigenvalues) and of Z above rank_tol times the
  // largest, i.e. eigenvalues above 9e-16 lambda_1: just above the round-off floor of eigenvalues taken
  // from a Gram matrix (about 1e-16 lambda_1; S4's trained network has a true one at 7e-15 lambda_1).
  double rank_tol = 3e-8;
  bool vectors = false;     // also return G's top eigenvectors (parameter space)
  bool factor_spectra = false;  // also the top_k eigenvalues of K and singular values of P
};

struct SntkMeasurement {
  bool exact = false;            // dense spectrum (then std errors are 0)
  double pr = 0.0;               // (tr Theta)^2 / ||Theta||_F^2
  double pr_std_error = 0.0;     // delta method over the two Hutch++ estimates (0 when exact)
  double erank = NAN;            // entropy effective rank (exact only; NaN otherwise)
  double trace = 0.0;            // tr Theta
  Eigen::VectorXd top;           // the top_k eigenvalues of Theta, descending
  Eigen::MatrixXd top_vectors;   // P x top_k unit eigenvectors of G = J^T J (when options.vectors)
  double pr_K = 0.0;             // PR of the parameter operator K = F F^T (exact, from Z and phi')
  Eigen::VectorXd top_K;         // top_k eigenvalues of K (when options.factor_spectra)
  Eigen::VectorXd top_P;         // top_k singular values of the propagator P (when options.factor_spectra)
  double pr_ZZ = 0.0;            // PR of Z Z^T (the weight-site Gram)
  double pr_spatial = NAN;       // PR of partial_trace_BT(Theta) (N x N), when computed
  double pr_temporal = NAN;      // PR of partial_trace_N(Theta) (BT x BT), when computed
  std::int64_t rank_theta = -1;  // numerical rank of Theta (exact only)
  std::int64_t rank_bound = -1;  // N rank(Z)
  std::int64_t passes = 0;       // JVPs + VJPs spent
};

// Throws Error if options are out of range, or if method = dense and neither D nor P is within
// kDenseLimit ("sNTK: min(D, P) = 5000 exceeds the dense limit 4096; use method \"matrix_free\"").
SntkMeasurement measure_sntk(const StateSpaceModel& model, const SntkOptions& options, Rng& rng);

// PR of K = F F^T exactly from the weight sites and phi' (K_{(r,i),(r',j)} = a^2 d_ri d_r'i (z_r.z_r') delta_ij,
// d = phi'(u) for the rate and ctrnn cells, 1 for the current cell), in O((BT)^2 (M + N)).
double parameter_operator_pr(const StateSpaceModel& model);

// The k largest eigenvalues of K, exactly, with multiplicity: K is block diagonal over units i with
// blocks a^2 D_i Z Z^T D_i (D_i = diag of d_{., i}), so its spectrum is the union of N eigenproblems of
// size BT (one, repeated N times, for the current cell).
Eigen::VectorXd parameter_operator_top(const StateSpaceModel& model, int k);
// The k largest singular values of the propagator P, with multiplicity across trials: P is block
// diagonal over trials, so Lanczos runs on each trial's block and the results are merged.
Eigen::VectorXd propagator_top_singular_values(const StateSpaceModel& model, int k, Rng& rng);

}  // namespace rnnbook
