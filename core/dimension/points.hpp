#pragma once
// Checks shared by the dimension measures: a point set is an n x D matrix, one point per row.
#include <Eigen/Dense>
#include <string>

namespace rnnbook {

// Throws Error naming `field` unless points has at least min_rows rows, at least one column and only
// finite entries (the message gives the row and column of the first bad entry).
void require_points(const Eigen::Ref<const Eigen::MatrixXd>& points, const std::string& field,
                    Eigen::Index min_rows = 1);

// A number as messages show it ("0.1", "1e-05", "nan").
std::string number_text(double x);

}  // namespace rnnbook
