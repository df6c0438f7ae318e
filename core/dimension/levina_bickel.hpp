#pragma once
// Levina-Bickel maximum-likelihood intrinsic dimension, averaged over a range of k (SCIENCE.md 6.3):
//   m_k(x) = [ (1/(k-1)) sum_{j<k} ln(T_k(x) / T_j(x)) ]^-1,  T_j = distance to the j-th neighbour.
#include <Eigen/Dense>

#include "dimension/knn.hpp"

namespace rnnbook {

enum class LbAverage {
  mean,     // Levina & Bickel (2005): d_k = mean over points of m_k(x)
  inverse,  // MacKay & Ghahramani (2005): d_k = 1 / (mean over points of 1 / m_k(x))
};

struct LevinaBickelResult {
  double dimension = 0.0;   // mean of d_k over k in [k_min, k_max]
  Eigen::VectorXd by_k;     // d_k for k = k_min .. k_max
  Eigen::VectorXd local;    // per point: mean over k of m_k(x)
  Eigen::Index distinct_points = 0;
};

// From neighbours (at least k_max of them) of distinct points; 2 <= k_min <= k_max. Throws Error if
// a point's first k_min neighbours are all equidistant (m_k infinite there) or a distance is 0.
LevinaBickelResult levina_bickel(const Neighbours& nn, Eigen::Index k_min, Eigen::Index k_max, LbAverage average);

// On a point set (rows): drops duplicate rows (local is then per input row) and needs more than k_max
// distinct points.
LevinaBickelResult levina_bickel(const Eigen::Ref<const Eigen::MatrixXd>& points, Eigen::Index k_min = 10,
                                 Eigen::Index k_max = 20, LbAverage average = LbAverage::mean);

}  // namespace rnnbook
