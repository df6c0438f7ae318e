// Unit tests of conditional flow matching over loadings (SCIENCE.md 11.3 steps 4-5; rnnbook's reconstruction of
// Kim et al. 2026): U31 (closed-form velocity; RK4 vs Euler), U32 (CFM gradient vs finite differences), SiLU,
// the standardisation and the sampled networks and controls.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "lowrank/flow_matching.hpp"
#include "lowrank/sampled_networks.hpp"
#include "mlp/silu.hpp"

using namespace rnnbook;

TEST_CASE("U31: the closed-form CFM velocity of a Gaussian maps z to mu + s z under RK4, not Euler", "[lowrank][U31]") {
  const double mu = 1.5, s = 0.4;
  const VelocityField v = [&](const Eigen::MatrixXd& x, double t) {
    const double den = (1 - t) * (1 - t) + t * t * s * s;
    return Eigen::MatrixXd(((x.array() - t * mu) * ((t * s * s - (1 - t)) / den) + mu).matrix());
  };
  Eigen::MatrixXd z(1, 5);
  z << -2.0, -0.5, 0.0, 0.7, 2.5;
  const Eigen::MatrixXd want = (mu + s * z.array()).matrix();
  const double rk4 = (integrate_flow(v, z, 200, FlowIntegrator::rk4) - want).cwiseAbs().maxCoeff();
  const double euler = (integrate_flow(v, z, 200, FlowIntegrator::euler) - want).cwiseAbs().maxCoeff();
  std::printf("U31: RK4 error %.2e, Euler error %.2e\n", rk4, euler);
  CHECK(rk4 < 1e-9);
  CHECK(euler > 1e-3);
  CHECK(euler < 5e-2);
}

TEST_CASE("U32: the CFM loss gradient matches central finite differences", "[lowrank][U32]") {
  Rng rng(1);
  MlpParameters p = mlp_init(velocity_field_shape(2, 8), rng);
  for (auto& b : p.flat().tail(20)) b = 0.3 * rng.normal();  // nonzero biases too
  Eigen::MatrixXd x1(2, 7), x0(2, 7);
  Eigen::VectorXd t(7);
  for (auto& v : x1.reshaped()) v = rng.normal();
  for (auto& v : x0.reshaped()) v = rng.normal();
  for (auto& v : t) v = rng.uniform();
  MlpParameters grad(p.shape());
  cfm_loss(p, x1, x0, t, &grad);
  Eigen::VectorXd fd(p.flat().size());
  for (Eigen::Index i = 0; i < fd.size(); ++i) {
    MlpParameters up = p, down = p;
    up.flat()(i) += 1e-6;
    down.flat()(i) -= 1e-6;
    fd(i) = (cfm_loss(up, x1, x0, t) - cfm_loss(down, x1, x0, t)) / 2e-6;
  }
  const double err = (fd - grad.flat()).norm() / grad.flat().norm();
  std::printf("U32: relative gradient error %.2e over %ld parameters\n", err, long(fd.size()));
  CHECK(err < 1e-6);
  // The loss is the per-sample sum over coordinates, batch mean.
  const Eigen::MatrixXd xt = x0 + (x1 - x0) * t.asDiagonal();
  double direct = 0.0;
  for (Eigen::Index b = 0; b < 7; ++b) direct += (velocity(p, xt.col(b), t(b)) - (x1.col(b) - x0.col(b))).squaredNorm();
  CHECK(cfm_loss(p, x1, x0, t) == Approx(direct / 7.0).epsilon(1e-13));
}

TEST_CASE("SiLU and its slope", "[lowrank][mlp]") {
  Eigen::MatrixXd x(1, 6), y, d;
  x << -40.0, -3.0, -0.2, 0.0, 1.5, 40.0;
  apply_silu(x, y);
  apply_silu_slope(x, d);
  for (Eigen::Index i = 0; i < 6; ++i) {
    const double v = x(0, i);
    CHECK(y(0, i) == Approx(v / (1.0 + std::exp(-v))).epsilon(1e-14).margin(1e-16 * std::abs(v)));
    const double h = 1e-6;
    CHECK(d(0, i) == Approx(((v + h) / (1 + std::exp(-v - h)) - (v - h) / (1 + std::exp(-v + h))) / (2 * h)).margin(1e-8));
  }
}

TEST_CASE("standardisation round trip, and a short flow learns a shifted Gaussian", "[lowrank][flow]") {
  Rng rng(2);
  Eigen::MatrixXd X(1, 400);
  for (auto& v : X.reshaped()) v = 3.0 + 0.5 * rng.normal();
  const Standardizer st = fit_standardizer(X);
  CHECK((st.undo(st.apply(X)) - X).cwiseAbs().maxCoeff() < 1e-13);
  CHECK(st.apply(X).rowwise().mean()(0) == Approx(0.0).margin(1e-13));
  FlowSettings fs;
  fs.hidden = 16;
  fs.steps = 300;
  fs.batch = 64;
  fs.lr = 1e-2;
  FlowTrainer trainer(st.apply(X), fs, 3);
  while (!trainer.done()) trainer.step();
  CHECK(trainer.losses().size() == 300);
  LoadingFlow flow{trainer.parameters(), st};
  Rng draw(4);
  const Eigen::MatrixXd S = flow.sample(2000, draw);
  const double mean = S.mean(), sd = std::sqrt((S.array() - mean).square().mean());
  std::printf("flow: sampled mean %.3f (3), sd %.3f (0.5); loss %.3f -> %.3f\n", mean, sd, trainer.losses().front(),
              trainer.losses().back());
  CHECK(mean == Approx(3.0).margin(0.1));
  CHECK(sd == Approx(0.5).margin(0.1));
}

TEST_CASE("sampled networks and controls have the laws they claim", "[lowrank][flow]") {
  Rng rng(5);
  Eigen::MatrixXd M(300, 2);
  for (auto& v : M.reshaped()) v = rng.normal();
  MaxEntropyMean g;  // g*(m) = lambda^T phi(a^T m): two anchors
  g.anchors = Eigen::MatrixXd::Identity(2, 2);
  g.lambda = 2.0 * Eigen::MatrixXd::Identity(2, 2);
  const LowRankNetwork obs = max_entropy_network(M, g);
  SECTION("shuffle permutes the rows of N") {
    const LowRankNetwork sh = shuffled_network(obs, rng);
    CHECK(sh.M == obs.M);
    CHECK(std::abs(sh.N.sum() - obs.N.sum()) < 1e-10);
    CHECK(std::abs(sh.N.squaredNorm() - obs.N.squaredNorm()) < 1e-10);
    CHECK((sh.N - obs.N).norm() > 1.0);
  }
  SECTION("bootstrap draws observed m and n = g*(m) + s xi") {
    const LowRankNetwork b = bootstrap_network(M, g, 0.0, 50, rng);
    for (Eigen::Index i = 0; i < 50; ++i) CHECK(((M.rowwise() - b.M.row(i)).rowwise().norm().minCoeff()) == 0.0);
    CHECK((b.N - g(b.M)).cwiseAbs().maxCoeff() == 0.0);
  }
  SECTION("the Gaussian control matches the first two moments") {
    Eigen::MatrixXd Z(300, 4);
    Z << M, obs.N;
    const LowRankNetwork gn = gaussian_network(Z, 200000, rng);
    Eigen::MatrixXd S(200000, 4);
    S << gn.M, gn.N;
    const Eigen::RowVectorXd m0 = Z.colwise().mean(), m1 = S.colwise().mean();
    const Eigen::MatrixXd c0 = (Z.rowwise() - m0).transpose() * (Z.rowwise() - m0) / 300.0;
    const Eigen::MatrixXd c1 = (S.rowwise() - m1).transpose() * (S.rowwise() - m1) / 200000.0;
    CHECK((m1 - m0).cwiseAbs().maxCoeff() < 0.02);
    CHECK((c1 - c0).cwiseAbs().maxCoeff() < 0.02 * c0.cwiseAbs().maxCoeff());
  }
}
