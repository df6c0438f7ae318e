#pragma once
// The gauge of a low-rank network (SCIENCE.md 11.2 I1): (M, N) -> (M A, N A^-T) leaves J = M N^T / N and every
// trajectory unchanged for any invertible A (R x R). The whitened gauge M^T M / N = I leaves O(R).
// rnnbook's reconstruction (SCIENCE.md 11.0).
#include <Eigen/Dense>

#include "lowrank/low_rank_network.hpp"

namespace rnnbook {

// (M A, N A^-T). Throws Error unless A is R x R and invertible.
LowRankNetwork apply_gauge(const LowRankNetwork& net, const Eigen::Ref<const Eigen::MatrixXd>& A);

// The whitened gauge: A = V D^-1/2 from M^T M / N = V D V^T (principal axes, strongest first, each
// column's largest-magnitude entry made positive), so that M'^T M' / N = I. Throws Error if M is rank-deficient.
LowRankNetwork whiten(const LowRankNetwork& net);

}  // namespace rnnbook
