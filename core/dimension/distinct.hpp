#pragma once
// Duplicate points (equal rows) make nearest-neighbour ratios 0/0 or x/0, so TwoNN, Levina-Bickel
// and local PCA work on the distinct points (SCIENCE.md 6.2, step 1), and each input row gets the
// value of its distinct point.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

struct DistinctRows {
  Eigen::MatrixXd points;            // the distinct rows, in the order of their first occurrence
  std::vector<Eigen::Index> of_row;  // for each input row, the row of `points` equal to it
  Eigen::Index duplicates() const { return Eigen::Index(of_row.size()) - points.rows(); }
};

// Rows are equal when every coordinate compares equal (so 0.0 and -0.0 are the same point). The
// points must be finite (require_points).
DistinctRows distinct_rows(const Eigen::Ref<const Eigen::MatrixXd>& points);

// values[of_row[r]] for each input row r: per-point results of the distinct points, per input row.
Eigen::VectorXd per_input_row(const DistinctRows& rows, const Eigen::Ref<const Eigen::VectorXd>& values);

}  // namespace rnnbook
