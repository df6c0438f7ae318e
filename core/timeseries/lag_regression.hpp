#pragma once
// Least squares of y_t on the lagged regressors x_t = [1, y_{t-1}^T, ..., y_{t-p}^T] (lag-major:
// the n channels of lag 1, then of lag 2, ...), for every order p <= max_order on the same target
// rows, from one Gram matrix grown as higher orders are asked for (SCIENCE.md 13.2 AR/VAR order
// search, 14.1 Granger). Shared by the forecasting and causality code and by any AR/VAR fit.
#include <Eigen/Dense>

#include "common/error.hpp"
#include "timeseries/var_model.hpp"

namespace rnnbook {

// The design X (rows: targets t = first..end-1; columns 1 + order n) of y (T x n, rows are time).
// Throws rnnbook::Error unless order <= first <= end <= T.
Eigen::MatrixXd lagged_design(const Eigen::Ref<const Eigen::MatrixXd>& y, int order, Eigen::Index first,
                              Eigen::Index end);

// X^T X (+ the ridge) is not positive definite: the regressors are collinear, e.g. the lags of a
// series that an order below this one already predicts exactly (a sine is AR(2)).
class CollinearRegressors : public Error {
 public:
  using Error::Error;
};

// B = argmin ||Y - X B||^2 + lambda ||B without its first row||^2 with lambda = ridge tr(X^T X)/dim
// (the intercept, column 0 of X, is not shrunk). Throws rnnbook::Error on mismatched rows or when
// X^T X + lambda is not positive definite (collinear regressors: use a ridge).
Eigen::MatrixXd least_squares(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                              double ridge = 0.0);

class LagRegression {
 public:
  // Targets y_t for t in [first, end); every order uses these rows. Throws rnnbook::Error unless
  // 1 <= max_order <= first < end <= T and the rows outnumber the regressors of max_order.
  LagRegression(const Eigen::Ref<const Eigen::MatrixXd>& y, int max_order, Eigen::Index first, Eigen::Index end);

  int max_order() const { return max_order_; }
  Eigen::Index rows() const { return end_ - first_; }
  Eigen::Index channels() const { return y_.cols(); }
  Eigen::Index regressors(int order) const { return 1 + Eigen::Index(order) * y_.cols(); }

  // X^T X and X^T Y of the given order (leading blocks of the max-order ones).
  Eigen::MatrixXd gram(int order);
  Eigen::MatrixXd cross(int order);

  // The least-squares coefficients ((1 + order n) x n, as least_squares) and the fitted model with
  // the maximum-likelihood noise covariance Sigma = E^T E / rows of the residuals E.
  Eigen::MatrixXd coefficients(int order, double ridge = 0.0);
  VarModel fit(int order, double ridge = 0.0);
  // The residuals Y - X B (rows x n) of a model of order <= max_order on these rows.
  Eigen::MatrixXd residuals(const VarModel& model) const;

 private:
  void grow(int order);  // fills gram_ and cross_ up to this order
  Eigen::VectorXd column(Eigen::Index j) const;  // column j of the max-order design

  Eigen::MatrixXd y_;
  int max_order_;
  Eigen::Index first_, end_;
  int filled_ = 0;  // gram_/cross_ hold the blocks of orders <= filled_
  Eigen::MatrixXd gram_, cross_;
};

// The model of coefficients B ((1 + p n) x n, as least_squares returns) with noise covariance sigma.
VarModel var_from_coefficients(const Eigen::Ref<const Eigen::MatrixXd>& B, const Eigen::Ref<const Eigen::MatrixXd>& sigma);

}  // namespace rnnbook
