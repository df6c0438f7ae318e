#include "dimension/linear_dimension.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "common/number_text.hpp"
#include "dimension/points.hpp"
#include "measures/effective_rank.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

bool all_rows_equal(const Eigen::Ref<const MatrixXd>& X) {
  for (Index i = 1; i < X.rows(); ++i)
    if (X.row(i) != X.row(0)) return false;
  return true;
}

// The Gram matrix of the smaller side, which has the non-zero eigenvalues of C times (n - 1) or n.
// Identical rows are caught exactly: centring them may leave round-off instead of zeros.
MatrixXd scaled_covariance(const Eigen::Ref<const MatrixXd>& points, Centring centring, double& scale) {
  const bool centred = centring == Centring::centred;
  require_points(points, "points", centred ? 2 : 1);
  if (centred && all_rows_equal(points))
    throw Error("points: zero variance (all " + std::to_string(points.rows()) +
                " points are the same); the centred covariance has no spectrum to measure");
  const MatrixXd A = centred ? MatrixXd(points.rowwise() - points.colwise().mean()) : MatrixXd(points);
  if (!(A.squaredNorm() > 0.0)) throw Error("points: all values are zero; the uncentred covariance is zero");
  scale = 1.0 / double(centred ? points.rows() - 1 : points.rows());
  return A.cols() <= A.rows() ? MatrixXd(A.transpose() * A) : MatrixXd(A * A.transpose());
}

}  // namespace

// SCIENCE.md 6.1: eigenvalues of C = X~^T X~/(n-1) (or X^T X/n); X X^T shares the non-zero ones.
VectorXd covariance_spectrum(const Eigen::Ref<const MatrixXd>& points, Centring centring) {
  double scale = 1.0;
  const MatrixXd G = scaled_covariance(points, centring, scale);
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(G, Eigen::EigenvaluesOnly);
  VectorXd l = es.eigenvalues().reverse() * scale;
  return l.cwiseMax(0.0);  // round-off negatives of a PSD matrix
}

// SCIENCE.md 6.1: PR = (tr C)^2 / tr(C^2) = (tr G)^2 / ||G||_F^2 for the symmetric Gram matrix G.
double pca_participation_ratio(const Eigen::Ref<const MatrixXd>& points, Centring centring) {
  double scale = 1.0;
  return participation_ratio_psd(scaled_covariance(points, centring, scale));
}

double components_for_fraction(const Eigen::Ref<const VectorXd>& spectrum, double fraction, bool interpolate) {
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw Error("fraction: must be a number in (0, 1], got " + number_text(fraction));
  const double whole = double(threshold_count(spectrum, fraction));
  if (!interpolate) return whole;
  VectorXd l = spectrum.cwiseMax(0.0);
  std::sort(l.data(), l.data() + l.size(), [](double a, double b) { return a > b; });
  const Index k = Index(whole);
  const double total = l.sum();
  const double before = l.head(k - 1).sum() / total;  // cumulative fraction at k - 1
  const double step = l(k - 1) / total;
  if (!(step > 0.0)) return whole;
  return double(k - 1) + std::clamp((fraction - before) / step, 0.0, 1.0);
}

double pca_components(const Eigen::Ref<const MatrixXd>& points, double fraction, Centring centring, bool interpolate) {
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw Error("fraction: must be a number in (0, 1], got " + number_text(fraction));
  return components_for_fraction(covariance_spectrum(points, centring), fraction, interpolate);
}

}  // namespace rnnbook
