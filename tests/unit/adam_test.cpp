#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "optim/adam.hpp"

using rnnbook::Adam;
using rnnbook::AdamSettings;

TEST_CASE("Adam first step is -lr g / (|g| + eps) element-wise (SCIENCE.md U12)", "[optim]") {
  AdamSettings s;
  s.lr = 0.01;
  s.eps = 1e-3;
  Adam adam(3, s);
  Eigen::VectorXd theta(3), g(3);
  theta << 1.0, -2.0, 0.5;
  g << 0.3, -4.0, 1e-4;
  const Eigen::VectorXd before = theta;
  adam.step(theta, g);
  for (int i = 0; i < 3; ++i)
    CHECK(theta(i) - before(i) == Approx(-0.01 * g(i) / (std::abs(g(i)) + 1e-3)).epsilon(1e-12));
}

TEST_CASE("Adam second step follows the bias-corrected moments, with L2 weight decay", "[optim]") {
  AdamSettings s;
  s.lr = 0.1;
  s.weight_decay = 0.5;
  Adam adam(1, s);
  Eigen::VectorXd theta(1), g(1);
  theta << 2.0;
  double m = 0, v = 0, th = 2.0;
  const double grads[] = {0.7, -0.2};
  for (int k = 1; k <= 2; ++k) {
    g << grads[k - 1];
    adam.step(theta, g);
    const double gk = grads[k - 1] + 0.5 * th;
    m = 0.9 * m + 0.1 * gk;
    v = 0.999 * v + 0.001 * gk * gk;
    th -= 0.1 * (m / (1 - std::pow(0.9, k))) / (std::sqrt(v / (1 - std::pow(0.999, k))) + 1e-8);
    CHECK(theta(0) == Approx(th).epsilon(1e-14));
  }
  CHECK(adam.steps_taken() == 2);
}

namespace {

// torch.optim.Adam written out line by line for one scalar parameter (the test's independent
// reference): denominator sqrt(v)/sqrt(c2) + eps, AMSGrad on the raw v.
struct ScalarAdam {
  double lr, b1, b2, eps, wd;
  bool amsgrad;
  double m = 0, v = 0, vmax = 0;
  int k = 0;
  void step(double& th, double g) {
    ++k;
    g += wd * th;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    vmax = std::max(vmax, v);
    const double c1 = 1 - std::pow(b1, k), c2 = 1 - std::pow(b2, k);
    th -= (lr / c1) * m / (std::sqrt(amsgrad ? vmax : v) / std::sqrt(c2) + eps);
  }
};

}  // namespace

TEST_CASE("Adam and AMSGrad match closed forms for simple gradient sequences", "[optim]") {
  // beta1 = 1/2, beta2 = 3/4, eps = 0 make every step a closed form (worked by hand).
  AdamSettings s;
  s.lr = 0.1;
  s.beta1 = 0.5;
  s.beta2 = 0.75;
  s.eps = 0.0;
  Eigen::VectorXd theta(1), g(1);
  theta << 1.0;
  SECTION("Adam, g = 2, 1: m = 1, 1; v = 1, 1") {
    Adam adam(1, s);
    g << 2.0;
    adam.step(theta, g);
    CHECK(theta(0) == Approx(0.9).epsilon(1e-14));  // 0.1 (1/(1/2)) / sqrt(1/(1/4))
    g << 1.0;
    adam.step(theta, g);
    CHECK(theta(0) == Approx(0.9 - std::sqrt(7.0) / 30).epsilon(1e-14));  // 0.1 (4/3) / sqrt(16/7)
  }
  SECTION("g = 2, 0, 1/2 makes v fall (1, 3/4, 5/8): AMSGrad keeps vmax = 1, Adam does not") {
    s.amsgrad = true;
    Adam ams(1, s);
    s.amsgrad = false;
    Adam adam(1, s);
    Eigen::VectorXd theta_adam = theta;
    const double grads[] = {2.0, 0.0, 0.5};
    // After step 1 both are at 0.9; steps 2 and 3 by hand (m = 1, 1/2, 1/2; c1 = 1/2, 3/4, 7/8;
    // c2 = 1/4, 7/16, 37/64):
    const double ams_path[] = {0.9, 0.9 - std::sqrt(7.0) / 60, 0.9 - std::sqrt(7.0) / 60 - std::sqrt(37.0) / 140};
    const double adam2 = 0.9 - 0.1 * (2.0 / 3.0) * std::sqrt(7.0 / 12.0);
    const double adam_path[] = {0.9, adam2, adam2 - 0.1 * (4.0 / 7.0) / std::sqrt(0.625 / (37.0 / 64.0))};
    const double vmax_path[] = {1.0, 1.0, 1.0}, v_path[] = {1.0, 0.75, 0.625};
    for (int k = 0; k < 3; ++k) {
      g << grads[k];
      ams.step(theta, g);
      adam.step(theta_adam, g);
      CHECK(theta(0) == Approx(ams_path[k]).epsilon(1e-14));
      CHECK(theta_adam(0) == Approx(adam_path[k]).epsilon(1e-14));
      CHECK(ams.max_second_moment()(0) == Approx(vmax_path[k]).epsilon(1e-14));
      CHECK(ams.second_moment()(0) == Approx(v_path[k]).epsilon(1e-14));
    }
    CHECK(std::abs(theta(0) - theta_adam(0)) > 1e-3);  // they part once v falls
    CHECK(adam.max_second_moment().size() == 0);       // plain Adam keeps no vmax
  }
}

TEST_CASE("Adam and AMSGrad follow torch.optim.Adam for three steps on a vector", "[optim]") {
  AdamSettings s;
  s.lr = 0.05;
  s.eps = 1e-8;
  SECTION("Adam") {}
  SECTION("Adam with weight decay") { s.weight_decay = 0.3; }
  SECTION("AMSGrad") { s.amsgrad = true; }
  SECTION("AMSGrad with weight decay") {
    s.amsgrad = true;
    s.weight_decay = 0.3;
  }
  Adam adam(3, s);
  Eigen::VectorXd theta(3), g(3);
  theta << 0.5, -1.0, 2.0;
  double ref[3] = {0.5, -1.0, 2.0};
  std::vector<ScalarAdam> scalar(3, ScalarAdam{s.lr, s.beta1, s.beta2, s.eps, s.weight_decay, s.amsgrad});
  const double grads[3][3] = {{1.0, -0.5, 3.0}, {0.2, -0.5, -2.0}, {-0.1, 0.05, 0.01}};
  for (int k = 0; k < 3; ++k) {
    g << grads[k][0], grads[k][1], grads[k][2];
    adam.step(theta, g);
    for (int i = 0; i < 3; ++i) {
      scalar[std::size_t(i)].step(ref[i], grads[k][i]);
      CHECK(theta(i) == Approx(ref[i]).epsilon(1e-14));
    }
  }
  CHECK(adam.steps_taken() == 3);
}

TEST_CASE("Adam with a mask leaves frozen entries and their state untouched", "[optim]") {
  AdamSettings s;
  s.lr = 0.1;
  s.weight_decay = 0.2;  // would move frozen entries if it were applied to them
  s.amsgrad = GENERATE(false, true);
  Eigen::VectorXd theta0(4);
  theta0 << 1.0, -2.0, 3.0, 0.5;
  Eigen::VectorXd mask_values(4);
  mask_values << 1.0, 0.0, 1.0, 0.0;
  rnnbook::ParameterMask mask;
  SECTION("mask as Eigen::VectorXd") { mask = mask_values; }
  SECTION("mask as std::vector<bool>") { mask = std::vector<bool>{true, false, true, false}; }
  Adam masked(4, s, mask), full(4, s);
  Eigen::VectorXd theta = theta0, theta_full = theta0, g(4);
  for (int k = 0; k < 3; ++k) {
    g << 0.3 * (k + 1), std::nan(""), -0.7, 1e3;  // frozen gradients are never read
    masked.step(theta, g);
    full.step(theta_full, g);
  }
  CHECK(theta(1) == -2.0);
  CHECK(theta(3) == 0.5);
  CHECK(masked.first_moment()(1) == 0.0);
  CHECK(masked.first_moment()(3) == 0.0);
  CHECK(masked.second_moment()(3) == 0.0);
  CHECK(theta(0) == Approx(theta_full(0)).epsilon(1e-14));  // trained entries as without a mask
  CHECK(theta(2) == Approx(theta_full(2)).epsilon(1e-14));
  CHECK(theta(0) != theta0(0));
}

TEST_CASE("Adam rejects a mask or vectors of the wrong size", "[optim]") {
  CHECK_THROWS_WITH(Adam(3, AdamSettings{}, std::vector<bool>{true, false}),
                    "adam: mask must have 3 entries (one per parameter), got 2");
  Eigen::VectorXd half(2);
  half << 1.0, 0.5;
  CHECK_THROWS_WITH(rnnbook::ParameterMask(half), "mask: entries must be 0 (frozen) or 1 (trains), got 0.5 at index 1");
  Adam adam(3, AdamSettings{});
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(3), g = Eigen::VectorXd::Zero(2);
  CHECK_THROWS_WITH(adam.step(theta, g), "adam: theta and gradient must have 3 entries, got 3 and 2");
}
