#include "switching/gdm_posterior_input.hpp"

#include "switching/state_metrics.hpp"

namespace rnnbook {

Eigen::MatrixXd gdm_posterior_input(GdmPosteriorInput input, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  if (input == GdmPosteriorInput::observation) return y;
  return with_increments(y, 1.0);  // the kNN floor's stacking, unscaled: 1.0 (a - b) is exactly a - b
}

Eigen::VectorXd gdm_posterior_input_at(GdmPosteriorInput input, const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index t) {
  if (input == GdmPosteriorInput::observation) return y.col(t);
  const Eigen::Index N = y.rows();
  Eigen::VectorXd x(2 * N);
  x.head(N) = y.col(t);
  if (t > 0) x.tail(N) = y.col(t) - y.col(t - 1);
  else x.tail(N).setZero();
  return x;
}

}  // namespace rnnbook
