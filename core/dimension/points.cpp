#include "dimension/points.hpp"

#include <cmath>
#include <sstream>

#include "common/error.hpp"

namespace rnnbook {

void require_points(const Eigen::Ref<const Eigen::MatrixXd>& points, const std::string& field, Eigen::Index min_rows) {
  if (points.cols() < 1) throw Error(field + ": must have at least one column (coordinate), got 0");
  if (points.rows() < min_rows)
    throw Error(field + ": needs at least " + std::to_string(min_rows) + " points (rows), got " +
                std::to_string(points.rows()));
  if (points.allFinite()) return;
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    for (Eigen::Index j = 0; j < points.cols(); ++j)
      if (!std::isfinite(points(i, j))) {
        std::ostringstream os;
        os << field << ": every value must be finite, got " << points(i, j) << " at row " << i << ", column " << j;
        throw Error(os.str());
      }
}

int rescale_exponent(const Eigen::Ref<const Eigen::MatrixXd>& points) {
  const double largest = points.size() > 0 ? points.cwiseAbs().maxCoeff() : 0.0;
  if (!(largest > 0.0) || !std::isfinite(largest)) return 0;
  if (largest >= std::ldexp(1.0, -300) && largest <= std::ldexp(1.0, 300)) return 0;
  int e = 0;
  std::frexp(largest, &e);  // largest = f 2^e, f in [0.5, 1)
  return -e;
}

Eigen::MatrixXd scaled(const Eigen::Ref<const Eigen::MatrixXd>& points, int exponent) {
  if (exponent == 0) return points;
  return points.unaryExpr([exponent](double v) { return std::ldexp(v, exponent); });
}

}  // namespace rnnbook
