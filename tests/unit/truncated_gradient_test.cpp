#include <catch2/catch.hpp>
#include <cmath>

#include "random_network.hpp"
#include "relative_error.hpp"
#include "common/error.hpp"
#include "rnn/network.hpp"
#include "rnn/truncated_gradient.hpp"

using namespace rnnbook;
using rnnbook::testing::relative_error;
using testing::random_batch;
using testing::random_parameters;

namespace {


// The recurrent part (W, U, b) of a flat gradient.
Eigen::VectorXd recurrent(const RnnParameters& g) {
  const auto& s = g.shape();
  return g.flat().head(Eigen::Index(s.hidden) * (s.hidden + s.inputs + 1));
}

// The loss of the network whose W multiplies the state of a frozen trajectory (h_{t-1}, or
// phi(h_{t-1}) for the current cell) while the leak path and phi' use the live state: its
// gradient at the parameters that produced `frozen` is, by definition, the truncated gradient
// (stop_gradient on the state entering W., SCIENCE.md 1.5).
double frozen_site_loss(const RnnParameters& q, const Batch& batch, const Trajectory& frozen) {
  const auto& s = q.shape();
  const std::size_t T = batch.steps();
  const Eigen::Index N = s.hidden, B = Eigen::Index(batch.trials());
  const double a = s.leak;
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(N, B), u(N, B), site(N, B), ph(N, B);
  double loss = 0.0, count = 0.0;
  for (std::size_t t = 0; t < T; ++t) {
    const auto hf = step_block(frozen.h, t);
    if (s.cell == CellKind::current) apply_phi(s.activation, hf, site);
    else site = hf;
    u = q.W() * site + q.U() * step_block(batch.x, t);
    if (s.bias) u.colwise() += q.b().col(0);
    switch (s.cell) {
      case CellKind::rate:
        apply_phi(s.activation, u, ph);
        h = (1 - a) * h + a * ph;
        break;
      case CellKind::current: h = (1 - a) * h + a * u; break;
      case CellKind::ctrnn:
        u = (1 - a) * h + a * u;
        apply_phi(s.activation, u, ph);
        h = ph;
        break;
    }
    Eigen::MatrixXd y = q.C() * h;
    y.colwise() += q.c().col(0);
    const Eigen::MatrixXd d = y - step_block(batch.y, t);
    for (Eigen::Index b = 0; b < B; ++b) {
      loss += batch.mask(t, std::size_t(b)) * 0.5 * d.col(b).squaredNorm();
      count += batch.mask(t, std::size_t(b));
    }
  }
  return loss / count;
}

}  // namespace

TEST_CASE("truncated gradient equals the exact gradient when W = 0 (SCIENCE.md U11)", "[truncated]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus, Activation::relu);
  const double leak = GENERATE(1.0, 0.35);
  RnnShape s{5, 3, 2, leak, cell, act, true};
  RnnParameters p = random_parameters(s, 21);
  p.W().setZero();  // then A_t = A~_t for every cell
  Batch batch = random_batch(8, 3, 3, 2, 22);
  Trajectory traj;
  RnnParameters exact(s), truncated(s);
  const double l_exact = loss_and_gradient(p, batch, traj, exact);
  const double l_trunc = truncated_loss_and_gradient(p, batch, traj, truncated);
  const double r = relative_error(truncated.flat(), exact.flat());
  INFO(cell_name(cell) << " " << activation_name(act) << " leak " << leak << ": relative difference " << r);
  CHECK(r < 1e-12);
  CHECK(l_trunc == Approx(l_exact).epsilon(1e-14));
  CHECK(exact.W().norm() > 1e-3);  // the W gradient is non-trivial even at W = 0
}

TEST_CASE("truncated gradient differs from the exact one for random W, except for C and c", "[truncated]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const double leak = GENERATE(1.0, 0.35);
  RnnShape s{5, 3, 2, leak, cell, Activation::tanh, true};
  const RnnParameters p = random_parameters(s, 31);
  Batch batch = random_batch(8, 3, 3, 2, 32);
  Trajectory traj;
  RnnParameters exact(s), truncated(s);
  loss_and_gradient(p, batch, traj, exact);
  truncated_loss_and_gradient(p, batch, traj, truncated);
  const double r = relative_error(recurrent(truncated), recurrent(exact));
  INFO(cell_name(cell) << " leak " << leak << ": relative difference of the W, U, b gradient " << r);
  CHECK(r > 1e-2);
  const Eigen::Index readout = Eigen::Index(s.outputs) * (s.hidden + 1);
  CHECK(relative_error(truncated.flat().tail(readout), exact.flat().tail(readout)) < 1e-14);
}

TEST_CASE("the e-prop eligibility form equals the truncated adjoint form (SCIENCE.md U11)", "[truncated]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus, Activation::relu, Activation::identity);
  const double leak = GENERATE(1.0, 0.35);
  const bool bias = GENERATE(true, false);
  const auto kind = GENERATE(LossKind::mse, LossKind::cross_entropy);
  RnnShape s{6, 3, 2, leak, cell, act, bias};
  RnnParameters p = random_parameters(s, 41);
  if (act == Activation::identity) p.W() *= 0.5;
  Batch batch = random_batch(9, 4, 3, 2, 42);
  Trajectory traj;
  RnnParameters adjoint(s), online(s);
  const double l1 = truncated_loss_and_gradient(p, batch, traj, adjoint, kind);
  const double l2 = eligibility_loss_and_gradient(p, batch, traj, online, kind);
  const double r = relative_error(online.flat(), adjoint.flat());
  INFO(cell_name(cell) << " " << activation_name(act) << " leak " << leak << " bias " << bias
                       << ": relative difference " << r);
  CHECK(r < 1e-12);
  CHECK(l1 == Approx(l2).epsilon(1e-12).margin(1e-15));  // summed in opposite time orders
  CHECK(recurrent(adjoint).norm() > 1e-3);
  if (!bias) CHECK(adjoint.b().norm() == 0.0);
}

TEST_CASE("truncated gradient is the gradient with the state entering W frozen (finite differences)", "[truncated]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus);
  const double leak = GENERATE(1.0, 0.35);
  RnnShape s{5, 3, 2, leak, cell, act, true};
  const RnnParameters p = random_parameters(s, 51);
  Batch batch = random_batch(7, 3, 3, 2, 52);
  Trajectory frozen;
  RnnParameters truncated(s);
  const double loss = truncated_loss_and_gradient(p, batch, frozen, truncated);
  REQUIRE(frozen_site_loss(p, batch, frozen) == Approx(loss).epsilon(1e-13));  // same forward pass

  Eigen::VectorXd fd(p.flat().size());
  const double h = 1e-5;
  for (Eigen::Index k = 0; k < fd.size(); ++k) {
    RnnParameters q = p;
    q.flat()(k) += h;
    const double up = frozen_site_loss(q, batch, frozen);
    q.flat()(k) -= 2 * h;
    fd(k) = (up - frozen_site_loss(q, batch, frozen)) / (2 * h);
  }
  const double r = relative_error(fd, truncated.flat());
  INFO(cell_name(cell) << " " << activation_name(act) << " leak " << leak << ": relative error " << r);
  CHECK(r < 1e-6);
}

TEST_CASE("truncated gradient edge cases", "[truncated]") {
  RnnShape s{4, 2, 1, 0.5, CellKind::rate, Activation::tanh, true};
  const RnnParameters p = random_parameters(s, 61);
  Batch batch = random_batch(5, 2, 2, 1, 62);
  Trajectory traj;
  SECTION("an empty mask gives zero loss and gradient") {
    batch.mask.fill(0.0);
    RnnParameters g(s);
    g.flat().setOnes();
    CHECK(truncated_loss_and_gradient(p, batch, traj, g) == 0.0);
    CHECK(g.flat().norm() == 0.0);
    g.flat().setOnes();
    CHECK(eligibility_loss_and_gradient(p, batch, traj, g) == 0.0);
    CHECK(g.flat().norm() == 0.0);
  }
  SECTION("a gradient of another shape is rejected") {
    RnnShape other = s;
    other.hidden = 3;
    RnnParameters g(other);
    CHECK_THROWS_WITH(truncated_loss_and_gradient(p, batch, traj, g),
                      "gradient: must have the network's shape (N, I, O) = (4, 2, 1)");
    CHECK_THROWS_AS(eligibility_loss_and_gradient(p, batch, traj, g), Error);
  }
}
