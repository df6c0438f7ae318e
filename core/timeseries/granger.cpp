#include "timeseries/granger.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/progress.hpp"
#include "timeseries/lag_regression.hpp"

namespace rnnbook {

namespace {

// Columns of the lag-major design that hold source j's lags 1..p.
std::vector<Eigen::Index> source_columns(Eigen::Index j, Eigen::Index n, int order) {
  std::vector<Eigen::Index> cols;
  for (int k = 0; k < order; ++k) cols.push_back(1 + k * n + j);
  return cols;
}

Eigen::LLT<Eigen::MatrixXd> granger_factor(const Eigen::MatrixXd& G) {
  Eigen::LLT<Eigen::MatrixXd> llt(G);
  if (llt.info() != Eigen::Success)
    throw Error("granger: the lagged regressors are collinear (a constant or duplicated neuron); use a lower order");
  return llt;
}

}  // namespace

// SCIENCE.md 14.1; U47 checks it against granger_causality_by_regressions.
Eigen::MatrixXd granger_causality(const Eigen::Ref<const Eigen::MatrixXd>& y, int order, Eigen::Index first,
                                  Eigen::Index end) {
  LagRegression reg(y, order, first, end);
  const Eigen::Index n = y.cols();
  // The Gram matrix (rows x dim^2 / 2 products) against its inverse (about dim^3): their shares.
  const double dim = double(reg.regressors(order)), gram_cost = 0.5 * double(reg.rows()) * dim * dim;
  const double gram_share = gram_cost / (gram_cost + dim * dim * dim);
  const Eigen::MatrixXd G = [&] {
    const ProgressPart part(0.0, gram_share);
    return reg.gram(order);
  }();
  const Eigen::MatrixXd Ginv = granger_factor(G).solve(Eigen::MatrixXd::Identity(G.rows(), G.cols()));
  const Eigen::MatrixXd B = Ginv * reg.cross(order);
  const Eigen::MatrixXd E = reg.residuals(var_from_coefficients(B, Eigen::MatrixXd::Zero(n, n)));
  const Eigen::VectorXd rss = E.colwise().squaredNorm().transpose();
  Eigen::MatrixXd F = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const std::vector<Eigen::Index> J = source_columns(j, n, order);
    Eigen::MatrixXd GJJ(order, order), BJ(order, n);
    for (int a = 0; a < order; ++a) {
      BJ.row(a) = B.row(J[std::size_t(a)]);
      for (int b = 0; b < order; ++b) GJJ(a, b) = Ginv(J[std::size_t(a)], J[std::size_t(b)]);
    }
    const Eigen::MatrixXd solved = granger_factor(GJJ).solve(BJ);  // ((G^-1)_JJ)^-1 beta_J, all targets
    for (Eigen::Index i = 0; i < n; ++i) {
      if (i == j) continue;
      const double extra = BJ.col(i).dot(solved.col(i));
      F(i, j) = portable::log((rss(i) + extra) / rss(i));
    }
  }
  return F;
}

Eigen::MatrixXd granger_causality_by_regressions(const Eigen::Ref<const Eigen::MatrixXd>& y, int order,
                                                 Eigen::Index first, Eigen::Index end) {
  const Eigen::Index n = y.cols();
  const Eigen::MatrixXd X = lagged_design(y, order, first, end), Y = y.middleRows(first, end - first);
  const Eigen::MatrixXd full = Y - X * least_squares(X, Y);
  Eigen::MatrixXd F = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    Eigen::MatrixXd Xr(X.rows(), X.cols() - order);
    Eigen::Index at = 0;
    for (Eigen::Index col = 0; col < X.cols(); ++col)
      if (col == 0 || (col - 1) % n != j) Xr.col(at++) = X.col(col);
    const Eigen::MatrixXd reduced = Y - Xr * least_squares(Xr, Y);
    for (Eigen::Index i = 0; i < n; ++i)
      if (i != j) F(i, j) = portable::log(reduced.col(i).squaredNorm() / full.col(i).squaredNorm());
  }
  return F;
}

int bic_order(const Eigen::Ref<const Eigen::MatrixXd>& y, int max_order, Eigen::Index end) {
  LagRegression reg(y, max_order, max_order, end);
  const double rows = double(reg.rows()), n = double(y.cols());
  int best = 0;
  double best_bic = std::numeric_limits<double>::infinity();
  // Order p's share: its new Gram columns (rows x n^2 (p^2 - (p-1)^2) / 2 products) and its Cholesky ((p n)^3 / 3).
  const double n_sq = n * n;
  const auto cost = [&](int p) { return 0.5 * rows * n_sq * p * p + n_sq * n * p * p * (p + 1.0) * (p + 1.0) / 12.0; };
  for (int p = 1; p <= max_order; ++p) {
    const ProgressPart part(cost(p - 1) / cost(max_order), cost(p) / cost(max_order));
    const VarModel m = reg.fit(p);
    Eigen::LLT<Eigen::MatrixXd> llt(m.noise_cov);
    if (llt.info() != Eigen::Success) continue;
    const double logdet = 2 * llt.matrixL().toDenseMatrix().diagonal().unaryExpr([](double v) { return portable::log(v); }).sum();
    const double bic = logdet + portable::log(rows) * double(p) * n * n / rows;
    if (bic < best_bic) best_bic = bic, best = p;
  }
  if (best == 0) throw Error("granger: no VAR order up to " + std::to_string(max_order) + " has a regular noise covariance");
  return best;
}

Eigen::MatrixXd var_coefficient_magnitude(const Eigen::Ref<const Eigen::MatrixXd>& y, int order, Eigen::Index end) {
  LagRegression reg(y, order, order, end);
  const VarModel m = reg.fit(order);
  Eigen::MatrixXd S = Eigen::MatrixXd::Zero(y.cols(), y.cols());
  for (const Eigen::MatrixXd& A : m.lags) S += A.cwiseAbs();
  S.diagonal().setZero();
  return S;
}

Eigen::MatrixXd lag_correlation(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index end) {
  if (end < 3 || end > y.rows()) throw Error("lag correlation: needs 3 <= end <= T");
  const Eigen::Index m = end - 1;
  Eigen::MatrixXd now = y.middleRows(1, m), before = y.topRows(m);
  now.rowwise() -= now.colwise().mean();
  before.rowwise() -= before.colwise().mean();
  const Eigen::VectorXd sn = now.colwise().norm().transpose(), sb = before.colwise().norm().transpose();
  Eigen::MatrixXd C = (now.transpose() * before).cwiseAbs();  // C(i, j) = |<y_i(t), y_j(t-1)>|
  C.array().colwise() /= sn.array();
  C.array().rowwise() /= sb.transpose().array();
  C.diagonal().setZero();
  return C;
}

}  // namespace rnnbook
