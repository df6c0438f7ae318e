#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "dynamics/fixed_point.hpp"
#include "dynamics/multipliers.hpp"
#include "dynamics/step_map.hpp"
#include "random_network.hpp"
#include "rnn/init.hpp"

using namespace rnnbook;

namespace {

Eigen::VectorXd dynamics_random_vector(Eigen::Index n, double sd, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::VectorXd v(n);
  for (auto& x : v) x = rng.normal(0.0, sd);
  return v;
}

// The bistable teacher of SCIENCE.md 4.2: W = gamma u u^T with u_i = +-1/sqrt(N), no bias.
RnnParameters teacher(int N, double gamma, double leak) {
  RnnShape s;
  s.hidden = N, s.inputs = 1, s.outputs = 1, s.leak = leak, s.bias = false;
  RnnParameters p(s);
  Rng rng(3);
  Eigen::VectorXd u(N);
  for (auto& x : u) x = rng.sign() / std::sqrt(double(N));
  p.W() = gamma * u * u.transpose();
  p.U().col(0) = 2.0 * std::sqrt(double(N)) * u;
  return p;
}

Eigen::VectorXd teacher_direction(const RnnParameters& p) {
  return Eigen::VectorXd(p.U().col(0)).normalized();
}

}  // namespace

TEST_CASE("the step map's Jacobian matches central finite differences for every cell", "[dynamics]") {
  const CellKind cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const Activation f = GENERATE(Activation::tanh, Activation::softplus, Activation::identity);
  RnnShape s;
  s.hidden = 7, s.inputs = 2, s.outputs = 1, s.leak = 0.6, s.cell = cell, s.activation = f;
  const RnnParameters p = testing::random_parameters(s, 11);
  const Eigen::VectorXd h = dynamics_random_vector(7, 0.8, 12), x = dynamics_random_vector(2, 1.0, 13);
  const Eigen::MatrixXd A = step_jacobian(p, h, x);
  Eigen::MatrixXd fd(7, 7);
  const double eps = 1e-6;
  for (int j = 0; j < 7; ++j) {
    Eigen::VectorXd hp = h, hm = h;
    hp(j) += eps, hm(j) -= eps;
    fd.col(j) = (step_map(p, hp, x) - step_map(p, hm, x)) / (2 * eps);
  }
  INFO(cell_name(cell) << " / " << activation_name(f));
  CHECK((A - fd).norm() < 1e-8 * A.norm());

  SECTION("the map agrees with one step of the network's forward pass") {
    Batch batch;
    batch.x = xt::zeros<double>({std::size_t(2), std::size_t(1), std::size_t(2)});
    batch.y = xt::zeros<double>({std::size_t(2), std::size_t(1), std::size_t(1)});
    batch.mask = xt::ones<double>({std::size_t(2), std::size_t(1)});
    for (int t = 0; t < 2; ++t)
      for (int i = 0; i < 2; ++i) batch.x(t, 0, i) = x(i);
    Trajectory traj;
    forward(p, batch, traj);
    Eigen::VectorXd h1(7), h2(7);
    for (int i = 0; i < 7; ++i) h1(i) = traj.h(1, 0, i), h2(i) = traj.h(2, 0, i);
    CHECK((step_map(p, h1, x) - h2).norm() < 1e-14 * (1 + h2.norm()));
  }
}

TEST_CASE("Newton finds a planted fixed point and its multipliers (SCIENCE.md 1.7)", "[dynamics]") {
  const int N = 10;
  RnnShape s;
  s.hidden = N, s.inputs = 1, s.outputs = 1, s.cell = CellKind::current, s.bias = false;
  RnnParameters p(s);
  const Eigen::MatrixXd W0 = dynamics_random_vector(N * N, 0.9 / std::sqrt(double(N)), 21).reshaped(N, N);
  const Eigen::VectorXd d = dynamics_random_vector(N, 1.2, 22);
  p.W() = plant_fixed_point(W0, d);

  const FixedPoint fp = newton_fixed_point(p, d + dynamics_random_vector(N, 0.05, 23));
  REQUIRE(fp.converged);
  CHECK((fp.h - d).cwiseAbs().maxCoeff() < 1e-10);
  CHECK(fp.iterations <= 10);  // quadratic convergence from a close start

  SECTION("the Jacobian there is W' diag(phi'(d)) (a = 1), and its multipliers are that matrix's") {
    const Eigen::MatrixXd A = step_jacobian(p, fp.h);
    const Eigen::VectorXd sech2 = (1.0 - d.array().tanh().square()).matrix();
    CHECK((A - p.W() * sech2.asDiagonal()).norm() < 1e-9 * A.norm());
    const Eigen::VectorXcd mu = multipliers(A);
    const Eigen::VectorXcd ref = Eigen::EigenSolver<Eigen::MatrixXd>(p.W() * sech2.asDiagonal()).eigenvalues();
    for (Eigen::Index k = 0; k < N; ++k) CHECK((ref.array() - mu(k)).abs().minCoeff() < 1e-9);
    for (Eigen::Index k = 1; k < N; ++k) CHECK(std::abs(mu(k - 1)) >= std::abs(mu(k)));
  }
  SECTION("fixed_points keeps 0 (symmetric point) first and merges starts that reach the same point") {
    const auto all = fixed_points(p, {d + dynamics_random_vector(N, 0.01, 24), d - dynamics_random_vector(N, 0.01, 25)});
    REQUIRE(all.size() >= 2);
    CHECK(all[0].h.norm() == 0.0);
    CHECK((all[1].h - d).norm() < 1e-10);
    for (std::size_t k = 2; k < all.size(); ++k) CHECK((all[k].h - d).norm() > 1e-6);
  }
}

TEST_CASE("the bistable teacher: Newton finds 0 and +-k* u, with the multipliers of SCIENCE.md 4.2", "[dynamics]") {
  const double leak = GENERATE(1.0, 0.2);
  const int N = 16;
  const RnnParameters p = teacher(N, 1.5, leak);
  const Eigen::VectorXd u = teacher_direction(p);
  // k* = tanh(1.5 k*) on the reduced line h = kappa u, k = kappa / sqrt(N)... here u is unit: h = k sqrt(N) u_i.
  double k = 0.9;
  for (int i = 0; i < 200; ++i) k = std::tanh(1.5 * k);
  CHECK(k == Approx(0.8586).margin(5e-4));
  const auto all = fixed_points(p, {3.0 * u, -3.0 * u});
  REQUIRE(all.size() == 3);
  CHECK(all[0].h.norm() == 0.0);
  CHECK(all[1].h.norm() == Approx(k * std::sqrt(double(N))).epsilon(1e-10));
  CHECK((all[1].h + all[2].h).norm() < 1e-10);                 // the symmetric pair
  CHECK(std::abs(all[1].h.normalized().dot(u)) == Approx(1.0).epsilon(1e-12));

  SECTION("at 0 the critical multiplier is (1-a) + a gamma with r and l along u") {
    const CriticalMode m = critical_mode(step_jacobian(p, all[0].h));
    CHECK(m.value.real() == Approx(1.0 - leak + leak * 1.5).epsilon(1e-12));
    CHECK(m.value.imag() == 0.0);
    CHECK(std::abs(m.right.real().dot(u)) == Approx(1.0).epsilon(1e-12));
    CHECK(std::abs(m.left.real().normalized().dot(u)) == Approx(1.0).epsilon(1e-12));
    CHECK(std::abs((m.left.transpose() * m.right)(0) - 1.0) < 1e-12);
  }
  SECTION("at +-k* u it is (1-a) + a gamma (1 - k*^2) < 1: both attractors are stable") {
    const CriticalMode m = critical_mode(step_jacobian(p, all[1].h));
    CHECK(m.value.real() == Approx(1.0 - leak + leak * 1.5 * (1 - k * k)).epsilon(1e-9));
    CHECK(std::abs(multipliers(step_jacobian(p, all[2].h))(0)) < 1.0);
  }
}

TEST_CASE("critical eigenvectors satisfy A r = lambda r, l^T A = lambda l^T, l^T r = 1", "[dynamics]") {
  const int N = 9;
  const std::uint64_t seed = GENERATE(31, 32, 33, 34, 35, 36);
  const Eigen::MatrixXd A = dynamics_random_vector(N * N, 1.0 / std::sqrt(double(N)), seed).reshaped(N, N);
  const LeadingBy order = GENERATE(LeadingBy::real_part, LeadingBy::modulus);
  const CriticalMode m = critical_mode(A, order);
  const Eigen::MatrixXcd Ac = A.cast<Complex>();
  INFO("seed " << seed << ", lambda_c = " << m.value);
  CHECK((Ac * m.right - m.value * m.right).norm() < 1e-12);
  CHECK((m.left.transpose() * Ac - m.value * m.left.transpose()).norm() < 1e-12 * m.left.norm());
  CHECK(std::abs((m.left.transpose() * m.right)(0) - 1.0) < 1e-12);
  CHECK(m.right.norm() == Approx(1.0).epsilon(1e-14));
  const Eigen::VectorXcd all = multipliers(A, order);
  CHECK(std::abs(all(0) - m.value) < 1e-12);
  if (order == LeadingBy::real_part)
    CHECK(m.value.real() >= all.real().maxCoeff() - 1e-14);
  else
    CHECK(std::abs(m.value) >= all.cwiseAbs().maxCoeff() - 1e-14);

  SECTION("the eigenvalue gradient l^T dA r matches a finite difference") {
    const Eigen::MatrixXd dA = dynamics_random_vector(N * N, 1.0, seed + 100).reshaped(N, N);
    const double eps = 1e-7;
    const Complex plus = critical_mode(A + eps * dA, order).value, minus = critical_mode(A - eps * dA, order).value;
    const Complex fd = (plus - minus) / (2 * eps);
    const Complex first_order = (m.left.transpose() * dA.cast<Complex>() * m.right)(0);
    // A conjugate pair may swap which member leads under the perturbation: compare the real parts then.
    if (m.value.imag() == 0.0) CHECK(std::abs(fd - first_order) < 1e-6 * (1 + std::abs(fd)));
    else CHECK(std::abs(fd.real() - first_order.real()) < 1e-6 * (1 + std::abs(fd)));
  }
}

TEST_CASE("critical_mode and multipliers reject bad matrices", "[dynamics]") {
  CHECK_THROWS_WITH(critical_mode(Eigen::MatrixXd::Zero(2, 3)), "A: must be a non-empty square matrix, got 2 x 3");
  Eigen::MatrixXd A = Eigen::MatrixXd::Identity(2, 2);
  A(0, 1) = NAN;
  CHECK_THROWS_WITH(multipliers(A), "A: contains NaN or infinity");
}

TEST_CASE("unit-circle crossings are found and typed on synthetic multiplier sequences", "[dynamics]") {
  auto ramp = [](Complex from, Complex to, int n) {
    std::vector<Complex> v;
    for (int k = 0; k < n; ++k) v.push_back(from + (to - from) * (double(k) / (n - 1)));
    return v;
  };
  SECTION("a real multiplier through +1 is a pitchfork, at the first step outside") {
    const auto c = unit_circle_crossings(ramp(0.5, 1.3, 9));  // 0.5, 0.6, ..., 1.0 at k = 5
    REQUIRE(c.size() == 1);
    CHECK(c[0].index == 5);
    CHECK(c[0].type == CrossingType::pitchfork);
    CHECK(c[0].outward);
    CHECK(c[0].multiplier == Complex(1.0));
  }
  SECTION("a real multiplier through -1 is a flip") {
    const auto c = unit_circle_crossings(ramp(-0.55, -1.25, 8));
    REQUIRE(c.size() == 1);
    CHECK(c[0].type == CrossingType::flip);
    CHECK(c[0].index == 5);  // -0.55 - 0.1 k: |.| >= 1 first at k = 5 (-1.05)
  }
  SECTION("a complex pair through the circle is Neimark-Sacker") {
    std::vector<Complex> v;
    for (int k = 0; k < 10; ++k) v.push_back(std::polar(0.9 + 0.03 * k, 0.7));
    const auto c = unit_circle_crossings(v);
    REQUIRE(c.size() == 1);
    CHECK(c[0].type == CrossingType::neimark_sacker);
    CHECK(c[0].index == 4);  // 0.9 + 0.12 = 1.02 is the first outside; 0.99 (k = 3) is nearer
    CHECK(std::abs(c[0].multiplier) == Approx(0.99));
  }
  SECTION("back and forth gives alternating directions; no crossing gives none") {
    const auto c = unit_circle_crossings({0.9, 1.1, 0.95, 1.2, 1.3});
    REQUIRE(c.size() == 3);
    CHECK(c[0].outward);
    CHECK_FALSE(c[1].outward);
    CHECK(c[2].index == 3);
    CHECK(unit_circle_crossings(ramp(0.1, 0.99, 20)).empty());
    CHECK(unit_circle_crossings({}).empty());
    CHECK_THROWS_WITH(unit_circle_crossings({0.5, Complex(NAN, 0)}), "multipliers: entry 1 is not finite");
  }
}

TEST_CASE("Newton reports a solve that does not converge instead of looping", "[dynamics]") {
  const RnnParameters p = teacher(8, 1.5, 1.0);
  const Eigen::VectorXd u = teacher_direction(p);
  SECTION("too few iterations") {
    NewtonOptions o;
    o.max_iterations = 1;
    const FixedPoint fp = newton_fixed_point(p, 5.0 * u + dynamics_random_vector(8, 1.0, 41), {}, o);
    CHECK_FALSE(fp.converged);
    CHECK(fp.iterations == 1);
    CHECK(fp.residual > 0.0);
  }
  SECTION("NaN in the parameters or the start") {
    RnnParameters bad = p;
    bad.W()(0, 0) = NAN;
    const FixedPoint fp = newton_fixed_point(bad, u);
    CHECK_FALSE(fp.converged);
    CHECK(std::isnan(fp.residual));
    CHECK_FALSE(newton_fixed_point(p, Eigen::VectorXd::Constant(8, NAN)).converged);
    CHECK(fixed_points(bad, {u}).empty());
  }
  SECTION("a wrong size is an error") {
    CHECK_THROWS_WITH(newton_fixed_point(p, Eigen::VectorXd::Zero(3)), "h: must have N = 8 entries, got 3");
    CHECK_THROWS_WITH(step_map(p, u, Eigen::VectorXd::Zero(2)), "x: must have I = 1 entries, got 2");
  }
}
