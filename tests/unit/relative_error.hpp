#pragma once
// ||got - want|| / ||want|| (Frobenius), the error measure most unit tests check against.
#include <Eigen/Dense>

namespace rnnbook::testing {

inline double relative_error(const Eigen::Ref<const Eigen::MatrixXd>& got, const Eigen::Ref<const Eigen::MatrixXd>& want) {
  return (got - want).norm() / want.norm();
}

}  // namespace rnnbook::testing
