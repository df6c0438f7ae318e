#include "dimension/twonn.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "dimension/distinct.hpp"
#include "common/number_text.hpp"
#include "dimension/points.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::VectorXd;

void require_ratios(const Eigen::Ref<const VectorXd>& mu) {
  if (mu.size() < 2) throw Error("mu: needs at least 2 ratios, got " + std::to_string(mu.size()));
  for (Index i = 0; i < mu.size(); ++i)
    if (!(std::isfinite(mu(i)) && mu(i) >= 1.0))
      throw Error("mu: every ratio r2/r1 must be finite and >= 1, got " + number_text(mu(i)) + " at " +
                  std::to_string(i));
}

void require_discard_fraction(double f) {
  if (!(f >= 0.0 && f < 1.0)) throw Error("discard_fraction: must be a number in [0, 1), got " + number_text(f));
}

}  // namespace

VectorXd twonn_ratios(const Neighbours& nn) {
  if (nn.distance.cols() < 2) throw Error("twonn: needs the first two neighbours of each point");
  VectorXd mu(nn.distance.rows());
  for (Index i = 0; i < mu.size(); ++i) {
    const double r1 = nn.distance(i, 0), r2 = nn.distance(i, 1);
    if (!(r1 > 0.0))
      throw Error("points: point " + std::to_string(i) + " has a duplicate (r1 = 0); TwoNN needs distinct points");
    mu(i) = r2 / r1;
  }
  return mu;
}

// SCIENCE.md 6.2, step 4: ln mu ~ Exp(d), so (N - 1) / sum ln mu is unbiased for d.
double twonn_mle(const Eigen::Ref<const VectorXd>& mu) {
  require_ratios(mu);
  const double s = mu.array().unaryExpr(&portable::log).sum();
  if (!(s > 0.0))
    throw Error("points: every point's first and second neighbours are equidistant (mu = 1); "
                "TwoNN is undefined (infinite)");
  return double(mu.size() - 1) / s;
}

// SCIENCE.md 6.2, step 3: y = -ln(1 - F) = d x with x = ln mu along the empirical CDF.
TwoNNFit twonn_fit(const Eigen::Ref<const VectorXd>& mu, double discard_fraction) {
  require_ratios(mu);
  require_discard_fraction(discard_fraction);
  VectorXd sorted = mu;
  std::sort(sorted.data(), sorted.data() + sorted.size());
  const Index N = sorted.size();
  const Index keep = twonn_fit_points(N, discard_fraction);
  if (keep < 1)
    throw Error("discard_fraction: " + number_text(discard_fraction) + " of " + std::to_string(N) +
                " ratios leaves none for the fit; lower it");
  double sxy = 0.0, sxx = 0.0;
  for (Index i = 0; i < keep; ++i) {
    const double x = portable::log(sorted(i));
    const double y = -portable::log1p(-double(i + 1) / double(N));
    sxy += x * y;
    sxx += x * x;
  }
  if (!(sxx > 0.0))
    throw Error("points: the kept ratios all have mu = 1 (equidistant first and second neighbours); "
                "the TwoNN fit is undefined; lower discard_fraction or use the MLE");
  return {sxy / sxx, keep};
}

// The largest mu has F = 1 and y = infinity: it always goes.
Index twonn_fit_points(Index ratios, double discard_fraction) {
  return std::min(ratios - 1, Index(std::floor(double(ratios) * (1.0 - discard_fraction) + 1e-9)));
}

TwoNNResult twonn(const Eigen::Ref<const Eigen::MatrixXd>& points, double discard_fraction) {
  require_points(points, "points");
  require_discard_fraction(discard_fraction);
  const DistinctRows rows = distinct_rows(points);
  if (rows.points.rows() < 3)
    throw Error("points: TwoNN needs at least 3 distinct points, got " + std::to_string(rows.points.rows()) +
                " (of " + std::to_string(points.rows()) + " rows)");
  const VectorXd mu = twonn_ratios(nearest_neighbours(rows.points, 2));
  TwoNNResult r;
  r.mle = twonn_mle(mu);
  const TwoNNFit fit = twonn_fit(mu, discard_fraction);
  r.fit = fit.dimension;
  r.fit_points = fit.points_used;
  r.distinct_points = rows.points.rows();
  r.mu = per_input_row(rows, mu);
  return r;
}

}  // namespace rnnbook
