// RNN input and hidden-state Jacobians (forward and reverse mode) and the local sensitivity measures
// of SCIENCE.md 6.4 on RNN trials, against finite differences and a linear RNN's closed form.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "measures/local_sensitivity.hpp"
#include "measures/rnn_sensitivity.hpp"
#include "random_network.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

RnnShape shape_of(CellKind cell, Activation f, int N, int I, int O, double leak) {
  RnnShape s;
  s.hidden = N;
  s.inputs = I;
  s.outputs = O;
  s.cell = cell;
  s.activation = f;
  s.leak = leak;
  return s;
}

// dy_t/d(x_1..x_t) of one trial by central differences of forward().
MatrixXd input_jacobian_fd(const RnnParameters& p, const Batch& batch, std::size_t trial, std::size_t t) {
  const std::size_t I = std::size_t(p.shape().inputs);
  MatrixXd J(p.shape().outputs, Eigen::Index(t * I));
  for (std::size_t s = 0; s < t; ++s)
    for (std::size_t i = 0; i < I; ++i) {
      Batch up = batch, down = batch;
      up.x(s, trial, i) += 1e-6;
      down.x(s, trial, i) -= 1e-6;
      Trajectory a, b;
      forward(p, up, a);
      forward(p, down, b);
      J.col(Eigen::Index(s * I + i)) =
          (step_block(a.y, t - 1).col(Eigen::Index(trial)) - step_block(b.y, t - 1).col(Eigen::Index(trial))) / 2e-6;
    }
  return J;
}

}  // namespace

TEST_CASE("rnn jacobians: forward and reverse mode agree with differences of the forward pass", "[rnn-sensitivity]") {
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn})
    for (Activation f : {Activation::tanh, Activation::softplus})
      for (double leak : {1.0, 0.4}) {
        const RnnShape s = shape_of(cell, f, 5, 2, 3, leak);
        const RnnParameters p = random_parameters(s, 7);
        const Batch batch = random_batch(6, 3, 2, 3, 8);
        Trajectory traj;
        forward(p, batch, traj);
        for (Eigen::Index t : {1, 4, 6}) {
          const RnnTrialJacobians jr = rnn_jacobians_reverse(p, traj, 1, t);
          const MatrixXd jf = rnn_input_jacobian_forward(p, traj, 1, t);
          const MatrixXd fd = input_jacobian_fd(p, batch, 1, std::size_t(t));
          INFO(cell_name(cell) << " " << activation_name(f) << " leak " << leak << " step " << t);
          REQUIRE(jr.input.cols() == 2 * t);
          REQUIRE(jr.hidden.size() == std::size_t(t) + 1);
          CHECK((jr.input - jf).norm() <= 1e-13 * jf.norm());
          CHECK((jr.input - fd).norm() <= 1e-7 * fd.norm());
          CHECK((jr.hidden.back() - p.C()).norm() == 0.0);
        }
      }
}

TEST_CASE("rnn jacobians: dy_t/dh_s = C A^(t-s) for a linear RNN, and through an invertible U otherwise", "[rnn-sensitivity]") {
  SECTION("linear rate cell, a = 1: h_s = W h_{s-1} + U x_s + b") {
    const RnnShape s = shape_of(CellKind::rate, Activation::identity, 4, 2, 3, 1.0);
    const RnnParameters p = random_parameters(s, 11);
    const Batch batch = random_batch(5, 2, 2, 3, 12);
    Trajectory traj;
    forward(p, batch, traj);
    const RnnTrialJacobians j = rnn_jacobians_reverse(p, traj, 0, 5);
    MatrixXd power = MatrixXd::Identity(4, 4);
    for (int st = 5; st >= 0; --st) {
      CHECK((j.hidden[std::size_t(st)] - p.C() * power).norm() <= 1e-13 * (p.C() * power).norm());
      if (st >= 1) CHECK((j.input.middleCols(2 * (st - 1), 2) - p.C() * power * p.U()).norm() <= 1e-13);
      power = power * p.W();
    }
  }
  SECTION("nonlinear cells with I = N: dy/dh_s = (dy/dx_s) (dh_s/dx_s)^-1, dy/dx_s from differences") {
    for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn}) {
      const RnnShape s = shape_of(cell, Activation::tanh, 3, 3, 2, 0.7);
      const RnnParameters p = random_parameters(s, 21);
      const Batch batch = random_batch(4, 2, 3, 2, 22);
      Trajectory traj;
      forward(p, batch, traj);
      const RnnTrialJacobians j = rnn_jacobians_reverse(p, traj, 1, 4);
      const MatrixXd fd = input_jacobian_fd(p, batch, 1, 4);
      for (std::size_t st = 1; st <= 4; ++st) {
        // dh_s/dx_s = a D U (rate, ctrnn: D = phi'(u_s)) or a U (current).
        VectorXd d = VectorXd::Ones(3);
        if (cell != CellKind::current)
          d = (1.0 - step_block(traj.u, st - 1).col(1).array().tanh().square()).matrix();
        const MatrixXd B = 0.7 * d.asDiagonal() * p.U();
        const MatrixXd want = fd.middleCols(Eigen::Index(3 * (st - 1)), 3) * B.inverse();
        INFO(cell_name(cell) << " s " << st);
        CHECK((j.hidden[st] - want).norm() <= 1e-6 * want.norm());
      }
    }
  }
}

TEST_CASE("rnn sensitivity: per-trial measures from the Jacobians, and bad arguments", "[rnn-sensitivity]") {
  const RnnShape s = shape_of(CellKind::rate, Activation::tanh, 6, 2, 3, 0.5);
  const RnnParameters p = random_parameters(s, 31);
  const Batch batch = random_batch(7, 4, 2, 3, 32);
  const RnnSensitivity m = rnn_sensitivity(p, batch, 2);
  REQUIRE(m.local_dimension.size() == 4);
  Trajectory traj;
  forward(p, batch, traj);
  for (Eigen::Index b = 0; b < 4; ++b) {
    const RnnTrialJacobians j = rnn_jacobians_reverse(p, traj, b, 7);
    const VectorXd sv = Eigen::JacobiSVD<MatrixXd>(j.input).singularValues();
    CHECK(m.max_sensitivity(b) == Approx(sv(0)).epsilon(1e-12));
    CHECK(m.log_volume(b) == Approx(std::log(sv(0)) + std::log(sv(1))).epsilon(1e-12));
    CHECK(m.frobenius_sq(b) == Approx(sv.squaredNorm()).epsilon(1e-12));
    double nmls = 0.0;
    for (const MatrixXd& h : j.hidden) nmls += Eigen::JacobiSVD<MatrixXd>(h).singularValues()(0);
    CHECK(m.nmls(b) == Approx(nmls).epsilon(1e-12));
  }
  const RnnSensitivity early = rnn_sensitivity(p, batch, 1, 3);
  CHECK(early.max_sensitivity(0) ==
        Approx(Eigen::JacobiSVD<MatrixXd>(rnn_jacobians_reverse(p, traj, 0, 3).input).singularValues()(0)));
  CHECK_THROWS_WITH(rnn_sensitivity(p, batch, 1, 8), Catch::Contains("step must be in [0, 7]"));
  CHECK_THROWS_WITH(rnn_sensitivity(p, batch, 4), Catch::Contains("r must be in [1, 3]"));
  CHECK_THROWS_WITH(rnn_jacobians_reverse(p, traj, 4, 2), Catch::Contains("trial 4 out of range [0, 4)"));
  CHECK_THROWS_WITH(rnn_input_jacobian_forward(p, traj, 0, 0), Catch::Contains("step 0 out of range [1, 7]"));
}
