// Unit tests of the low-rank network model of SCIENCE.md 11.1 (rnnbook's reconstruction of Kim et al. 2026):
// U25 (gauge), U26 (latent reduction), U29 (Stein identity), U30 (linear latent dynamics), the factored step
// against core/rnn's cell B with the full W = M N^T / N, the mean-field drift, and the teachers.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "lowrank/latent.hpp"
#include "lowrank/low_rank_network.hpp"
#include "lowrank/mean_field.hpp"
#include "lowrank/teachers.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;

namespace {

LowRankNetwork random_low_rank(Eigen::Index N, Eigen::Index R, std::uint64_t seed, double gain = 2.0) {
  Rng rng(seed);
  LowRankNetwork net;
  net.M.resize(N, R);
  net.N.resize(N, R);
  for (auto& v : net.M.reshaped()) v = rng.normal();
  for (auto& v : net.N.reshaped()) v = rng.normal();
  net.N += gain * net.M;  // overlap gain I: nontrivial latent dynamics
  return net;
}

Eigen::MatrixXd random_matrix(Eigen::Index r, Eigen::Index c, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd A(r, c);
  for (auto& v : A.reshaped()) v = rng.normal();
  return A;
}

}  // namespace

TEST_CASE("the factored step is cell B of core/rnn with W = M N^T / N", "[lowrank]") {
  const Eigen::Index N = 20, R = 2, B = 3, T = 12;
  const double dt = 0.3;
  const LowRankNetwork net = random_low_rank(N, R, 1);
  const Eigen::MatrixXd X0 = random_matrix(N, B, 2);
  const TrialStates x = simulate(net, dt, X0, T);
  // Cell B from h_0 = 0: an input pulse U x_1 = X0 / a at step 1 puts h_1 = X0; then no input.
  RnnShape s{int(N), int(N), 1, dt, CellKind::current, Activation::tanh, false};
  RnnParameters p(s);
  p.W() = net.M * net.N.transpose() / double(N);
  p.U().setIdentity();
  Batch batch;
  batch.x = xt::zeros<double>({std::size_t(T + 1), std::size_t(B), std::size_t(N)});
  batch.y = xt::zeros<double>({std::size_t(T + 1), std::size_t(B), std::size_t(1)});
  batch.mask = xt::ones<double>({std::size_t(T + 1), std::size_t(B)});
  for (Eigen::Index b = 0; b < B; ++b)
    for (Eigen::Index i = 0; i < N; ++i) batch.x(0, std::size_t(b), std::size_t(i)) = X0(i, b) / dt;
  Trajectory traj;
  forward(p, batch, traj);
  double diff = 0.0;
  for (Eigen::Index t = 0; t <= T; ++t)
    diff = std::max(diff, (step_block(traj.h, std::size_t(t) + 1) - x.at_step(t)).cwiseAbs().maxCoeff());
  CHECK(diff < 1e-13);
}

TEST_CASE("U25: the gauge (M A, N A^-T) leaves every trajectory unchanged", "[lowrank][U25]") {
  const LowRankNetwork net = random_low_rank(50, 2, 3);
  const Eigen::MatrixXd A = random_matrix(2, 2, 4) + 2.0 * Eigen::MatrixXd::Identity(2, 2);
  LowRankNetwork gauged = net;
  gauged.M = net.M * A;
  gauged.N = net.N * A.inverse().transpose();
  const Eigen::MatrixXd X0 = random_matrix(50, 4, 5);
  const TrialStates a = simulate(net, 0.1, X0, 60), b = simulate(gauged, 0.1, X0, 60);
  const double diff = (a.X - b.X).cwiseAbs().maxCoeff();
  std::printf("U25: max |x - x_gauged| = %.2e\n", diff);
  CHECK(diff < 1e-12);
  CHECK((gauged.M - net.M).norm() > 0.5 * net.M.norm());  // the factors did change
}

TEST_CASE("U26: started in span(M), x stays there and its latents follow the R-dim recursion", "[lowrank][U26]") {
  const LowRankNetwork net = random_low_rank(80, 2, 6);
  const Eigen::MatrixXd K0 = 2.0 * random_matrix(2, 5, 7);
  const TrialStates x = simulate(net, 0.1, net.M * K0, 100);
  const Eigen::MatrixXd Q = net.M.householderQr().householderQ() * Eigen::MatrixXd::Identity(80, 2);
  const double residual = (x.X - Q * (Q.transpose() * x.X)).norm() / x.X.norm();
  const TrialStates k = simulate_latent(net, 0.1, K0, 100);
  const double latent = (latent_readout(net.M, x).X - k.X).cwiseAbs().maxCoeff();
  std::printf("U26: off-span residual %.2e, latent difference %.2e\n", residual, latent);
  CHECK(residual < 1e-12);
  CHECK(latent < 1e-12);
  CHECK(k.X.col(k.column(0, 100)).norm() > 0.1);  // the latents did not decay to 0
}

TEST_CASE("U29: Stein identity E[m tanh(m k)] = k E[tanh'(m k)] by the trapezoid rule", "[lowrank][U29]") {
  for (const double kappa : {0.3, 1.0, 2.5}) {
    const double lhs = gaussian_integral([&](const Eigen::VectorXd& z) {
      Eigen::VectorXd t(z.size());
      apply_phi(Activation::tanh, kappa * z, t);
      return Eigen::VectorXd(z.cwiseProduct(t));
    });
    const double rhs = kappa * mean_slope(Activation::tanh, kappa * kappa);
    std::printf("U29: kappa %.1f: %.17g vs %.17g\n", kappa, lhs, rhs);
    CHECK(std::abs(lhs - rhs) < 1e-14);
  }
  // The rule itself: E[z^2] = 1 and E[cosh-free] E[1] = 1 to rounding.
  CHECK(std::abs(gaussian_integral([](const Eigen::VectorXd& z) { return Eigen::VectorXd(z.array().square()); }) - 1.0) < 1e-14);
  CHECK(mean_slope(Activation::tanh, 0.0) == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("U30: with phi = identity the latent dynamics are linear with the overlap N^T M / N", "[lowrank][U30]") {
  LowRankNetwork net = random_low_rank(40, 2, 8, 0.5);
  net.phi = Activation::identity;
  const Eigen::MatrixXd K0 = random_matrix(2, 3, 9);
  const TrialStates x = simulate(net, 0.1, net.M * K0, 50);
  const TrialStates k = latent_readout(net.M, x);
  const Eigen::MatrixXd A = (1.0 - 0.1) * Eigen::MatrixXd::Identity(2, 2) + 0.1 * net.N.transpose() * net.M / 40.0;
  Eigen::MatrixXd K = K0;
  double diff = 0.0;
  for (Eigen::Index t = 0; t <= 50; ++t, K = A * K) diff = std::max(diff, (k.at_step(t) - K).cwiseAbs().maxCoeff());
  std::printf("U30: max latent difference %.2e\n", diff);
  CHECK(diff < 1e-12);
}

TEST_CASE("Stein's Gaussian drift equals the Monte-Carlo drift of Gaussian loadings", "[lowrank][meanfield]") {
  // Loadings n = G m + xi, m ~ N(0, C): Sigma_mm = C, Sigma_nm = G C. 2e5 samples: MC error ~ 1e-2.
  const Eigen::Index S = 200000;
  Eigen::MatrixXd L(2, 2), G(2, 2);
  L << 1.0, 0.0, 0.5, 0.8;
  G << 2.0, -1.0, 1.0, 2.0;
  const Eigen::MatrixXd m = random_matrix(S, 2, 10) * L.transpose();
  const Eigen::MatrixXd n = m * G.transpose() + random_matrix(S, 2, 11);
  const Eigen::MatrixXd C = L * L.transpose();
  const Eigen::MatrixXd kappa = random_matrix(2, 6, 12);
  const Eigen::MatrixXd mc = monte_carlo_drift(m, n, kappa), gauss = gaussian_drift(G * C, C, kappa);
  const double err = (mc - gauss).norm() / gauss.norm();
  std::printf("mean field: Monte Carlo vs Stein, relative difference %.2e\n", err);
  CHECK(err < 0.02);
  // The drift is the finite network's latent input: monte_carlo_drift(M, N, k) = N^T phi(M k) / N.
  LowRankNetwork net{m.topRows(100), n.topRows(100)};
  CHECK((monte_carlo_drift(net.M, net.N, kappa) - latent_input(net, net.M * kappa)).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("the teachers' attractors are where SCIENCE.md 11.1 puts them", "[lowrank][teacher]") {
  // SCIENCE.md 11.1 quotes r = 1.36 for the ring; the defining equation <tanh'>(r^2) = 1/2 gives 1.337 (fixed
  // points do not depend on dt). 1.36 is the radius of the Euler (dt = 0.1) limit cycle, checked below.
  SECTION("ring radius: <tanh'>(r^2) = 1/2 at r = 1.337") {
    double lo = 0.5, hi = 3.0;
    for (int i = 0; i < 60; ++i) (mean_slope(Activation::tanh, 0.25 * (lo + hi) * (lo + hi)) > 0.5 ? lo : hi) = 0.5 * (lo + hi);
    std::printf("teacher: ring radius %.5f\n", lo);
    CHECK(lo == Approx(1.337).margin(0.001));
  }
  SECTION("bistable kappa* = 1.855 from unit-variance Laplace loadings (MC mean field, 4e4 loadings)") {
    Rng rng(13);
    Eigen::MatrixXd m(40000, 1);
    for (auto& v : m.reshaped()) v = laplace_unit(rng);
    CHECK(m.squaredNorm() / 40000.0 == Approx(1.0).margin(0.03));
    const Eigen::MatrixXd n = 3.0 * m;  // the residual has mean 0 and is independent of m: drop it
    double lo = 0.5, hi = 3.0;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (lo + hi);
      (monte_carlo_drift(m, n, Eigen::MatrixXd::Constant(1, 1, mid))(0, 0) > mid ? lo : hi) = mid;
    }
    std::printf("teacher: bistable kappa* %.4f\n", lo);
    CHECK(lo == Approx(1.855).margin(0.02));
  }
  SECTION("a simulated bistable teacher settles near +-kappa*") {
    TeacherSettings s = teacher_defaults(TeacherKind::bistable);
    s.neurons = 1000;
    s.steps = 150;
    const Teacher t = make_teacher(s, 0);
    const TrialStates k = latent_readout(t.net.M, t.train);
    for (Eigen::Index b = 0; b < k.trials; ++b)
      if (std::abs(t.train_latent0(0, b)) > 0.5) CHECK(std::abs(k.state(b, 150)(0)) == Approx(1.855).margin(0.15));
  }
  SECTION("the cycle's Euler mean field (dt = 0.1) settles at radius 1.36") {
    const TeacherSettings s = teacher_defaults(TeacherKind::cycle);
    const Eigen::MatrixXd C = Eigen::MatrixXd::Identity(2, 2);
    const TrialStates k = mean_field_trajectories(
        [&](const Eigen::MatrixXd& K) { return gaussian_drift(s.overlap, C, K); }, Eigen::MatrixXd::Constant(2, 1, 1.0),
        s.dt, 600);
    const double r = k.state(0, 600).norm();
    std::printf("teacher: cycle radius %.4f\n", r);
    CHECK(r == Approx(1.36).margin(0.02));
  }
}

TEST_CASE("teacher settings and user activity out of range are errors naming the field", "[lowrank][teacher]") {
  TeacherSettings s = teacher_defaults(TeacherKind::ring);
  s.dt = 0.0;
  CHECK_THROWS_WITH(make_teacher(s, 0), Catch::Contains("teacher.dt"));
  CHECK_THROWS_WITH(teacher_from_name("torus"), Catch::Contains("teacher.name"));
  CHECK_THROWS_WITH(trial_states_from_array({2, 2, 3}, std::vector<double>(12), "teacher.data"),
                    Catch::Contains("too short"));
  CHECK_THROWS_WITH(trial_states_from_array({2, 4, 3}, std::vector<double>(23), "teacher.data"),
                    Catch::Contains("needs 24 values"));
  std::vector<double> v(24);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = double(i);
  const TrialStates a = trial_states_from_array({2, 4, 3}, v, "teacher.data");
  CHECK(a.state(1, 2)(0) == 1 * 12 + 2 * 3 + 0);  // C order (B, T+1, N)
  CHECK(a.shape() == std::vector<std::size_t>{2, 4, 3});
}
