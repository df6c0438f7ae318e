#include "sampling/standard_targets.hpp"

namespace rnnbook {

GaussianMixture double_peak() {
  MixtureSpec s;
  s.weights = Eigen::Vector2d(0.5, 0.5);
  s.means = Eigen::RowVector2d(-1.0, 1.0);
  s.covariances = {Eigen::MatrixXd::Constant(1, 1, 0.25), Eigen::MatrixXd::Constant(1, 1, 0.25)};
  return GaussianMixture(s);
}

LaplaceMixture laplace_x() {
  MixtureSpec s;
  s.weights = Eigen::Vector2d(0.5, 0.5);
  s.means = Eigen::MatrixXd::Zero(2, 2);
  Eigen::Matrix2d a, b;
  a << 1.0, 0.9, 0.9, 1.0;
  b << 1.0, -0.9, -0.9, 1.0;
  s.covariances = {a, b};
  return LaplaceMixture(s);
}

}  // namespace rnnbook
