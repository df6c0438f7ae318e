#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "rnn/loss.hpp"

using namespace rnnbook;

TEST_CASE("losses match hand computations, with masks", "[loss]") {
  Batch batch;
  batch.x = xt::zeros<double>({2, 2, 1});
  batch.y = xt::zeros<double>({2, 2, 3});
  batch.mask = {{1.0, 0.0}, {1.0, 1.0}};
  xt::xtensor<double, 3> y = xt::zeros<double>({2, 2, 3});
  batch.y(0, 0, 1) = batch.y(1, 0, 2) = batch.y(1, 1, 0) = 1.0;  // one-hot targets
  y(0, 0, 1) = 2.0;
  y(0, 1, 0) = 100.0;  // masked out: must not count
  y(1, 0, 0) = -1.0;
  y(1, 1, 2) = 0.5;
  SECTION("MSE is the masked mean of 1/2 squared errors") {
    const double e00 = 0.5 * 1.0, e10 = 0.5 * (1.0 + 1.0), e11 = 0.5 * (1.0 + 0.25);
    CHECK(output_loss(y, batch, LossKind::mse) == Approx((e00 + e10 + e11) / 3).epsilon(1e-15));
  }
  SECTION("cross-entropy is the masked mean of -log softmax at the target") {
    auto nll = [](double a, double b, double c, int k) {
      const double v[] = {a, b, c};
      return -(v[k] - std::log(std::exp(a) + std::exp(b) + std::exp(c)));
    };
    const double expected = (nll(0, 2, 0, 1) + nll(-1, 0, 0, 2) + nll(0, 0, 0.5, 0)) / 3;
    CHECK(output_loss(y, batch, LossKind::cross_entropy) == Approx(expected).epsilon(1e-14));
  }
  SECTION("large logits do not overflow") {
    y(0, 0, 1) = 800.0;
    CHECK(std::isfinite(output_loss(y, batch, LossKind::cross_entropy)));
  }
  SECTION("an empty mask gives 0") {
    batch.mask.fill(0.0);
    CHECK(output_loss(y, batch, LossKind::mse) == 0.0);
  }
  CHECK(loss_from_name("cross_entropy") == LossKind::cross_entropy);
  CHECK_THROWS_AS(loss_from_name("hinge"), Error);
}
