#include "timeseries/lag_regression.hpp"

#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"

namespace rnnbook {

namespace {

void check_target_rows(Eigen::Index steps, int order, Eigen::Index first, Eigen::Index end, const char* who) {
  if (order < 0 || first < order || end <= first || end > steps)
    throw Error(std::string(who) + ": target rows [" + std::to_string(first) + ", " + std::to_string(end) +
                ") need " + std::to_string(order) + " <= first < end <= " + std::to_string(steps) +
                " (the series is too short for order " + std::to_string(order) + ")");
}

// Solves (G + lambda D) B = R with D = I except D_00 = 0, lambda = ridge tr(G)/dim.
Eigen::MatrixXd solve_normal_equations(Eigen::MatrixXd G, const Eigen::Ref<const Eigen::MatrixXd>& R, double ridge) {
  if (!(ridge >= 0)) throw Error("least squares: ridge must be >= 0, got " + std::to_string(ridge));
  if (ridge > 0) {
    const double lambda = ridge * G.trace() / double(G.rows());
    G.diagonal().tail(G.rows() - 1).array() += lambda;
  }
  Eigen::LLT<Eigen::MatrixXd> llt(G);
  if (llt.info() != Eigen::Success)
    throw CollinearRegressors("least squares: the regressors are collinear (X^T X is singular); use a ridge > 0 or a lower order");
  Eigen::MatrixXd B = llt.solve(R);
  if (!B.allFinite()) throw CollinearRegressors("least squares: the solution is not finite; use a ridge > 0 or a lower order");
  return B;
}

}  // namespace

Eigen::MatrixXd lagged_design(const Eigen::Ref<const Eigen::MatrixXd>& y, int order, Eigen::Index first,
                              Eigen::Index end) {
  check_target_rows(y.rows(), order, first, end, "lagged design");
  const Eigen::Index n = y.cols(), rows = end - first;
  Eigen::MatrixXd X(rows, 1 + order * n);
  X.col(0).setOnes();
  for (int k = 1; k <= order; ++k) X.middleCols(1 + (k - 1) * n, n) = y.middleRows(first - k, rows);
  return X;
}

Eigen::MatrixXd least_squares(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                              double ridge) {
  if (X.rows() != Y.rows() || X.cols() == 0)
    throw Error("least squares: X (" + size_text(X.rows(), X.cols()) + ") and Y (" + size_text(Y.rows(), Y.cols()) +
                ") must have the same rows");
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(X.cols(), X.cols());
  G.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
  G.triangularView<Eigen::StrictlyUpper>() = G.transpose();
  return solve_normal_equations(std::move(G), X.transpose() * Y, ridge);
}

LagRegression::LagRegression(const Eigen::Ref<const Eigen::MatrixXd>& y, int max_order, Eigen::Index first,
                             Eigen::Index end)
    : y_(y), max_order_(max_order), first_(first), end_(end) {
  if (max_order < 1) throw Error("lag regression: the maximum order must be >= 1, got " + std::to_string(max_order));
  check_target_rows(y.rows(), max_order, first, end, "lag regression");
  if (rows() <= regressors(max_order))
    throw Error("lag regression: " + std::to_string(rows()) + " target rows cannot fit " +
                std::to_string(regressors(max_order)) + " regressors (order " + std::to_string(max_order) + " x " +
                std::to_string(y.cols()) + " channels + intercept); use a longer series or a lower order");
  const Eigen::Index dim = regressors(max_order);
  gram_.resize(dim, dim);
  cross_.resize(dim, y.cols());
  gram_(0, 0) = double(rows());
  cross_.row(0) = y_.middleRows(first_, rows()).colwise().sum();
}

Eigen::VectorXd LagRegression::column(Eigen::Index j) const {
  if (j == 0) return Eigen::VectorXd::Ones(rows());
  const Eigen::Index n = y_.cols(), lag = 1 + (j - 1) / n, channel = (j - 1) % n;
  return y_.col(channel).segment(first_ - lag, rows());
}

// Each new column's products with all earlier columns and with the targets: the Gram matrix of
// order p costs rows x dim^2 once, however many orders are fitted.
void LagRegression::grow(int order) {
  if (order > max_order_ || order < 0)
    throw Error("lag regression: order " + std::to_string(order) + " is outside [0, " + std::to_string(max_order_) + "]");
  if (order <= filled_) return;
  const Eigen::Index old_dim = regressors(filled_), dim = regressors(order);
  const auto targets = y_.middleRows(first_, rows());
  for (Eigen::Index j = old_dim; j < dim; ++j) {
    const Eigen::VectorXd cj = column(j);
    gram_(0, j) = gram_(j, 0) = cj.sum();
    for (Eigen::Index i = 1; i <= j; ++i) {
      const Eigen::Index lag = 1 + (i - 1) / y_.cols(), channel = (i - 1) % y_.cols();
      gram_(i, j) = gram_(j, i) = y_.col(channel).segment(first_ - lag, rows()).dot(cj);
    }
    cross_.row(j) = cj.transpose() * targets;
    // Column j costs rows x j products: the share done grows as j^2.
    report_progress((double(j + 1) * double(j + 1) - double(old_dim) * double(old_dim)) /
                    (double(dim) * double(dim) - double(old_dim) * double(old_dim)));
  }
  filled_ = order;
}

Eigen::MatrixXd LagRegression::gram(int order) {
  grow(order);
  return gram_.topLeftCorner(regressors(order), regressors(order));
}

Eigen::MatrixXd LagRegression::cross(int order) {
  grow(order);
  return cross_.topRows(regressors(order));
}

Eigen::MatrixXd LagRegression::coefficients(int order, double ridge) {
  grow(order);
  return solve_normal_equations(gram(order), cross(order), ridge);
}

VarModel LagRegression::fit(int order, double ridge) {
  const Eigen::MatrixXd B = coefficients(order, ridge);
  VarModel model = var_from_coefficients(B, Eigen::MatrixXd::Zero(y_.cols(), y_.cols()));
  const Eigen::MatrixXd E = residuals(model);
  model.noise_cov = E.transpose() * E / double(rows());
  return model;
}

Eigen::MatrixXd LagRegression::residuals(const VarModel& model) const {
  if (model.order() > max_order_ || model.channels() != y_.cols())
    throw Error("lag regression: a model of order " + std::to_string(model.order()) + " and " +
                std::to_string(model.channels()) + " channels does not fit these rows");
  Eigen::MatrixXd E = y_.middleRows(first_, rows());
  E.rowwise() -= model.intercept.transpose();
  for (int k = 1; k <= model.order(); ++k)
    E.noalias() -= y_.middleRows(first_ - k, rows()) * model.lags[std::size_t(k - 1)].transpose();
  return E;
}

VarModel var_from_coefficients(const Eigen::Ref<const Eigen::MatrixXd>& B, const Eigen::Ref<const Eigen::MatrixXd>& sigma) {
  const Eigen::Index n = B.cols();
  if (n == 0 || (B.rows() - 1) % n != 0 || sigma.rows() != n || sigma.cols() != n)
    throw Error("var model: coefficients must be (1 + p n) x n and the noise covariance n x n, got " +
                size_text(B.rows(), B.cols()) + " and " + size_text(sigma.rows(), sigma.cols()));
  VarModel m;
  m.intercept = B.row(0).transpose();
  const Eigen::Index p = (B.rows() - 1) / n;
  for (Eigen::Index k = 0; k < p; ++k) m.lags.push_back(B.middleRows(1 + k * n, n).transpose());
  m.noise_cov = sigma;
  return m;
}

}  // namespace rnnbook
