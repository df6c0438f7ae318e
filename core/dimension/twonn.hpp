#pragma once
// TwoNN intrinsic dimension (Facco et al. 2017; SCIENCE.md 6.2). For each point, mu = r2 / r1 of its
// first two neighbour distances; under local uniformity mu ~ Pareto(d), P(mu > m) = m^-d.
#include <Eigen/Dense>

#include "dimension/knn.hpp"

namespace rnnbook {

// mu_i = r2 / r1 from neighbours (k >= 2) of distinct points. Throws Error if some r1 = 0.
Eigen::VectorXd twonn_ratios(const Neighbours& nn);

// MLE: d = (N - 1) / sum ln mu_i. Throws Error naming "mu" unless N >= 2 and every mu is finite and
// >= 1, and naming "points" if every mu = 1 (all first and second neighbours equidistant: d infinite).
double twonn_mle(const Eigen::Ref<const Eigen::VectorXd>& mu);

// Fit: sort mu, F_i = i / N, drop the largest discard_fraction of the mu (and always the largest,
// whose F = 1), regress -ln(1 - F_i) on ln mu_i through the origin: d = sum xy / sum x^2.
struct TwoNNFit {
  double dimension;
  Eigen::Index points_used;  // the mu kept for the regression
};
TwoNNFit twonn_fit(const Eigen::Ref<const Eigen::VectorXd>& mu, double discard_fraction);
// How many of `ratios` mu the fit keeps: min(N - 1, floor(N (1 - discard_fraction))); 0 is an error.
Eigen::Index twonn_fit_points(Eigen::Index ratios, double discard_fraction);

struct TwoNNResult {
  double mle = 0.0, fit = 0.0;
  Eigen::Index fit_points = 0;       // mu kept by the fit
  Eigen::Index distinct_points = 0;  // N: the estimate uses the distinct points only
  Eigen::VectorXd mu;                // per input row (duplicate rows share their point's mu)
};

// On a point set (rows): drops duplicate rows, finds two neighbours of each distinct point, and
// returns both estimates. Needs at least 3 distinct points; discard_fraction in [0, 1).
TwoNNResult twonn(const Eigen::Ref<const Eigen::MatrixXd>& points, double discard_fraction = 0.1);

}  // namespace rnnbook
