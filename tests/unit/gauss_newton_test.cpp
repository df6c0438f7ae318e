// The output Jacobian J_y and the Gauss-Newton matrix G_y = J_y^T H_l J_y (SCIENCE.md 4.5).
#include <catch2/catch.hpp>
#include <cmath>

#include "random_network.hpp"
#include "common/error.hpp"
#include "ops/gauss_newton.hpp"
#include "rnn/loss_hessian.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using Eigen::VectorXd;
using testing::random_batch;
using testing::random_parameters;

namespace {

RnnShape small_shape(CellKind cell, bool bias) {
  RnnShape s;
  s.hidden = 5;
  s.inputs = 2;
  s.outputs = 3;
  s.leak = 0.6;
  s.cell = cell;
  s.activation = Activation::tanh;
  s.bias = bias;
  return s;
}

VectorXd outputs_of(const RnnParameters& p, const Batch& batch) {
  Trajectory traj;
  forward(p, batch, traj);
  return Eigen::Map<const VectorXd>(traj.y.data(), Eigen::Index(traj.y.size()));
}

VectorXd gn_random_vector(Eigen::Index n, std::uint64_t seed) {
  Rng rng(seed);
  VectorXd v(n);
  for (auto& e : v) e = rng.normal();
  return v;
}

}  // namespace

TEST_CASE("output Jacobian: JVP matches finite differences of the readout, and J_y^T is its adjoint",
          "[gauss_newton]") {
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn}) {
    const RnnShape s = small_shape(cell, true);
    const RnnParameters p = random_parameters(s, 3);
    const Batch batch = random_batch(6, 4, s.inputs, s.outputs, 4);
    const VectorXd all = VectorXd::Ones(p.flat().size());
    const OutputJacobianOperator J(p, batch, all);
    const VectorXd v = gn_random_vector(p.flat().size(), 5);

    SECTION(std::string("JVP, cell ") + cell_name(cell)) {
      VectorXd jv(J.rows());
      J.apply(v, jv);
      const double eps = 1e-6;
      RnnParameters up = p, down = p;
      up.flat() += eps * v;
      down.flat() -= eps * v;
      const VectorXd fd = (outputs_of(up, batch) - outputs_of(down, batch)) / (2 * eps);
      CHECK((jv - fd).norm() <= 1e-7 * fd.norm());
    }
    SECTION(std::string("adjoint, cell ") + cell_name(cell)) {
      const VectorXd q = gn_random_vector(J.rows(), 6);
      VectorXd jv(J.rows()), jtq(J.cols());
      J.apply(v, jv);
      J.applyT(q, jtq);
      CHECK(std::abs(jv.dot(q) - v.dot(jtq)) <= 1e-12 * jv.norm() * q.norm());
    }
  }
}

TEST_CASE("output Jacobian: frozen blocks neither move the output nor receive a gradient", "[gauss_newton]") {
  const RnnShape s = small_shape(CellKind::rate, false);
  const RnnParameters p = random_parameters(s, 7);
  const Batch batch = random_batch(5, 3, s.inputs, s.outputs, 8);
  const Eigen::Index N = s.hidden, I = s.inputs;
  VectorXd trains = VectorXd::Ones(p.flat().size());
  trains.segment(N * N, N * I).setZero();  // U frozen; b does not exist without bias
  const OutputJacobianOperator J(p, batch, trains);
  VectorXd v = VectorXd::Zero(p.flat().size());
  v.segment(N * N, N * I + N).setOnes();  // only U and b
  VectorXd jv(J.rows()), jtq(J.cols());
  J.apply(v, jv);
  CHECK(jv.norm() == 0.0);
  J.applyT(gn_random_vector(J.rows(), 9), jtq);
  CHECK(jtq.segment(N * N, N * I + N).norm() == 0.0);
  CHECK(jtq.head(N * N).norm() > 0.0);
}

TEST_CASE("Gauss-Newton: equals the loss Hessian on the readout block, and everywhere at zero residual",
          "[gauss_newton]") {
  for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
    const RnnShape s = small_shape(CellKind::current, true);
    const RnnParameters p = random_parameters(s, 11);
    Batch batch = random_batch(6, 4, s.inputs, s.outputs, 12);
    if (kind == LossKind::cross_entropy)  // soft targets summing to 1.5: the sum(y*) factor counts
      for (std::size_t t = 0; t < 6; ++t)
        for (std::size_t b = 0; b < 4; ++b)
          for (std::size_t o = 0; o < 3; ++o) batch.y(t, b, o) = 0.5;
    const VectorXd all = VectorXd::Ones(p.flat().size());
    const Eigen::Index offC = p.flat().size() - s.outputs * (s.hidden + 1);

    SECTION(std::string("readout block, ") + loss_name(kind)) {
      // y is linear in (C, c), so the Hessian's (C, c) block has no second-derivative term of the network.
      const GaussNewtonOperator G(p, batch, all, kind);
      const LossHessian H(p, batch, kind);
      RnnParameters v(s), hv(s);
      v.flat().tail(p.flat().size() - offC) = gn_random_vector(p.flat().size() - offC, 13);
      VectorXd gv(G.rows());
      G.apply(v.flat(), gv);
      H.apply(v, hv);
      const VectorXd a = gv.tail(gv.size() - offC), b = hv.flat().tail(gv.size() - offC);
      CHECK((a - b).norm() <= 1e-11 * b.norm());
    }
    if (kind == LossKind::mse) {
      SECTION("zero residual, MSE: G_y = H") {
        Trajectory traj;
        forward(p, batch, traj);
        batch.y = traj.y;
        const GaussNewtonOperator G(p, batch, all, kind);
        const LossHessian H(p, batch, kind);
        RnnParameters v(s), hv(s);
        v.flat() = gn_random_vector(p.flat().size(), 14);
        VectorXd gv(G.rows());
        G.apply(v.flat(), gv);
        H.apply(v, hv);
        CHECK((gv - hv.flat()).norm() <= 1e-10 * hv.flat().norm());
      }
    }
  }
}

TEST_CASE("Gauss-Newton: symmetric positive semi-definite", "[gauss_newton]") {
  const RnnShape s = small_shape(CellKind::ctrnn, true);
  const RnnParameters p = random_parameters(s, 21);
  Batch batch = random_batch(5, 3, s.inputs, s.outputs, 22);
  for (auto& y : batch.y) y = std::abs(y);  // soft targets with a positive sum: H_l is PSD
  const GaussNewtonOperator G(p, batch, VectorXd::Ones(p.flat().size()), LossKind::cross_entropy);
  const Eigen::MatrixXd D = to_dense(G);
  CHECK((D - D.transpose()).norm() <= 1e-12 * D.norm());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (D + D.transpose()));
  CHECK(eig.eigenvalues().minCoeff() >= -1e-12 * eig.eigenvalues().maxCoeff());
}

TEST_CASE("output Jacobian: a mask of the wrong size is an error", "[gauss_newton]") {
  const RnnShape s = small_shape(CellKind::rate, true);
  const RnnParameters p = random_parameters(s, 1);
  const Batch batch = random_batch(3, 2, s.inputs, s.outputs, 2);
  CHECK_THROWS_AS(OutputJacobianOperator(p, batch, VectorXd::Ones(3)), Error);
}
