#include "linalg/svd.hpp"

namespace rnnbook {

Eigen::VectorXd singular_values(const Eigen::Ref<const Eigen::MatrixXd>& A) {
  return Eigen::BDCSVD<Eigen::MatrixXd>(A).singularValues();
}

ThinSvd thin_svd(const Eigen::Ref<const Eigen::MatrixXd>& A) {
  const Eigen::BDCSVD<Eigen::MatrixXd> svd(A, Eigen::ComputeThinU | Eigen::ComputeThinV);
  return {svd.matrixU(), svd.singularValues(), svd.matrixV()};
}

}  // namespace rnnbook
