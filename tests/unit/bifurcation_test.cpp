#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "dynamics/bifurcation_channel.hpp"
#include "dynamics/fixed_point.hpp"
#include "dynamics/normal_form.hpp"
#include "dynamics/step_map.hpp"
#include "ops/sntk_operators.hpp"
#include "random_network.hpp"

using namespace rnnbook;

TEST_CASE("normal-form sensitivity converges to 1/(2 sqrt mu) on the stable branch (SCIENCE.md U10)", "[dynamics]") {
  CHECK(normal_form_sensitivity(0.01, 0.5, 0.1, 200000) == Approx(5.0).epsilon(1e-6));
  CHECK(normal_form_sensitivity(0.1, 0.5, 0.1, 20000) == Approx(1.0 / (2 * std::sqrt(0.1))).epsilon(1e-6));
  CHECK(std::abs(normal_form_sensitivity(-0.1, 0.5, 0.1, 20000)) < 1e-6);  // mu < 0: z -> 0, s -> 0
}

TEST_CASE("the normal-form fit recovers mu, c, beta from trajectories of the normal form", "[dynamics]") {
  const double mu = 0.04, c = 0.3, beta = 0.7;
  const int T = 40, B = 6;
  Eigen::MatrixXd z(T + 1, B), x = Eigen::MatrixXd::Zero(T, B);
  Rng rng(5);
  for (int b = 0; b < B; ++b) {
    x(0, b) = rng.normal();
    x(10, b) = rng.normal();
    z(0, b) = 0.0;
    for (int t = 1; t <= T; ++t) {
      const double zp = z(t - 1, b);
      z(t, b) = zp + mu * zp - c * zp * zp * zp + beta * x(t - 1, b);
    }
  }
  const NormalFormFit f = fit_normal_form(z, x);
  CHECK(f.mu == Approx(mu).epsilon(1e-9));
  CHECK(f.c == Approx(c).epsilon(1e-9));
  CHECK(f.beta == Approx(beta).epsilon(1e-9));
  CHECK(f.r_squared == Approx(1.0).epsilon(1e-12));
  CHECK(f.samples == T * B);
  SECTION("without input beta is 0, and bad sizes are errors") {
    const NormalFormFit g = fit_normal_form(z, Eigen::MatrixXd::Zero(T, B));
    CHECK(g.beta == 0.0);
    CHECK_THROWS_WITH(fit_normal_form(z, Eigen::MatrixXd::Zero(T, B + 1)), Catch::Contains("normal form: z must be"));
  }
}

TEST_CASE("the critical multiplier gradient matches finite differences of Re lambda_c", "[dynamics]") {
  RnnShape s;
  s.hidden = 6, s.inputs = 2, s.outputs = 1, s.leak = 0.7, s.cell = CellKind::rate;
  const bool at_zero = GENERATE(true, false);
  s.bias = !at_zero;
  RnnParameters p = testing::random_parameters(s, 51, 0.8);  // contracting: one fixed point
  const Batch batch = testing::random_batch(5, 2, 2, 1, 52);
  const Eigen::VectorXd x = at_zero ? Eigen::VectorXd::Zero(2) : Eigen::VectorXd::Constant(2, 0.3);
  const FixedPoint fp = newton_fixed_point(p, Eigen::VectorXd::Zero(6), x);
  REQUIRE(fp.converged);
  const StateSpaceModel model(p, batch);
  const CriticalMode mode = critical_mode(step_jacobian(p, fp.h, x));
  const Eigen::VectorXd grad = critical_multiplier_gradient(model, fp.h, x, mode);
  REQUIRE(grad.size() == model.param_dim());
  // Directional derivative with h* held fixed (the gradient's definition), for a random direction.
  Rng rng(53);
  Eigen::VectorXd dir(model.param_dim());
  for (auto& v : dir) v = rng.normal();
  const double eps = 1e-6;
  RnnParameters plus = p, minus = p;
  plus.flat() += eps * model.embed(dir);
  minus.flat() -= eps * model.embed(dir);
  const double fd = (critical_mode(step_jacobian(plus, fp.h, x)).value.real() -
                     critical_mode(step_jacobian(minus, fp.h, x)).value.real()) / (2 * eps);
  INFO("lambda_c = " << mode.value);
  CHECK(grad.dot(dir) == Approx(fd).epsilon(1e-5));
}

TEST_CASE("the bifurcation split is exact: ||J v||^2 + tr Theta_res = tr Theta", "[dynamics]") {
  RnnShape s;
  s.hidden = 5, s.inputs = 1, s.outputs = 1, s.cell = CellKind::rate, s.bias = false;
  const RnnParameters p = testing::random_parameters(s, 61, 1.2);
  const Batch batch = testing::random_batch(6, 3, 1, 1, 62);
  const auto model = std::make_shared<const StateSpaceModel>(p, batch);
  const Eigen::MatrixXd G = dense_gram(*model);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(G);
  const Eigen::VectorXd w1 = es.eigenvectors().col(G.rows() - 1);
  Rng rng(63);
  Eigen::VectorXd v(model->param_dim());
  for (auto& e : v) e = rng.normal();
  v.normalize();
  const ChannelSplit c = bifurcation_split(*model, v, G.trace(), w1, rng);
  CHECK(c.bif == Approx(v.dot(G * v)).epsilon(1e-10));
  CHECK(c.res_trace + c.bif == Approx(G.trace()).epsilon(1e-12));
  const Eigen::MatrixXd Pi = Eigen::MatrixXd::Identity(v.size(), v.size()) - v * v.transpose();
  const double res_top = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(Pi * G * Pi).eigenvalues().maxCoeff();
  CHECK(c.res_top == Approx(res_top).epsilon(1e-8));
  CHECK(c.rho1 == Approx(c.bif / res_top).epsilon(1e-8));
  CHECK(c.alignment == Approx(std::abs(v.dot(w1))).epsilon(1e-12));
  SECTION("v = w1 is perfectly aligned and takes lambda_1 as its channel") {
    const ChannelSplit d = bifurcation_split(*model, w1, G.trace(), w1, rng);
    CHECK(d.alignment == Approx(1.0).epsilon(1e-12));
    CHECK(d.bif == Approx(es.eigenvalues().maxCoeff()).epsilon(1e-10));
    CHECK(d.res_top == Approx(es.eigenvalues()(G.rows() - 2)).epsilon(1e-8));
  }
}
