#pragma once
// Global linear dimension of a point set (rows = samples; SCIENCE.md 6.1): the participation ratio
// of the covariance spectrum and the number of principal components for a fraction of the variance.
#include <Eigen/Dense>

namespace rnnbook {

enum class Centring {
  centred,    // C = X~^T X~ / (n - 1), X~ = X minus its mean row (needs n >= 2)
  uncentred,  // C = X^T X / n
};

// Eigenvalues of C, descending; min(n, D) of them (from the n x n Gram matrix when n < D).
// Throws Error naming "points" for non-finite values, too few points, or zero variance.
Eigen::VectorXd covariance_spectrum(const Eigen::Ref<const Eigen::MatrixXd>& points, Centring centring);

// PR = (tr C)^2 / tr(C^2), from traces (no eigensolver); 1 <= PR <= rank. Same errors.
double pca_participation_ratio(const Eigen::Ref<const Eigen::MatrixXd>& points, Centring centring);

// min{k : the k largest eigenvalues hold >= fraction of tr C}, fraction in (0, 1]. With interpolate,
// the count between k - 1 and k where the cumulative fraction, drawn linearly between its values at
// whole k (0 at k = 0), reaches `fraction`.
double pca_components(const Eigen::Ref<const Eigen::MatrixXd>& points, double fraction, Centring centring,
                      bool interpolate = false);
// The same on a given spectrum (descending, non-negative).
double components_for_fraction(const Eigen::Ref<const Eigen::VectorXd>& spectrum, double fraction, bool interpolate);

}  // namespace rnnbook
