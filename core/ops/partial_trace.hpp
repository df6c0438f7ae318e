#pragma once
// Partial traces and block sums of an operator on R^{n_outer * n_inner}, index = outer * n_inner + inner
// (the sNTK's time-major layout: outer = (t, b), inner = unit i). SCIENCE.md 2.4 "Block reductions".
#include <Eigen/Dense>
#include <cstdint>

#include "common/rng.hpp"
#include "ops/linear_operator.hpp"

namespace rnnbook {

// Exact partial traces. Each needs all n = n_outer * n_inner columns of A (n applications, O(n) memory):
// no cheaper exact method exists for a general A, since with n_inner = 1 the outer one is tr A itself.
// partial_trace_outer: n_inner x n_inner, sum_o A[(o,i),(o,j)]   (SCIENCE's partial_trace_BT, "spatial").
Eigen::MatrixXd partial_trace_outer(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner);
// partial_trace_inner: n_outer x n_outer, sum_i A[(o,i),(p,i)]   (SCIENCE's partial_trace_N, "temporal").
Eigen::MatrixXd partial_trace_inner(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner);
// Both from one sweep of n applications.
struct PartialTraces {
  Eigen::MatrixXd outer;  // n_inner x n_inner
  Eigen::MatrixXd inner;  // n_outer x n_outer
};
PartialTraces partial_traces(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner);

// Exact block sums (kpflow's "partial trace": constant input along the reduced axis, output summed over it).
// blocksum_outer = E^T A E, E = 1_{n_outer} (x) I_{n_inner}: n_inner x n_inner, n_inner applications.
Eigen::MatrixXd blocksum_outer(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner);
// blocksum_inner = E^T A E, E = I_{n_outer} (x) 1_{n_inner}: n_outer x n_outer, n_outer applications.
Eigen::MatrixXd blocksum_inner(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner);

// Probe estimates of the partial traces, entry-wise mean and standard error over `samples` >= 2 Rademacher
// probes w: (w (x) I)^T A (w (x) I) for the outer one (samples * n_inner applications) and
// (I (x) w)^T A (I (x) w) for the inner one (samples * n_outer applications). Exact when A is block
// diagonal along the traced axis (w_o^2 = 1), the analogue of Hutchinson on a diagonal matrix.
struct MatrixEstimate {
  Eigen::MatrixXd value;
  Eigen::MatrixXd std_error;
  std::int64_t matvecs = 0;
};
MatrixEstimate partial_trace_outer_estimate(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner,
                                            int samples, Rng& rng);
MatrixEstimate partial_trace_inner_estimate(const LinearOperator& A, Eigen::Index n_outer, Eigen::Index n_inner,
                                            int samples, Rng& rng);

}  // namespace rnnbook
