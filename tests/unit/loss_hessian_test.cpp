// Exact Hessian-vector products of the masked loss (forward-over-reverse) and the leading Hessian
// eigenvalue by power iteration (SCIENCE.md 6.4, 6.6).
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "random_network.hpp"
#include "common/error.hpp"
#include "common/progress.hpp"
#include "measures/curvature.hpp"
#include "ops/power_iteration.hpp"
#include "rnn/loss_hessian.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using testing::batch_for;
using testing::random_batch;
using testing::random_parameters;

namespace {

RnnParameters random_direction(const RnnShape& s, std::uint64_t seed) {
  Rng rng(seed);
  RnnParameters v(s);
  for (auto& e : v.flat()) e = rng.normal();
  if (!s.bias) v.b().setZero();
  return v;
}

VectorXd gradient_at(const RnnParameters& p, const Batch& batch, LossKind kind) {
  RnnParameters g(p.shape());
  Trajectory traj;
  loss_and_gradient(p, batch, traj, g, kind);
  return g.flat();
}

// (grad L(theta + eps v) - grad L(theta - eps v)) / (2 eps).
VectorXd finite_difference_hvp(const RnnParameters& p, const Batch& batch, LossKind kind, const RnnParameters& v,
                               double eps) {
  RnnParameters up = p, down = p;
  up.flat() += eps * v.flat();
  down.flat() -= eps * v.flat();
  return (gradient_at(up, batch, kind) - gradient_at(down, batch, kind)) / (2.0 * eps);
}

RnnShape shape_of(CellKind cell, Activation f, double leak, bool bias, int N = 5) {
  RnnShape s;
  s.hidden = N;
  s.inputs = 3;
  s.outputs = 3;
  s.cell = cell;
  s.activation = f;
  s.leak = leak;
  s.bias = bias;
  return s;
}

}  // namespace

TEST_CASE("hessian: HVP equals central differences of BPTT gradients, every cell x loss x mask", "[hessian]") {
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn})
    for (LossKind kind : {LossKind::mse, LossKind::cross_entropy})
      for (Activation f : {Activation::tanh, Activation::softplus, Activation::relu})
        for (double leak : {1.0, 0.45})
          for (bool bias : {true, false}) {
            const RnnShape s = shape_of(cell, f, leak, bias);
            const RnnParameters p = random_parameters(s, 31);
            const Batch batch = batch_for(kind, 6, 4, 3, 3, 32);  // about 70 % of (t, b) masked in
            const LossHessian H(p, batch, kind);
            INFO(cell_name(cell) << " " << loss_name(kind) << " " << activation_name(f) << " leak " << leak
                                 << " bias " << bias);
            CHECK((H.gradient().flat() - gradient_at(p, batch, kind)).norm() == 0.0);
            for (std::uint64_t seed : {41u, 42u}) {
              const RnnParameters v = random_direction(s, seed);
              RnnParameters Hv(s);
              H.apply(v, Hv);
              const VectorXd want = finite_difference_hvp(p, batch, kind, v, 1e-5);
              CHECK((Hv.flat() - want).norm() / want.norm() < 1e-6);
              if (!bias) CHECK(Hv.b().norm() == 0.0);
            }
          }
}

TEST_CASE("hessian: products are symmetric, <u, H v> = <v, H u>", "[hessian]") {
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn})
    for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
      const RnnShape s = shape_of(cell, Activation::tanh, 0.6, true, 7);
      const RnnParameters p = random_parameters(s, 51);
      const Batch batch = batch_for(kind, 9, 5, 3, 3, 52);
      const LossHessian H(p, batch, kind);
      const RnnParameters u = random_direction(s, 53), v = random_direction(s, 54);
      RnnParameters Hu(s), Hv(s);
      H.apply(u, Hu);
      H.apply(v, Hv);
      INFO(cell_name(cell) << " " << loss_name(kind));
      const double a = u.flat().dot(Hv.flat()), b = v.flat().dot(Hu.flat());
      CHECK(std::abs(a - b) <= 1e-12 * (std::abs(a) + u.flat().norm() * Hv.flat().norm()));
    }
}

TEST_CASE("hessian: the operator on a selection is the principal submatrix", "[hessian]") {
  const RnnShape s = shape_of(CellKind::rate, Activation::tanh, 0.7, true, 4);
  const RnnParameters p = random_parameters(s, 61);
  const Batch batch = batch_for(LossKind::mse, 5, 3, 3, 3, 62);
  auto H = std::make_shared<const LossHessian>(p, batch, LossKind::mse);
  // The full Hessian over theta, one product per column.
  const Eigen::Index n = s.parameter_count(), N = 4, I = 3;
  MatrixXd full(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    RnnParameters e(s), col(s);
    e.flat()(j) = 1.0;
    H->apply(e, col);
    full.col(j) = col.flat();
  }
  CHECK((full - full.transpose()).norm() <= 1e-12 * full.norm());
  SECTION("W alone") {
    const MatrixXd HW = to_dense(LossHessianOperator(H, {true, false, false}));
    CHECK((HW - full.topLeftCorner(N * N, N * N)).norm() <= 1e-14 * HW.norm());
  }
  SECTION("W and b: the blocks in theta order, U skipped") {
    const MatrixXd Hsel = to_dense(LossHessianOperator(H, {true, false, true}));
    REQUIRE(Hsel.rows() == N * N + N);
    std::vector<Eigen::Index> idx;
    for (Eigen::Index i = 0; i < N * N; ++i) idx.push_back(i);
    for (Eigen::Index i = 0; i < N; ++i) idx.push_back(N * N + N * I + i);
    MatrixXd want(idx.size(), idx.size());
    for (std::size_t r = 0; r < idx.size(); ++r)
      for (std::size_t c = 0; c < idx.size(); ++c) want(Eigen::Index(r), Eigen::Index(c)) = full(idx[r], idx[c]);
    CHECK((Hsel - want).norm() <= 1e-14 * want.norm());
  }
  SECTION("bad selections and vectors") {
    CHECK_THROWS_WITH(LossHessianOperator(H, {false, false, false}), Catch::Contains("no parameters"));
    const LossHessianOperator op(H, {true, false, false});
    VectorXd out(3);
    CHECK_THROWS_WITH(op.apply(VectorXd::Ones(3), out), Catch::Contains("must have 16 entries"));
  }
}

TEST_CASE("hessian: power iteration finds the dense solver's eigenvalue of largest magnitude", "[hessian]") {
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn})
    for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
      const RnnShape s = shape_of(cell, Activation::tanh, 0.5, true, 5);
      const RnnParameters p = random_parameters(s, 71);
      const Batch batch = batch_for(kind, 6, 8, 3, 3, 72);
      auto H = std::make_shared<const LossHessian>(p, batch, kind);
      const LossHessianOperator op(H, {true, false, false});
      const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(to_dense(op));
      const VectorXd& l = eig.eigenvalues();  // ascending
      const double want = std::abs(l(0)) > std::abs(l(l.size() - 1)) ? l(0) : l(l.size() - 1);
      Rng rng(73);
      const PowerIterationResult r = power_iteration(op, rng, {1e-13, 20000});
      INFO(cell_name(cell) << " " << loss_name(kind) << " lambda " << want << " iterations " << r.iterations);
      CHECK(r.converged);
      CHECK(r.value == Approx(want).epsilon(1e-8));
      CHECK(std::abs(r.vector.norm() - 1.0) < 1e-12);
      // The measure used by the train experiment is the same computation.
      Rng rng2(73);
      CHECK(leading_hessian_eigenvalue(p, batch, kind, rng2, {1e-13, 20000}).value == r.value);
    }
}

namespace {

// Counts the products, to tie each progress report to the round it came from.
struct CountingOperator : DenseOperator {
  using DenseOperator::DenseOperator;
  void apply(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override {
    ++applied;
    DenseOperator::apply(in, out);
  }
  mutable int applied = 0;
};

}  // namespace

TEST_CASE("power iteration: known spectra, tolerances and bad options", "[hessian]") {
  SECTION("a diagonal operator with a negative dominant eigenvalue") {
    const DenseOperator A(VectorXd((VectorXd(4) << 1.0, -3.0, 2.0, 0.5).finished()).asDiagonal());
    Rng rng(1);
    const PowerIterationResult r = power_iteration(A, rng, {1e-14, 2000});
    CHECK(r.converged);
    CHECK(r.value == Approx(-3.0).epsilon(1e-12));
  }
  SECTION("max_iterations caps the work and reports no convergence") {
    const DenseOperator A(VectorXd((VectorXd(3) << 1.0, 0.999, 0.5).finished()).asDiagonal());
    Rng rng(2);
    const PowerIterationResult r = power_iteration(A, rng, {1e-15, 5});
    CHECK(r.iterations == 5);
    CHECK_FALSE(r.converged);
  }
  SECTION("progress follows the convergence, not the cap, and changes no number") {
    VectorXd d = VectorXd::LinSpaced(50, 0.1, 0.5);
    d(0) = 1.0;
    d(1) = 0.9;  // the change shrinks by about 0.81 a round: about 130 rounds to 1e-12
    const CountingOperator A(d.asDiagonal());
    Rng quiet_rng(5), rng(5);
    const PowerIterationResult quiet = power_iteration(A, quiet_rng, {1e-12, 100000});
    std::vector<std::pair<int, double>> got;  // (rounds done, fraction reported)
    A.applied = 0;
    PowerIterationResult r;
    {
      const ProgressScope scope([&](double f) { got.emplace_back(A.applied, f); });
      r = power_iteration(A, rng, {1e-12, 100000});
    }
    CHECK(r.converged);
    CHECK(r.value == quiet.value);
    CHECK(r.iterations == quiet.iterations);
    REQUIRE(r.iterations > 50);
    // Against the cap it would say 0.1 % at the end; the estimate says about half at half the rounds.
    double half = 0.0;
    for (const auto& [rounds, f] : got)
      if (rounds <= r.iterations / 2) half = f;
    CHECK(half > 0.3);
    CHECK(half < 0.7);
    REQUIRE_FALSE(got.empty());
    CHECK(got.back().second > 0.9);
  }
  SECTION("without a shrinking change the cap is the bound") {
    const DenseOperator A(MatrixXd::Identity(3, 3) * 2.0);
    Rng rng(6);
    std::vector<double> got;
    const ProgressScope scope([&](double f) { got.push_back(f); });
    const PowerIterationResult r = power_iteration(A, rng, {1e-12, 40});
    CHECK(r.converged);  // exact at the second round: a change of 0
    CHECK(r.iterations == 2);
    CHECK(got.front() == Approx(1.0 / 40.0));
  }
  SECTION("the zero operator converges at once to 0") {
    const DenseOperator Z(MatrixXd::Zero(3, 3));
    Rng rng(3);
    const PowerIterationResult r = power_iteration(Z, rng);
    CHECK(r.converged);
    CHECK(r.value == 0.0);
    CHECK(r.iterations == 1);
  }
  SECTION("bad options") {
    const DenseOperator A(MatrixXd::Identity(2, 2));
    Rng rng(4);
    CHECK_THROWS_WITH(power_iteration(A, rng, {0.0, 10}), Catch::Contains("rel_tol must be > 0"));
    CHECK_THROWS_WITH(power_iteration(A, rng, {1e-6, 0}), Catch::Contains("max_iterations must be >= 1"));
    CHECK_THROWS_AS(power_iteration(DenseOperator(MatrixXd::Ones(2, 3)), rng), Error);
  }
}
