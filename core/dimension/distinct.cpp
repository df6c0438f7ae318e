#include "dimension/distinct.hpp"

#include <algorithm>
#include <numeric>

namespace rnnbook {

using Eigen::Index;

// Sorting the rows lexicographically puts equal rows next to each other: O(n log n D).
DistinctRows distinct_rows(const Eigen::Ref<const Eigen::MatrixXd>& points) {
  const Index n = points.rows(), D = points.cols();
  const auto less = [&](Index a, Index b) {
    for (Index d = 0; d < D; ++d)
      if (points(a, d) != points(b, d)) return points(a, d) < points(b, d);
    return a < b;  // equal rows: the first occurrence first
  };
  const auto equal = [&](Index a, Index b) {
    for (Index d = 0; d < D; ++d)
      if (points(a, d) != points(b, d)) return false;
    return true;
  };
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index(0));
  std::sort(order.begin(), order.end(), less);

  std::vector<Index> first(static_cast<std::size_t>(n));  // for each row, the first row equal to it
  for (std::size_t s = 0; s < order.size(); ++s)
    first[std::size_t(order[s])] = s > 0 && equal(order[s - 1], order[s]) ? first[std::size_t(order[s - 1])] : order[s];

  DistinctRows out;
  out.of_row.resize(std::size_t(n));
  std::vector<Index> slot(std::size_t(n), -1);  // distinct index of each first occurrence
  Index m = 0;
  for (Index r = 0; r < n; ++r)
    if (first[std::size_t(r)] == r) slot[std::size_t(r)] = m++;
  out.points.resize(m, D);
  for (Index r = 0; r < n; ++r) {
    const Index s = slot[std::size_t(first[std::size_t(r)])];
    out.of_row[std::size_t(r)] = s;
    if (first[std::size_t(r)] == r) out.points.row(s) = points.row(r);
  }
  return out;
}

Eigen::VectorXd per_input_row(const DistinctRows& rows, const Eigen::Ref<const Eigen::VectorXd>& values) {
  Eigen::VectorXd out(Index(rows.of_row.size()));
  for (std::size_t r = 0; r < rows.of_row.size(); ++r) out(Index(r)) = values(rows.of_row[r]);
  return out;
}

}  // namespace rnnbook
