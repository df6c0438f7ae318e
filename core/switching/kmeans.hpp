#pragma once
// k-means by Lloyd's algorithm from k-means++ seeds, best of several restarts by inertia: the start
// of the hard-switching baseline's EM (SCIENCE.md 12.5, k-means on the increments).
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"

namespace rnnbook {

struct KMeansResult {
  Eigen::MatrixXd centres;  // d x clusters
  std::vector<int> labels;  // one per point, in [0, clusters)
  double inertia = 0.0;     // sum of squared distances to the assigned centres
};

// points is d x n (one point per column). Each restart seeds by k-means++ from rng, then alternates
// assignment (nearest centre, the smaller index on ties) and centre update until no label changes or
// max_iterations; an empty cluster keeps its centre. Throws Error unless 1 <= clusters <= n,
// restarts >= 1 and the points are finite.
KMeansResult kmeans(const Eigen::Ref<const Eigen::MatrixXd>& points, int clusters, int restarts, Rng& rng,
                    int max_iterations = 300);

}  // namespace rnnbook
