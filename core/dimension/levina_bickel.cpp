#include "dimension/levina_bickel.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "dimension/distinct.hpp"
#include "dimension/points.hpp"

namespace rnnbook {

using Eigen::Index;
using Eigen::VectorXd;

namespace {

void require_range(Index k_min, Index k_max) {
  if (k_min < 2) throw Error("k_min: must be an integer >= 2 (m_k averages over k - 1 ratios), got " + std::to_string(k_min));
  if (k_max < k_min)
    throw Error("k_max: must be an integer >= k_min = " + std::to_string(k_min) + ", got " + std::to_string(k_max));
}

}  // namespace

// SCIENCE.md 6.3. With L_j = ln T_j and prefix sums P_j = L_1 + ... + L_j,
// 1 / m_k = L_k - P_{k-1} / (k - 1).
LevinaBickelResult levina_bickel(const Neighbours& nn, Index k_min, Index k_max, LbAverage average) {
  require_range(k_min, k_max);
  if (nn.distance.cols() < k_max)
    throw Error("k_max: needs " + std::to_string(k_max) + " neighbours per point, the search has " +
                std::to_string(nn.distance.cols()));
  const Index n = nn.distance.rows(), K = k_max - k_min + 1;
  LevinaBickelResult r;
  r.by_k = VectorXd::Zero(K);
  r.local = VectorXd::Zero(n);
  r.distinct_points = n;
  VectorXd inverse_sum = VectorXd::Zero(K);
  for (Index i = 0; i < n; ++i) {
    if (!(nn.distance(i, 0) > 0.0))
      throw Error("points: point " + std::to_string(i) + " has a duplicate (T_1 = 0); Levina-Bickel needs distinct points");
    double prefix = 0.0;
    for (Index j = 1; j <= k_max; ++j) {
      const double L = portable::log(nn.distance(i, j - 1));
      if (j >= k_min) {
        const double inv = L - prefix / double(j - 1);  // 1 / m_j(x_i) >= 0
        if (!(inv > 0.0))
          throw Error("points: the first " + std::to_string(j) + " neighbours of point " + std::to_string(i) +
                      " are all at the same distance; the Levina-Bickel estimate is infinite there");
        r.by_k(j - k_min) += 1.0 / inv;
        inverse_sum(j - k_min) += inv;
        r.local(i) += 1.0 / inv / double(K);
      }
      prefix += L;
    }
  }
  for (Index t = 0; t < K; ++t)
    r.by_k(t) = average == LbAverage::mean ? r.by_k(t) / double(n) : double(n) / inverse_sum(t);
  r.dimension = r.by_k.mean();
  return r;
}

LevinaBickelResult levina_bickel(const Eigen::Ref<const Eigen::MatrixXd>& points, Index k_min, Index k_max,
                                 LbAverage average) {
  require_points(points, "points");
  require_range(k_min, k_max);
  const DistinctRows rows = distinct_rows(points);
  if (rows.points.rows() <= k_max)
    throw Error("k_max: must be less than the number of distinct points (" + std::to_string(rows.points.rows()) +
                "), got " + std::to_string(k_max));
  LevinaBickelResult r = levina_bickel(nearest_neighbours(rows.points, k_max), k_min, k_max, average);
  r.local = per_input_row(rows, r.local);
  return r;
}

}  // namespace rnnbook
