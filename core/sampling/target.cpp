#include "sampling/target.hpp"

namespace rnnbook {

Eigen::MatrixXd Target::score(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  Eigen::MatrixXd out(x.rows(), x.cols());
  score(x, out);
  return out;
}

}  // namespace rnnbook
