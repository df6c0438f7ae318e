#include <catch2/catch.hpp>
#include <cmath>

#include "random_network.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using testing::random_batch;
using testing::random_parameters;

TEST_CASE("forward pass matches the closed form of a constant drive", "[rnn]") {
  // W = 0, U = 0: h_t = (1 - a) h_{t-1} + a tanh(b)  =>  h_t = tanh(b) (1 - (1 - a)^t).
  RnnShape s{3, 2, 1, 0.3, CellKind::rate, Activation::tanh, true};
  RnnParameters p(s);
  p.b() << 0.5, -1.0, 2.0;
  p.C() << 1.0, 2.0, -1.0;
  p.c()(0) = 0.25;
  Batch batch = random_batch(6, 2, 2, 1, 3);
  Trajectory traj;
  forward(p, batch, traj);
  for (std::size_t t = 1; t <= 6; ++t)
    for (int i = 0; i < 3; ++i)
      CHECK(traj.h(t, 1, i) == Approx(std::tanh(p.b()(i)) * (1 - std::pow(0.7, double(t)))).epsilon(1e-14));
  const double y3 = p.C().row(0).dot(step_block(traj.h, 3).col(0)) + 0.25;
  CHECK(traj.y(2, 0, 0) == Approx(y3).epsilon(1e-14));

  SECTION("the loss is the masked mean of 1/2 squared errors") {
    double sum = 0, count = 0;
    for (std::size_t t = 0; t < 6; ++t)
      for (std::size_t b = 0; b < 2; ++b) {
        const double d = traj.y(t, b, 0) - batch.y(t, b, 0);
        sum += batch.mask(t, b) * 0.5 * d * d;
        count += batch.mask(t, b);
      }
    CHECK(mse_loss(traj, batch) == Approx(sum / count).epsilon(1e-14));
  }
}

TEST_CASE("BPTT gradient matches central finite differences (SCIENCE.md U1)", "[rnn][gradient]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus, Activation::identity, Activation::relu);
  const double leak = GENERATE(1.0, 0.35);
  const bool bias = GENERATE(true, false);
  const auto loss = GENERATE(LossKind::mse, LossKind::cross_entropy);
  RnnShape s{5, 3, 2, leak, cell, act, bias};
  // Identity cells grow without bound for gain > 1; keep them contractive.
  RnnParameters p = random_parameters(s, 17);
  if (act == Activation::identity) p.W() *= 0.5;
  Batch batch = random_batch(7, 3, 3, 2, 18);
  Trajectory traj;
  RnnParameters grad(s);
  loss_and_gradient(p, batch, traj, grad, loss);

  Eigen::VectorXd fd(p.flat().size());
  const double h = 1e-5;
  for (Eigen::Index k = 0; k < fd.size(); ++k) {
    RnnParameters q = p;
    q.flat()(k) += h;
    forward(q, batch, traj);
    const double up = trajectory_loss(traj, batch, loss);
    q.flat()(k) -= 2 * h;
    forward(q, batch, traj);
    const double down = trajectory_loss(traj, batch, loss);
    fd(k) = (up - down) / (2 * h);
  }
  if (!bias) fd.segment(s.hidden * (s.hidden + s.inputs), s.hidden).setZero();  // b is not a parameter
  const double rel = (fd - grad.flat()).norm() / grad.flat().norm();
  INFO(cell_name(cell) << " " << activation_name(act) << " " << loss_name(loss) << " leak " << leak << " bias " << bias
                       << " relative error " << rel);
  CHECK(rel < 1e-6);
  CHECK(grad.flat().norm() > 1e-3);  // a zero gradient would pass trivially
}

TEST_CASE("current and ctrnn cells match their closed forms", "[rnn]") {
  Batch batch = random_batch(5, 2, 2, 1, 3);
  batch.x.fill(0.0);
  SECTION("current cell with W = 0: h_t = b (1 - (1-a)^t)") {
    RnnShape s{2, 2, 1, 0.4, CellKind::current, Activation::tanh, true};
    RnnParameters p(s);
    p.W().setConstant(0.0);
    p.b() << 0.7, -1.5;
    Trajectory traj;
    forward(p, batch, traj);
    for (std::size_t t = 1; t <= 5; ++t)
      CHECK(traj.h(t, 0, 1) == Approx(-1.5 * (1 - std::pow(0.6, double(t)))).epsilon(1e-14));
  }
  SECTION("ctrnn cell with a = 1, W = 0: h_t = phi(b)") {
    RnnShape s{2, 2, 1, 1.0, CellKind::ctrnn, Activation::relu, true};
    RnnParameters p(s);
    p.b() << 0.7, -1.5;
    Trajectory traj;
    forward(p, batch, traj);
    CHECK(traj.h(3, 1, 0) == Approx(0.7).epsilon(1e-14));
    CHECK(traj.h(3, 1, 1) == 0.0);
  }
  SECTION("without bias, b is ignored") {
    RnnShape s{2, 2, 1, 1.0, CellKind::rate, Activation::tanh, false};
    RnnParameters p(s);
    p.b() << 0.7, -1.5;
    Trajectory traj;
    forward(p, batch, traj);
    CHECK(traj.h(2, 0, 0) == 0.0);
  }
}

TEST_CASE("activations and their derivatives", "[rnn]") {
  Eigen::MatrixXd x(1, 5), y(1, 5), d(1, 5);
  x << -30.0, -1.0, 0.0, 0.5, 40.0;
  apply_phi(Activation::softplus, x, y);
  CHECK(y(0, 0) == Approx(std::log1p(std::exp(-30.0))).epsilon(1e-12));
  CHECK(y(0, 4) == Approx(40.0).epsilon(1e-15));  // no overflow
  CHECK(y(0, 2) == Approx(std::log(2.0)).epsilon(1e-15));
  for (Activation f : {Activation::tanh, Activation::softplus, Activation::identity, Activation::relu}) {
    apply_dphi(f, x, d);
    for (int i : {1, 3}) {  // away from relu's kink
      Eigen::MatrixXd up = x, down = x, yu(1, 5), yd(1, 5);
      up(0, i) += 1e-6;
      down(0, i) -= 1e-6;
      apply_phi(f, up, yu);
      apply_phi(f, down, yd);
      INFO(activation_name(f) << " at " << x(0, i));
      CHECK(d(0, i) == Approx((yu(0, i) - yd(0, i)) / 2e-6).epsilon(1e-8));
    }
  }
  CHECK(activation_from_name("relu") == Activation::relu);
  CHECK_THROWS_WITH(activation_from_name("gelu"), Catch::Matchers::Contains("got \"gelu\""));
  CHECK(cell_from_name("ctrnn") == CellKind::ctrnn);
}

TEST_CASE("loss_and_gradient returns the same loss as forward + mse_loss", "[rnn]") {
  RnnShape s{4, 2, 2, 0.5, CellKind::ctrnn, Activation::tanh, true};
  RnnParameters p = random_parameters(s, 5), grad(s);
  Batch batch = random_batch(5, 4, 2, 2, 6);
  Trajectory traj;
  const double l1 = loss_and_gradient(p, batch, traj, grad);
  forward(p, batch, traj);
  CHECK(l1 == Approx(mse_loss(traj, batch)).epsilon(1e-14));
}

TEST_CASE("gaussian_init has the documented scales", "[rnn]") {
  RnnShape s{200, 4, 3, 1.0, CellKind::rate, Activation::tanh, true};
  Rng rng(9);
  RnnParameters p = gaussian_init(s, 1.5, rng);
  const double w_var = p.W().squaredNorm() / (200.0 * 200.0);
  CHECK(w_var == Approx(1.5 * 1.5 / 200).epsilon(0.03));
  CHECK(p.U().squaredNorm() / 800.0 == Approx(0.25).epsilon(0.1));
  CHECK(p.b().norm() == 0.0);
}
