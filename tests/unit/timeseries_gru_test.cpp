// The GRU of the forecasting benchmark (SCIENCE.md 13.2): its BPTT gradient and the Gaussian-head
// forecaster's gradient against central finite differences; the forward pass against a scalar
// re-implementation of PyTorch's equations; a short training run lowers the loss.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "timeseries/gru_forecaster.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace timeseries_gru_test {

double sigmoid(double a) { return 1 / (1 + std::exp(-a)); }

// h_L of one sequence, entry by entry from the equations (std:: functions: an independent oracle).
VectorXd reference_final_state(const GruWeights& w, const std::vector<MatrixXd>& x, Eigen::Index b) {
  const Eigen::Index N = w.hidden();
  VectorXd h = VectorXd::Zero(N);
  for (const MatrixXd& xt : x) {
    const VectorXd gx = w.Wx * xt.col(b) + w.bx, gh = w.Wh * h + w.bh;
    VectorXd next(N);
    for (Eigen::Index i = 0; i < N; ++i) {
      const double r = sigmoid(gx(i) + gh(i)), z = sigmoid(gx(N + i) + gh(N + i));
      const double n = std::tanh(gx(2 * N + i) + r * gh(2 * N + i));
      next(i) = (1 - z) * n + z * h(i);
    }
    h = next;
  }
  return h;
}

std::vector<MatrixXd> random_inputs(Eigen::Index inputs, Eigen::Index batch, int steps, Rng& rng) {
  std::vector<MatrixXd> x(std::size_t(steps), MatrixXd(inputs, batch));
  for (MatrixXd& xt : x)
    for (Eigen::Index i = 0; i < xt.size(); ++i) xt.data()[i] = rng.normal();
  return x;
}

}  // namespace timeseries_gru_test

using namespace timeseries_gru_test;

TEST_CASE("the GRU forward pass follows PyTorch's equations", "[timeseries]") {
  Rng rng(4);
  const GruWeights w = GruWeights::uniform(2, 5, rng);
  const std::vector<MatrixXd> x = random_inputs(2, 3, 7, rng);
  GruTrace trace;
  gru_forward(w, x, trace);
  for (Eigen::Index b = 0; b < 3; ++b)
    CHECK((trace.final_state().col(b) - reference_final_state(w, x, b)).cwiseAbs().maxCoeff() < 1e-14);
  VectorXd flat(w.size());
  w.write_to(flat);
  GruWeights back = GruWeights::zeros(2, 5);
  back.read_from(flat);
  CHECK(back.Wh == w.Wh);
  CHECK(back.bh == w.bh);
  CHECK_THROWS_AS(gru_forward(w, {MatrixXd(3, 3)}, trace), Error);
}

TEST_CASE("GRU BPTT gradient matches central finite differences", "[timeseries]") {
  Rng rng(5);
  const Eigen::Index I = 2, N = 4, B = 3;
  const GruWeights w = GruWeights::uniform(I, N, rng);
  const std::vector<MatrixXd> x = random_inputs(I, B, 6, rng);
  const MatrixXd weight = MatrixXd::Random(N, B);  // loss = sum weight .* h_L
  const auto loss_at = [&](const VectorXd& theta) {
    GruWeights wt = GruWeights::zeros(I, N);
    wt.read_from(theta);
    GruTrace tr;
    gru_forward(wt, x, tr);
    return tr.final_state().cwiseProduct(weight).sum();
  };
  GruTrace trace;
  gru_forward(w, x, trace);
  GruWeights grad = GruWeights::zeros(I, N);
  gru_backward(w, x, trace, weight, grad);
  VectorXd theta(w.size()), g(w.size()), fd(w.size());
  w.write_to(theta);
  grad.write_to(g);
  const double eps = 1e-6;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    VectorXd up = theta, down = theta;
    up(i) += eps;
    down(i) -= eps;
    fd(i) = (loss_at(up) - loss_at(down)) / (2 * eps);
  }
  CHECK((g - fd).norm() < 1e-8 * fd.norm());
}

TEST_CASE("GRU forecaster: Gaussian-NLL gradient matches central finite differences", "[timeseries]") {
  Rng rng(6);
  GruForecasterSettings s;
  s.context = 6;
  s.hidden = 4;
  s.horizon = 3;
  const GruForecaster model = GruForecaster::initial(s, rng);
  MatrixXd contexts(6, 5), futures(3, 5);
  for (Eigen::Index i = 0; i < contexts.size(); ++i) contexts.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < futures.size(); ++i) futures.data()[i] = rng.normal();
  VectorXd grad;
  const double loss = gru_forecast_loss(model, contexts, futures, &grad);
  // The loss is the mean NLL of the predictive gru_predict returns.
  MatrixXd means, sds;
  gru_predict(model, contexts, means, sds);
  const double nll = (sds.array().log() + 0.5 * ((futures - means).array() / sds.array()).square()).mean();
  CHECK(std::abs(loss - nll) < 1e-13);
  CHECK((sds.array() > 1e-3).all());
  VectorXd theta(model.size()), fd(model.size());
  model.write_to(theta);
  const double eps = 1e-6;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    VectorXd up = theta, down = theta;
    up(i) += eps;
    down(i) -= eps;
    GruForecaster mu = model, md = model;
    mu.read_from(up);
    md.read_from(down);
    fd(i) = (gru_forecast_loss(mu, contexts, futures) - gru_forecast_loss(md, contexts, futures)) / (2 * eps);
  }
  CHECK((grad - fd).norm() < 1e-7 * fd.norm());
}

TEST_CASE("GRU forecaster: training on noisy oscillations lowers the loss", "[timeseries]") {
  // The last value is a poor forecast of a sine of period 12; the network must learn the phase.
  Rng rng(7);
  MatrixXd y(600, 2);
  for (Eigen::Index t = 0; t < y.rows(); ++t)
    for (int c = 0; c < 2; ++c) y(t, c) = std::sin(0.5236 * double(t) + c) + 0.05 * rng.normal();
  GruForecasterSettings s;
  s.context = 10;
  s.hidden = 6;
  s.horizon = 5;
  s.steps = 150;
  s.batch = 16;
  s.lr = 1e-2;
  std::vector<double> losses;
  const GruForecaster m = train_gru_forecaster(y, 0, 600, s, 1, [&](int, double loss) {
    losses.push_back(loss);
    return true;
  });
  REQUIRE(losses.size() == 150);
  const auto mean_of = [&](std::size_t from) {
    double t = 0;
    for (std::size_t k = from; k < from + 20; ++k) t += losses[k];
    return t / 20;
  };
  CHECK(mean_of(130) < mean_of(0) - 0.3);
  const GaussianForecast f = gru_forecast(m, y, 599, 10);
  CHECK(f.mean.rows() == 5);
  CHECK(f.mean.cols() == 2);
  // Stop after 3 steps.
  int calls = 0;
  train_gru_forecaster(y, 0, 600, s, 1, [&](int step, double) { return ++calls, step < 3; });
  CHECK(calls == 3);
  CHECK_THROWS_WITH(train_gru_forecaster(y, 0, 12, s, 1), Catch::Contains("too short"));
}
