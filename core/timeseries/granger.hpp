#pragma once
// Conditional (pairwise-conditional) Granger causality from a VAR(p) with intercept (SCIENCE.md
// 14.1): F[i, j] = ln(RSS_i,reduced / RSS_i,full), where the reduced regression of target i drops
// the p lags of source j. Also the order by BIC and two naive connectivity scores.
#include <Eigen/Dense>

namespace rnnbook {

// By the partitioned-inverse identity RSS_red = RSS_full + beta_J^T ((G^-1)_JJ)^-1 beta_J with
// G = X^T X and J the p columns of source j: one inverse of G and N inverses of size p. Targets are
// rows [first, end) of y (T x N); F is N x N with a zero diagonal. Throws rnnbook::Error when the
// rows cannot fit the order or the regressors are collinear.
Eigen::MatrixXd granger_causality(const Eigen::Ref<const Eigen::MatrixXd>& y, int order, Eigen::Index first,
                                  Eigen::Index end);

// The same by N (N - 1) explicit reduced regressions (the oracle of U47; slow).
Eigen::MatrixXd granger_causality_by_regressions(const Eigen::Ref<const Eigen::MatrixXd>& y, int order,
                                                 Eigen::Index first, Eigen::Index end);

// argmin over p = 1..max_order of ln det Sigma_p + ln(rows) p N^2 / rows, every order fitted on the
// same rows [max_order, end) (Sigma_p the ML residual covariance).
int bic_order(const Eigen::Ref<const Eigen::MatrixXd>& y, int max_order, Eigen::Index end);

// sum over lags of |A_k[i, j]| of the VAR(order) on rows [order, end); zero diagonal.
Eigen::MatrixXd var_coefficient_magnitude(const Eigen::Ref<const Eigen::MatrixXd>& y, int order, Eigen::Index end);

// |corr(y_i(t), y_j(t - 1))| over rows [1, end); zero diagonal.
Eigen::MatrixXd lag_correlation(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index end);

}  // namespace rnnbook
