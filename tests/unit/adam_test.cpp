#include <catch2/catch.hpp>
#include <cmath>

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
