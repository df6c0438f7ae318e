#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "optim/clip.hpp"
#include "optim/sgd.hpp"

using namespace rnnbook;

TEST_CASE("SGD with momentum matches hand-computed steps (PyTorch convention)", "[optim]") {
  // lr = 0.1, mu = 0.9, g = 1, 2, -1 from theta = 1; by hand.
  SgdSettings s;
  s.lr = 0.1;
  s.momentum = 0.9;
  const double grads[] = {1.0, 2.0, -1.0};
  double buf_path[3], theta_path[3];
  SECTION("no weight decay: buf = 1, 2.9, 1.61") {
    const double b[] = {1.0, 2.9, 1.61}, t[] = {0.9, 0.61, 0.449};
    std::copy(b, b + 3, buf_path);
    std::copy(t, t + 3, theta_path);
  }
  SECTION("weight decay 0.5: g' = 1.5, 2.425, -0.76375") {
    s.weight_decay = 0.5;
    const double b[] = {1.5, 3.775, 2.63375}, t[] = {0.85, 0.4725, 0.209125};
    std::copy(b, b + 3, buf_path);
    std::copy(t, t + 3, theta_path);
  }
  Sgd sgd(1, s);
  Eigen::VectorXd theta(1), g(1);
  theta << 1.0;
  for (int k = 0; k < 3; ++k) {
    g << grads[k];
    sgd.step(theta, g);
    CHECK(sgd.momentum_buffer()(0) == Approx(buf_path[k]).epsilon(1e-14));
    CHECK(theta(0) == Approx(theta_path[k]).epsilon(1e-14));
  }
  CHECK(sgd.steps_taken() == 3);
}

TEST_CASE("SGD without momentum is theta - lr g on a vector", "[optim]") {
  SgdSettings s;
  s.lr = 0.25;
  Sgd sgd(3, s);
  Eigen::VectorXd theta(3), g(3);
  theta << 1.0, 2.0, 3.0;
  g << 4.0, -8.0, 0.5;
  sgd.step(theta, g);
  g << 1.0, 1.0, 1.0;
  sgd.step(theta, g);
  CHECK(theta(0) == Approx(1.0 - 1.0 - 0.25).epsilon(1e-15));
  CHECK(theta(1) == Approx(2.0 + 2.0 - 0.25).epsilon(1e-15));
  CHECK(theta(2) == Approx(3.0 - 0.125 - 0.25).epsilon(1e-15));
}

TEST_CASE("SGD with a mask leaves frozen entries and their buffer untouched", "[optim]") {
  SgdSettings s;
  s.lr = 0.1;
  s.momentum = 0.9;
  s.weight_decay = 0.2;
  ParameterMask mask;
  SECTION("mask as Eigen::VectorXd") {
    Eigen::VectorXd m(3);
    m << 0.0, 1.0, 1.0;
    mask = m;
  }
  SECTION("mask as std::vector<bool>") { mask = std::vector<bool>{false, true, true}; }
  Sgd masked(3, s, mask), full(3, s);
  Eigen::VectorXd theta(3), g(3);
  theta << 5.0, -1.0, 2.0;
  Eigen::VectorXd theta_full = theta;
  for (int k = 0; k < 3; ++k) {
    g << 100.0, 0.5 * k - 0.3, 1.0;
    masked.step(theta, g);
    full.step(theta_full, g);
  }
  CHECK(theta(0) == 5.0);
  CHECK(masked.momentum_buffer()(0) == 0.0);
  CHECK(theta(1) == Approx(theta_full(1)).epsilon(1e-15));
  CHECK(theta(2) == Approx(theta_full(2)).epsilon(1e-15));
  CHECK(theta(2) != 2.0);
  CHECK_THROWS_WITH(Sgd(2, s, mask), "sgd: mask must have 2 entries (one per parameter), got 3");
}

TEST_CASE("clip_global_norm follows torch.nn.utils.clip_grad_norm_", "[optim]") {
  Eigen::VectorXd g(3);
  g << 3.0, 0.0, -4.0;  // norm 5
  SECTION("above the threshold: scaled by max_norm / (norm + 1e-6), returns the old norm") {
    CHECK(clip_global_norm(g, 2.0) == 5.0);
    CHECK(g(0) == Approx(3.0 * 2.0 / (5.0 + 1e-6)).epsilon(1e-15));
    CHECK(g(2) == Approx(-4.0 * 2.0 / (5.0 + 1e-6)).epsilon(1e-15));
    CHECK(g(1) == 0.0);
    CHECK(g.norm() < 2.0);
  }
  SECTION("below the threshold: unchanged") {
    CHECK(clip_global_norm(g, 7.5) == 5.0);
    CHECK(g(0) == 3.0);
    CHECK(g(2) == -4.0);
  }
  SECTION("exactly at the threshold PyTorch still scales, by 5 / (5 + 1e-6)") {
    CHECK(clip_global_norm(g, 5.0) == 5.0);
    CHECK(g(0) == Approx(3.0 * 5.0 / (5.0 + 1e-6)).epsilon(1e-15));
    CHECK(g(0) < 3.0);
  }
  SECTION("max_norm must be positive and finite") {
    CHECK_THROWS_WITH(clip_global_norm(g, 0.0), "clip: max_norm must be a positive finite number, got 0");
    CHECK_THROWS_AS(clip_global_norm(g, -1.0), Error);
    CHECK_THROWS_AS(clip_global_norm(g, INFINITY), Error);
  }
}
