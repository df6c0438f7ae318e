#pragma once
// A trainable score network s_theta(x) with a flat parameter vector: forward keeps what backward
// needs, backward gives the parameter gradient of <ds, s(x)> (a vector-Jacobian product).
#include <Eigen/Dense>

namespace rnnbook {

class ScoreModel {
 public:
  virtual ~ScoreModel() = default;

  virtual Eigen::Index dim() const = 0;  // d, the sample dimension
  virtual Eigen::VectorXd& parameters() = 0;
  virtual const Eigen::VectorXd& parameters() const = 0;

  // s = s_theta(x) for each column of x (d x n); remembers x for backward().
  virtual void forward(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) = 0;
  // grad = sum_b (ds/dtheta at x_b)^T ds_b for the x of the last forward(); grad has parameters().size().
  virtual void backward(const Eigen::Ref<const Eigen::MatrixXd>& ds, Eigen::Ref<Eigen::VectorXd> grad) = 0;
  // s = s_theta(x) without touching what forward() kept (for sampling and plots).
  virtual void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) const = 0;
};

}  // namespace rnnbook
