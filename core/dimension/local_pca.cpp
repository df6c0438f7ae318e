#include "dimension/local_pca.hpp"

#include <string>

#include "common/error.hpp"
#include "dimension/distinct.hpp"
#include "dimension/linear_dimension.hpp"
#include "common/number_text.hpp"
#include "common/progress.hpp"
#include "dimension/points.hpp"
#include "measures/effective_rank.hpp"

namespace rnnbook {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

void require_settings(Index k, double fraction) {
  if (k < 1) throw Error("k: must be an integer >= 1, got " + std::to_string(k));
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw Error("fraction: must be a number in (0, 1], got " + number_text(fraction));
}

}  // namespace

// SCIENCE.md 6.3 (local PCA): the neighbourhood's (k + 1) x (k + 1) Gram matrix has the non-zero
// eigenvalues of its covariance; distinct points give it a positive trace.
LocalPcaResult local_pca(const Eigen::Ref<const MatrixXd>& points, const Neighbours& nn, Index k, LocalMeasure measure,
                         double fraction) {
  require_settings(k, fraction);
  if (nn.index.cols() < k || nn.index.rows() != points.rows())
    throw Error("k: needs " + std::to_string(k) + " neighbours of each of the " + std::to_string(points.rows()) +
                " points, the search has " + std::to_string(nn.index.cols()));
  const Index n = points.rows();
  LocalPcaResult r;
  r.local.resize(n);
  r.distinct_points = n;
  MatrixXd patch(k + 1, points.cols());
  for (Index i = 0; i < n; ++i) {
    if (i % 64 == 0) report_progress(double(i) / double(n));
    patch.row(0) = points.row(i);
    for (Index j = 0; j < k; ++j) patch.row(j + 1) = points.row(Index(nn.index(i, j)));
    patch.rowwise() -= patch.colwise().mean();
    const MatrixXd G = patch * patch.transpose();
    if (!(G.trace() > 0.0))
      throw Error("points: the neighbourhood of point " + std::to_string(i) + " has zero variance (duplicates)");
    if (measure == LocalMeasure::participation_ratio) {
      r.local(i) = participation_ratio_psd(G);
    } else {
      Eigen::SelfAdjointEigenSolver<MatrixXd> es(G, Eigen::EigenvaluesOnly);
      r.local(i) = components_for_fraction(es.eigenvalues().cwiseMax(0.0), fraction, false);
    }
  }
  r.mean = r.local.mean();
  return r;
}

LocalPcaResult local_pca(const Eigen::Ref<const MatrixXd>& points, Index k, LocalMeasure measure, double fraction) {
  require_points(points, "points");
  require_settings(k, fraction);
  const DistinctRows rows = distinct_rows(points);
  if (rows.points.rows() <= k)
    throw Error("k: must be less than the number of distinct points (" + std::to_string(rows.points.rows()) +
                "), got " + std::to_string(k));
  LocalPcaResult r = local_pca(rows.points, nearest_neighbours(rows.points, k), k, measure, fraction);
  r.local = per_input_row(rows, r.local);  // the mean stays over the distinct points
  return r;
}

}  // namespace rnnbook
