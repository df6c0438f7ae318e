#pragma once
// Eigen's divide-and-conquer SVD behind two functions, compiled in one file: naming Eigen::BDCSVD costs
// about 40 s of compile time in every file that does.
#include <Eigen/Dense>

namespace rnnbook {

// All singular values of A, largest first.
Eigen::VectorXd singular_values(const Eigen::Ref<const Eigen::MatrixXd>& A);

// The thin SVD A = U diag(s) V^T (U: rows x k, V: cols x k, k = min(rows, cols)).
struct ThinSvd {
  Eigen::MatrixXd U;
  Eigen::VectorXd s;
  Eigen::MatrixXd V;
};
ThinSvd thin_svd(const Eigen::Ref<const Eigen::MatrixXd>& A);

}  // namespace rnnbook
