#pragma once
// Initialisations of SCIENCE.md 1.7 beyond the Gaussian one (network.hpp): low-rank recurrent
// weights, a planted fixed point for the current cell, and user-given matrices.
#include <Eigen/Dense>

#include "rnn/parameters.hpp"

namespace rnnbook {

// W0's SVD truncated to its r largest singular values, rescaled to ||W0||_F (every rank then has
// the same Frobenius norm). r = min(rows, cols) returns W0 up to round-off; a zero W0 returns 0.
// Throws rnnbook::Error "rank: must be an integer in [1, N], got r" (N = min(rows, cols)).
Eigen::MatrixXd low_rank(const Eigen::MatrixXd& W0, int r);

// W' = d s^T/||s||^2 + W (I - s s^T/||s||^2) with s = tanh(d): W' tanh(d) = d, so d is a fixed
// point of the current cell with no input or bias (h = W' tanh h), and W' v = W v for v orthogonal
// to s. Throws unless W is N x N, d has N entries, and d is non-zero and finite.
Eigen::MatrixXd plant_fixed_point(const Eigen::MatrixXd& W, const Eigen::VectorXd& d);

// One named block of theta = (W, U, b, C, c).
enum class ParameterBlock { W, U, b, C, c };

const char* block_name(ParameterBlock which);  // "W", "U", "b", "C", "c"

// Copies a user-given matrix into one block of p (b and c as N x 1 and O x 1). Throws an Error
// naming the expected shape, e.g. "W: must be a 8 x 8 matrix (N x N), got 3 x 4", if the size is
// wrong, an entry is not finite, or the block is b and the network has no bias.
void set_block(RnnParameters& p, ParameterBlock which, const Eigen::MatrixXd& value);

}  // namespace rnnbook
