#pragma once
// Local PCA dimension around each point (SCIENCE.md 6.3): the spectrum of the centred covariance of a
// point and its k nearest neighbours (k + 1 points), summarised by its participation ratio or by the
// number of components holding a fraction of its variance.
#include <Eigen/Dense>

#include "dimension/knn.hpp"

namespace rnnbook {

enum class LocalMeasure {
  participation_ratio,  // (tr C)^2 / tr(C^2), between 1 and min(k, D)
  variance_fraction,    // min{m : the m largest eigenvalues hold >= fraction of tr C}, an integer
};

struct LocalPcaResult {
  double mean = 0.0;      // over the distinct points
  Eigen::VectorXd local;  // per point
  Eigen::Index distinct_points = 0;
};

// points: distinct rows; nn: at least k neighbours of each (from the same points).
LocalPcaResult local_pca(const Eigen::Ref<const Eigen::MatrixXd>& points, const Neighbours& nn, Eigen::Index k,
                         LocalMeasure measure = LocalMeasure::participation_ratio, double fraction = 0.9);

// On a point set (rows): drops duplicate rows (local is then per input row); needs more than k distinct points.
LocalPcaResult local_pca(const Eigen::Ref<const Eigen::MatrixXd>& points, Eigen::Index k = 20,
                         LocalMeasure measure = LocalMeasure::participation_ratio, double fraction = 0.9);

}  // namespace rnnbook
