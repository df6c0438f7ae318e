// AR/VAR least squares and their Gaussian predictives (SCIENCE.md 13.2, 13.5): U43 (psi-weight sd
// against the AR(1) closed form and the VAR(2) companion-matrix sum; the iterated mean of a
// noise-free VAR reproduces its path), U44 (OLS normal equations), the grown Gram matrix against
// an explicit design, the ridge, and the order search.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "timeseries/lag_regression.hpp"
#include "timeseries/order_search.hpp"
#include "timeseries/var_forecast.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace timeseries_var_test {

// A stable VAR(2) on 3 channels with an intercept and a correlated noise covariance.
VarModel example_var() {
  VarModel m;
  m.intercept = VectorXd::LinSpaced(3, 0.2, -0.4);
  MatrixXd A1(3, 3), A2(3, 3), L(3, 3);
  A1 << 0.5, 0.1, 0.0, -0.2, 0.4, 0.1, 0.1, 0.0, 0.3;
  A2 << 0.1, 0.0, 0.05, 0.0, -0.1, 0.0, 0.05, 0.1, 0.2;
  L << 1.0, 0.0, 0.0, 0.3, 0.8, 0.0, -0.2, 0.1, 0.6;
  m.lags = {A1, A2};
  m.noise_cov = L * L.transpose();
  return m;
}

// T steps of the model from zero, with noise scaled by `noise` (0: the deterministic path).
MatrixXd simulate_var(const VarModel& m, Eigen::Index steps, double noise, std::uint64_t seed) {
  Rng rng(seed);
  const Eigen::Index n = m.channels();
  const MatrixXd L = m.noise_cov.llt().matrixL();
  MatrixXd y = MatrixXd::Zero(steps, n);
  for (Eigen::Index t = m.order(); t < steps; ++t) {
    VectorXd e(n);
    for (Eigen::Index i = 0; i < n; ++i) e(i) = rng.normal();
    VectorXd next = m.intercept;
    for (int k = 1; k <= m.order(); ++k) next.noalias() += m.lags[std::size_t(k - 1)] * y.row(t - k).transpose();
    y.row(t) = (next + noise * L * e).transpose();
  }
  return y;
}

}  // namespace timeseries_var_test

using namespace timeseries_var_test;

TEST_CASE("U43: AR(1) psi-weight sd equals the closed form", "[timeseries]") {
  VarModel ar;
  ar.intercept = VectorXd::Constant(1, 0.3);
  ar.lags = {MatrixXd::Constant(1, 1, 0.8)};
  ar.noise_cov = MatrixXd::Constant(1, 1, 0.25);
  const MatrixXd sd = predictive_sd(ar, 50);
  for (int h = 1; h <= 50; ++h) {
    const double want = 0.5 * std::sqrt((1 - std::pow(0.8, 2 * h)) / (1 - 0.64));
    CHECK(std::abs(sd(h - 1, 0) - want) < 1e-12 * want);
  }
}

TEST_CASE("U43: VAR(2) psi-recursion covariance equals the companion-matrix sum", "[timeseries]") {
  const VarModel m = example_var();
  const int leads = 30;
  const std::vector<MatrixXd> cov = predictive_covariances(m, leads);
  MatrixXd C = MatrixXd::Zero(6, 6), E = MatrixXd::Zero(6, 3);
  C.topLeftCorner(3, 3) = m.lags[0];
  C.topRightCorner(3, 3) = m.lags[1];
  C.bottomLeftCorner(3, 3).setIdentity();
  E.topRows(3).setIdentity();
  MatrixXd power = MatrixXd::Identity(6, 6), sum = MatrixXd::Zero(3, 3);
  const MatrixXd sd = predictive_sd(m, leads);
  for (int h = 1; h <= leads; ++h) {
    const MatrixXd psi = E.transpose() * power * E;
    sum += psi * m.noise_cov * psi.transpose();
    power = C * power;
    CHECK((cov[std::size_t(h - 1)] - sum).cwiseAbs().maxCoeff() < 1e-12 * sum.norm());
    CHECK((sd.row(h - 1).transpose() - sum.diagonal().cwiseSqrt()).cwiseAbs().maxCoeff() < 1e-12);
  }
  CHECK(psi_weights(m, 1).size() == 1);
  CHECK_THROWS_AS(psi_weights(m, 0), Error);
}

TEST_CASE("U43: the iterated mean of a noise-free VAR reproduces its path", "[timeseries]") {
  const VarModel m = example_var();
  MatrixXd y = simulate_var(m, 60, 0.0, 0);
  y.topRows(2) << 1.0, -0.5, 0.3, 0.2, 0.7, -1.0;  // a non-trivial start, then the recursion again
  for (Eigen::Index t = 2; t < y.rows(); ++t) {
    VectorXd next = m.intercept;
    for (int k = 1; k <= 2; ++k) next.noalias() += m.lags[std::size_t(k - 1)] * y.row(t - k).transpose();
    y.row(t) = next.transpose();
  }
  const GaussianForecast f = var_forecast(m, y.topRows(2), 58);
  CHECK((f.mean - y.bottomRows(58)).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(f.sd.rows() == 58);
  CHECK_THROWS_AS(iterated_mean(m, y.topRows(1), 5), Error);
}

TEST_CASE("U44: the lag regression solves the OLS normal equations", "[timeseries]") {
  const VarModel truth = example_var();
  const MatrixXd y = simulate_var(truth, 800, 1.0, 1);
  const int order = 3;
  LagRegression reg(y, 5, 5, 800);
  const MatrixXd B = reg.coefficients(order);
  const MatrixXd X = lagged_design(y, order, 5, 800), Y = y.middleRows(5, 795);
  const MatrixXd normal = X.transpose() * (Y - X * B);
  CHECK(normal.cwiseAbs().maxCoeff() / (X.norm() * Y.norm()) < 1e-12);
  // The grown Gram matrix is the explicit design's.
  CHECK((reg.gram(order) - X.transpose() * X).norm() < 1e-12 * (X.transpose() * X).norm());
  CHECK((least_squares(X, Y) - B).norm() < 1e-10 * B.norm());
  // Fitting a lower order after a higher one reads the leading blocks.
  const MatrixXd X1 = lagged_design(y, 1, 5, 800);
  CHECK((reg.coefficients(1) - least_squares(X1, Y)).norm() < 1e-10);
  // The model: coefficients in place, Sigma = E^T E / rows, residuals = Y - X B.
  const VarModel fit = reg.fit(order);
  REQUIRE(fit.order() == order);
  CHECK((fit.intercept - B.row(0).transpose()).norm() == 0.0);
  CHECK((fit.lags[1] - B.middleRows(4, 3).transpose()).norm() == 0.0);
  const MatrixXd E = Y - X * B;
  CHECK((reg.residuals(fit) - E).norm() < 1e-12 * E.norm());
  CHECK((fit.noise_cov - E.transpose() * E / 795.0).norm() < 1e-12 * fit.noise_cov.norm());
  // Long data recover the generating model (the order-3 lag is near zero).
  const MatrixXd y_long = simulate_var(truth, 40000, 1.0, 2);
  LagRegression long_reg(y_long, 2, 2, 40000);
  const VarModel est = long_reg.fit(2);
  CHECK((est.lags[0] - truth.lags[0]).cwiseAbs().maxCoeff() < 0.03);
  CHECK((est.lags[1] - truth.lags[1]).cwiseAbs().maxCoeff() < 0.03);
  CHECK((est.noise_cov - truth.noise_cov).cwiseAbs().maxCoeff() < 0.05);
}

TEST_CASE("the ridge solves the shrunk normal equations and leaves the intercept free", "[timeseries]") {
  const MatrixXd y = simulate_var(example_var(), 300, 1.0, 3);
  const MatrixXd X = lagged_design(y, 2, 2, 300), Y = y.middleRows(2, 298);
  const double ridge = 0.05;
  const MatrixXd B = least_squares(X, Y, ridge);
  MatrixXd G = X.transpose() * X;
  const double lambda = ridge * G.trace() / double(G.rows());
  G.diagonal().tail(G.rows() - 1).array() += lambda;
  CHECK((G * B - X.transpose() * Y).cwiseAbs().maxCoeff() < 1e-10 * (X.transpose() * Y).norm());
  LagRegression reg(y, 2, 2, 300);
  CHECK((reg.coefficients(2, ridge) - B).norm() < 1e-10 * B.norm());
  // Collinear regressors: an error naming the cure; a ridge fixes it.
  MatrixXd twins(50, 2);
  for (int t = 0; t < 50; ++t) twins(t, 0) = twins(t, 1) = std::sin(0.3 * t);
  LagRegression collinear(twins, 1, 1, 50);
  CHECK_THROWS_WITH(collinear.coefficients(1), Catch::Contains("ridge"));
  CHECK_NOTHROW(collinear.coefficients(1, 1e-6));
}

TEST_CASE("the lag regression refuses series too short for the order", "[timeseries]") {
  const MatrixXd y = MatrixXd::Random(30, 2);
  CHECK_THROWS_WITH(LagRegression(y, 20, 20, 30), Catch::Contains("cannot fit"));
  CHECK_THROWS_WITH(LagRegression(y, 5, 3, 30), Catch::Contains("too short"));
  CHECK_THROWS_AS(LagRegression(y, 0, 3, 30), Error);
  LagRegression reg(y, 2, 2, 30);
  CHECK_THROWS_AS(reg.fit(3), Error);
  CHECK_THROWS_AS(lagged_design(y, 4, 3, 30), Error);
}

TEST_CASE("the order search stops after `patience` orders without a new best", "[timeseries]") {
  const std::vector<double> scores = {5, 4, 3, 3.5, 3.2, 3.0, 3.1, 9, 1};
  std::vector<int> asked;
  const OrderChoice c = choose_order(20, 3, [&](int p) {
    asked.push_back(p);
    return scores[std::size_t(p - 1)];
  });
  CHECK(c.order == 3);  // 3.0 at order 6 ties, and a tie is not a new best
  CHECK(asked == std::vector<int>{1, 2, 3, 4, 5, 6});
  CHECK(c.scores.size() == 6);
  CHECK(choose_order(4, 10, [](int p) { return p == 2 ? NAN : 10.0 - p; }).order == 4);
  CHECK_THROWS_AS(choose_order(0, 3, [](int) { return 1.0; }), Error);
  CHECK_THROWS_AS(choose_order(3, 3, [](int) { return NAN; }), Error);
}
