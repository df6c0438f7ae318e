// Connectivity from time series (SCIENCE.md 14.1, 14.4): U47 (Granger by the partitioned inverse
// equals explicit reduced regressions), U48 (attention rows sum to 1, masked diagonal exactly 0),
// U49 (relabelling neurons permutes the attention as P A P^T), U50 (AUROC depends on the order of
// the scores only), the attention forecaster's gradient against central finite differences, and
// the two network generators.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "timeseries/attention_forecaster.hpp"
#include "timeseries/auroc.hpp"
#include "timeseries/granger.hpp"
#include "timeseries/network_series.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace timeseries_causality_test {

AttentionSettings small_attention() {
  AttentionSettings s;
  s.context = 4;
  s.width = 6;
  s.heads = 2;
  s.key_width = 3;
  s.hidden = 5;
  return s;
}

MatrixXd random_series(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng(seed);
  MatrixXd y(rows, cols);
  for (Eigen::Index i = 0; i < y.size(); ++i) y.data()[i] = rng.normal();
  return y;
}

}  // namespace timeseries_causality_test

using namespace timeseries_causality_test;

TEST_CASE("U47: Granger by the partitioned inverse equals explicit reduced regressions", "[timeseries]") {
  RateNetworkSettings s;
  s.neurons = 6;
  s.density = 0.4;
  s.samples = 803;
  s.burn_in = 50;
  const NetworkSeries net = rate_network_series(s, 3);
  const int p = 3;
  const MatrixXd F = granger_causality(net.series, p, p, 803);
  const MatrixXd oracle = granger_causality_by_regressions(net.series, p, p, 803);
  CHECK((F - oracle).cwiseAbs().maxCoeff() < 1e-10);
  CHECK(F.diagonal().isZero(0));
  MatrixXd off = F;
  off.diagonal().setConstant(1.0);
  CHECK(off.minCoeff() >= 0.0);
  // A two-neuron chain x -> y: F[y, x] large, F[x, y] near zero.
  Rng rng(1);
  MatrixXd chain = MatrixXd::Zero(2000, 2);
  for (Eigen::Index t = 1; t < 2000; ++t) {
    chain(t, 0) = 0.5 * chain(t - 1, 0) + rng.normal();
    chain(t, 1) = 0.5 * chain(t - 1, 1) + 0.8 * chain(t - 1, 0) + rng.normal();
  }
  const MatrixXd Fc = granger_causality(chain, 2, 2, 2000);
  CHECK(Fc(1, 0) > 0.2);
  CHECK(Fc(0, 1) < 0.01);
  CHECK(bic_order(chain, 6, 2000) == 1);
  CHECK(var_coefficient_magnitude(chain, 1, 2000)(1, 0) == Approx(0.8).margin(0.05));
  CHECK(lag_correlation(chain, 2000)(1, 0) > lag_correlation(chain, 2000)(0, 1));
}

TEST_CASE("U50: AUROC depends only on the order of the scores", "[timeseries]") {
  // Hand-computed: positives {0.9, 0.4}, negatives {0.5, 0.1, 0.4}: pairs won 3 + 1 + 0.5 (tie) of 6.
  CHECK(auroc({0.9, 0.5, 0.4, 0.1, 0.4}, {true, false, true, false, false}) == Approx(4.5 / 6).epsilon(1e-15));
  CHECK_THROWS_AS(auroc({0.1, 0.2}, {true, true}), Error);
  Rng rng(2);
  MatrixXd W = MatrixXd::Zero(12, 12), scores(12, 12);
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) {
      if (i != j && rng.bernoulli(0.3)) W(i, j) = rng.normal();
      scores(i, j) = rng.uniform();
    }
  const double base = connectivity_auroc(scores, W);
  const MatrixXd transformed = scores.unaryExpr([](double v) { return std::exp(3 * v) - 7; });
  CHECK(connectivity_auroc(transformed, W) == base);
  // |W| plus a perturbation below the smallest nonzero |W| ranks every edge first.
  const MatrixXd near = W.cwiseAbs() + 1e-9 * scores;
  CHECK(connectivity_auroc(near, W) == 1.0);
  // The paper's convention adds the diagonal as negatives with score 0.
  const double with_diag = connectivity_auroc(near, W, true);
  CHECK(with_diag == 1.0);
  CHECK(connectivity_auroc(-W.cwiseAbs(), W, true) < 0.2);
}

TEST_CASE("U48: attention rows sum to 1 and the masked diagonal is exactly 0", "[timeseries]") {
  Rng rng(3);
  const AttentionForecaster m = AttentionForecaster::initial(small_attention(), 7, rng);
  const MatrixXd y = random_series(40, 7, 4);
  const std::vector<MatrixXd> maps = attention_maps(m, y, 20);
  REQUIRE(maps.size() == 2);
  for (const MatrixXd& A : maps) {
    CHECK((A.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
    CHECK(A.diagonal().isZero(0));
    CHECK(A.minCoeff() >= 0.0);
  }
  MatrixXd readout;
  attention_predict(m, y, attention_origins(0, 40, 4), &readout);
  CHECK((readout.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
  CHECK(readout.diagonal().isZero(0));
}

TEST_CASE("U49: relabelling neurons permutes the attention as P A P^T", "[timeseries]") {
  Rng rng(5);
  const AttentionForecaster m = AttentionForecaster::initial(small_attention(), 6, rng);
  const MatrixXd y = random_series(30, 6, 6);
  const std::vector<int> perm = {3, 0, 5, 1, 4, 2};  // new neuron k is old neuron perm[k]
  AttentionForecaster mp = m;
  MatrixXd yp(y.rows(), 6), P = MatrixXd::Zero(6, 6);
  for (int k = 0; k < 6; ++k) {
    yp.col(k) = y.col(perm[std::size_t(k)]);
    mp.S.col(k) = m.S.col(perm[std::size_t(k)]);
    P(k, perm[std::size_t(k)]) = 1;
  }
  const std::vector<MatrixXd> A = attention_maps(m, y, 12), Ap = attention_maps(mp, yp, 12);
  for (std::size_t h = 0; h < A.size(); ++h) CHECK((Ap[h] - P * A[h] * P.transpose()).cwiseAbs().maxCoeff() < 1e-12);
  const std::vector<Eigen::Index> origins = attention_origins(0, 30, 4);
  MatrixXd R, Rp;
  const MatrixXd pred = attention_predict(m, y, origins, &R), predp = attention_predict(mp, yp, origins, &Rp);
  CHECK((Rp - P * R * P.transpose()).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((predp - pred * P.transpose()).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("attention forecaster: gradient matches central finite differences", "[timeseries]") {
  Rng rng(7);
  const AttentionForecaster m = AttentionForecaster::initial(small_attention(), 5, rng);
  const MatrixXd y = random_series(30, 5, 8);
  const std::vector<Eigen::Index> origins = {5, 11, 17, 28};
  VectorXd grad, theta(m.size()), fd(m.size());
  attention_loss(m, y, origins, &grad);
  m.write_to(theta);
  const double eps = 1e-6;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    VectorXd up = theta, down = theta;
    up(i) += eps;
    down(i) -= eps;
    AttentionForecaster mu = m, md = m;
    mu.read_from(up);
    md.read_from(down);
    fd(i) = (attention_loss(mu, y, origins) - attention_loss(md, y, origins)) / (2 * eps);
  }
  CHECK((grad - fd).norm() < 1e-7 * fd.norm());
  CHECK_THROWS_AS(attention_loss(m, y, {29}), Error);  // no next row
  CHECK_THROWS_AS(attention_loss(m, y, {2}), Error);   // no full context
}

TEST_CASE("attention forecaster: training lowers the loss and R^2 is 1 - SSE/SST", "[timeseries]") {
  RateNetworkSettings rs;
  rs.neurons = 5;
  rs.samples = 400;
  rs.burn_in = 20;
  const NetworkSeries net = rate_network_series(rs, 1);
  AttentionSettings s = small_attention();
  s.epochs = 8;
  s.batch = 16;
  std::vector<double> losses;
  const AttentionForecaster m = train_attention_forecaster(net.series, 0, 300, s, 2, [&](int, int, double loss) {
    losses.push_back(loss);
    return true;
  });
  REQUIRE(losses.size() == 8 * 19);  // 297 windows in batches of 16
  double first = 0, last = 0;
  for (int k = 0; k < 19; ++k) first += losses[std::size_t(k)], last += losses[losses.size() - 1 - std::size_t(k)];
  CHECK(last < 0.8 * first);
  const std::vector<Eigen::Index> test = attention_origins(300, 400, 4);
  const MatrixXd pred = attention_predict(m, net.series, test);
  MatrixXd truth(pred.rows(), 5);
  for (std::size_t k = 0; k < test.size(); ++k) truth.row(Eigen::Index(k)) = net.series.row(test[k] + 1);
  const double sst = (truth.rowwise() - truth.colwise().mean()).squaredNorm();
  CHECK(one_step_r2(pred, net.series, test) == Approx(1 - (pred - truth).squaredNorm() / sst).epsilon(1e-14));
  CHECK(one_step_r2(truth, net.series, test) == 1.0);
}

TEST_CASE("network generators: known connectivity, z-scored observables, seeded", "[timeseries]") {
  IzhikevichSettings is;
  is.neurons = 10;
  is.steps = 1000;
  const NetworkSeries izh = izhikevich_series(is, 0);
  CHECK(izh.series.rows() == 1000);
  CHECK(izh.weights.diagonal().isZero(0));
  CHECK((izh.weights.leftCols(8).array() >= 0).all());   // excitatory columns
  CHECK((izh.weights.rightCols(2).array() <= 0).all());  // inhibitory columns
  CHECK(((izh.weights.array() != 0).cast<double>().sum()) > 0);
  CHECK(std::abs(izh.series.col(0).mean()) < 1e-12);
  CHECK(izh.series.col(3).squaredNorm() / 1000 == Approx(1.0).epsilon(1e-12));
  const MatrixXd again = izhikevich_series(is, 0).series;
  CHECK(again == izh.series);
  RateNetworkSettings rs;
  rs.neurons = 10;
  rs.samples = 200;
  const NetworkSeries rate = rate_network_series(rs, 0);
  const double w = 1.6 / std::sqrt(0.2 * 10);
  for (Eigen::Index i = 0; i < 10; ++i)
    for (Eigen::Index j = 0; j < 10; ++j) {
      const double v = rate.weights(i, j);
      CHECK((v == 0 || std::abs(std::abs(v) - w) < 1e-15));
      if (v != 0) CHECK((j >= 8) == (v < 0));
    }
  CHECK_THROWS_AS(rate_network_series(RateNetworkSettings{1}, 0), Error);
}
