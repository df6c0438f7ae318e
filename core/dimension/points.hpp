#pragma once
// Checks shared by the dimension measures: a point set is an n x D matrix, one point per row.
#include <Eigen/Dense>
#include <string>

namespace rnnbook {

// Throws Error naming `field` unless points has at least min_rows rows, at least one column and only
// finite entries (the message gives the row and column of the first bad entry).
void require_points(const Eigen::Ref<const Eigen::MatrixXd>& points, const std::string& field,
                    Eigen::Index min_rows = 1);

// The dimension estimators are scale-free, but squared distances and variances of points near 1e-160
// underflow (and near 1e160 overflow). rescale_exponent(X) is 0 when the largest |x| is in
// [2^-300, 2^300] (no squared distance under- or overflows: the estimates keep their bits), else the e
// with max |x| 2^e in [0.5, 1); scaled(X, e) multiplies by 2^e, exactly for normal numbers.
int rescale_exponent(const Eigen::Ref<const Eigen::MatrixXd>& points);
Eigen::MatrixXd scaled(const Eigen::Ref<const Eigen::MatrixXd>& points, int exponent);

}  // namespace rnnbook
