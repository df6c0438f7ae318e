#pragma once
// Test matrices of a chosen spectrum, shared by the spectral and trace tests.
#include <Eigen/Dense>

#include "common/rng.hpp"
#include "ops/spectral.hpp"

namespace rnnbook::testing {

// Q diag(lambda) Q^T with a Haar-like random orthogonal Q.
inline Eigen::MatrixXd with_spectrum(const Eigen::VectorXd& lambda, Rng& rng) {
  const Eigen::MatrixXd Q = orthonormal_basis(gaussian_matrix(lambda.size(), lambda.size(), rng));
  Eigen::MatrixXd A = Q * lambda.asDiagonal() * Q.transpose();
  return 0.5 * (A + A.transpose());
}

}  // namespace rnnbook::testing
