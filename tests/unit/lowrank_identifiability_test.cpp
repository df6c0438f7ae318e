// Unit tests of the identifiability tools of SCIENCE.md 11.2 (rnnbook's reconstruction of Kim et al. 2026):
// U27 (null-space freedom), U28 (gradient descent stays in N0 + S; the minimum-norm solution), the gauge, and the
// factored measures of S12-S14 against dense oracles.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "common/rng.hpp"
#include "linalg/svd.hpp"
#include "lowrank/excited_subspace.hpp"
#include "lowrank/gauge.hpp"
#include "lowrank/identifiability.hpp"
#include "lowrank/teachers.hpp"

using namespace rnnbook;

namespace {

Eigen::MatrixXd gaussian_matrix(Eigen::Index r, Eigen::Index c, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd A(r, c);
  for (auto& v : A.reshaped()) v = rng.normal();
  return A;
}

// A small ring teacher: N = 200, 4 trials of 20 steps (SCIENCE.md U27).
Teacher small_ring() {
  TeacherSettings s = teacher_defaults(TeacherKind::ring);
  s.neurons = 200;
  s.train_trials = 4;
  s.heldout_trials = 1;
  s.steps = 20;
  return make_teacher(s, 3);
}

Eigen::MatrixXd dense_j(const LowRankNetwork& n) { return n.M * n.N.transpose() / double(n.neurons()); }

}  // namespace

TEST_CASE("U27: adding a left null vector of Phi to N changes J but not the trajectories", "[lowrank][U27]") {
  const Teacher t = small_ring();
  const Eigen::MatrixXd Phi = visited_activations(t.train);
  const ExcitedSubspace S = excited_subspace(Phi, 1e-13);
  LowRankNetwork moved = t.net;
  const Eigen::MatrixXd Z = project_off(S.basis(), gaussian_matrix(200, 2, 4));
  moved.N += 3.0 * Z / Z.norm() * t.net.N.norm();
  const double j_change = j_difference(moved, t.net) / j_norm(t.net);
  const TrialStates x = simulate(moved, t.settings.dt, t.train.at_step(0), t.settings.steps);
  const double traj = (x.X - t.train.X).cwiseAbs().maxCoeff();
  std::printf("U27: dim S = %ld of 200 (%ld states), J changes by %.2f, trajectories by %.2e\n", long(S.dim),
              long(Phi.cols()), j_change, traj);
  CHECK(S.dim < 200);
  CHECK(j_change > 1.0);
  CHECK(traj < 1e-10);
}

TEST_CASE("U28: gradient descent on the one-step latent loss moves N only within S, and the minimum-norm N", "[lowrank][U28]") {
  const Teacher t = small_ring();
  const Eigen::MatrixXd Phi = visited_activations(t.train);
  const double N = 200.0;
  const Eigen::MatrixXd Y = t.net.N.transpose() * Phi / N;  // the latent input the data require
  const ThinSvd svd = thin_svd(Phi);                          // U spans the column space of Phi
  Eigen::MatrixXd Nk = gaussian_matrix(200, 2, 5);
  const Eigen::MatrixXd N0 = Nk;
  double worst = 0.0;
  for (int k = 0; k < 50; ++k) {  // L = 1/2 ||N^T Phi / N - Y||^2: dL/dN = Phi (N^T Phi / N - Y)^T / N
    Nk -= 0.5 * Phi * (Nk.transpose() * Phi / N - Y).transpose() / N;
    worst = std::max(worst, project_off(svd.U, Nk - N0).cwiseAbs().maxCoeff());
  }
  std::printf("U28: max |(I - P_S)(N_k - N_0)| = %.2e over 50 steps\n", worst);
  CHECK(worst < 1e-12);
  CHECK((Nk - N0).norm() > 1.0);  // it did move

  const Eigen::MatrixXd Nstar = minimum_norm_loadings(Phi, Y, 1e-10);
  const ExcitedSubspace S = excited_subspace(Phi, 1e-10);
  const double constraint = (Nstar.transpose() * Phi / N - Y).norm() / Y.norm();
  const double off = project_off(S.basis(), Nstar).norm() / Nstar.norm();
  std::printf("U28: min-norm N: constraints %.2e, off S %.2e, ||N*|| %.2f vs ||N_true|| %.2f\n", constraint, off,
              Nstar.norm(), t.net.N.norm());
  CHECK(constraint < 1e-6);
  CHECK(off < 1e-6);
  CHECK(Nstar.norm() <= t.net.N.norm());
}

TEST_CASE("the whitened gauge: M^T M / N = I and J unchanged", "[lowrank][gauge]") {
  LowRankNetwork net{gaussian_matrix(60, 2, 6), gaussian_matrix(60, 2, 7)};
  net.M.col(1) += 0.7 * net.M.col(0);
  const LowRankNetwork w = whiten(net);
  CHECK((w.M.transpose() * w.M / 60.0 - Eigen::MatrixXd::Identity(2, 2)).cwiseAbs().maxCoeff() < 1e-13);
  CHECK((dense_j(w) - dense_j(net)).cwiseAbs().maxCoeff() < 1e-14);
  CHECK(j_difference(w, net) < 1e-13);
  CHECK_THROWS(apply_gauge(net, Eigen::MatrixXd::Zero(2, 2)));
}

TEST_CASE("factored J measures equal their dense forms", "[lowrank][measures]") {
  const LowRankNetwork a{gaussian_matrix(40, 2, 8), gaussian_matrix(40, 2, 9)};
  const LowRankNetwork b{gaussian_matrix(40, 1, 10), gaussian_matrix(40, 1, 11)};
  const Eigen::MatrixXd Ja = dense_j(a), Jb = dense_j(b);
  CHECK(j_difference(a, b) == Approx((Ja - Jb).norm()).epsilon(1e-12));
  CHECK(j_norm(a) == Approx(Ja.norm()).epsilon(1e-12));
  const Eigen::MatrixXd U = gaussian_matrix(40, 3, 12);
  CHECK(restricted_j_difference(a, b, U) == Approx(((Ja - Jb) * U).norm()).epsilon(1e-12));
  CHECK(restricted_j_norm(a, U) == Approx((Ja * U).norm()).epsilon(1e-12));
  // A 1e-6 change of J is resolved (no cancellation of ||J||^2 terms).
  LowRankNetwork c = a;
  c.N(0, 0) += 1e-6;
  CHECK(j_difference(a, c) == Approx((dense_j(a) - dense_j(c)).norm()).epsilon(1e-8));
  // Fewer neurons than the two ranks together (3 < 2 + 2, a ring teacher of 3 neurons and its student):
  // the factor's R has 3 rows, not 4 (reading a fourth went past the matrix, an Eigen assertion).
  const LowRankNetwork d{gaussian_matrix(3, 2, 13), gaussian_matrix(3, 2, 14)}, e{gaussian_matrix(3, 2, 15), gaussian_matrix(3, 2, 16)};
  CHECK(j_difference(d, e) == Approx((dense_j(d) - dense_j(e)).norm()).epsilon(1e-12));
}

TEST_CASE("principal angles of spans and the off-subspace cosine", "[lowrank][measures]") {
  const Eigen::MatrixXd A = gaussian_matrix(30, 2, 13);
  Eigen::MatrixXd mix(2, 2);
  mix << 2.0, 1.0, -0.5, 3.0;
  CHECK(max_principal_sine(A, A * mix) < 1e-12);  // same span, another basis
  const Eigen::MatrixXd B = gaussian_matrix(30, 2, 14);
  const Eigen::MatrixXd QA = A.householderQr().householderQ() * Eigen::MatrixXd::Identity(30, 2);
  const Eigen::MatrixXd QB = B.householderQr().householderQ() * Eigen::MatrixXd::Identity(30, 2);
  const double smallest_cos = singular_values(QA.transpose() * QB).minCoeff();
  CHECK(max_principal_sine(A, B) == Approx(std::sqrt(1.0 - smallest_cos * smallest_cos)).epsilon(1e-10));
  // Off-subspace cosine: 1 for a matrix against itself plus anything in S; the dense projector otherwise.
  const Eigen::MatrixXd S = QA;
  const Eigen::MatrixXd X = gaussian_matrix(30, 2, 15), Y = gaussian_matrix(30, 2, 16);
  CHECK(off_subspace_cosine(S, X, X + S * gaussian_matrix(2, 2, 17)) == Approx(1.0).epsilon(1e-13));
  const Eigen::MatrixXd P = Eigen::MatrixXd::Identity(30, 30) - S * S.transpose();
  const Eigen::MatrixXd px = P * X, py = P * Y;
  CHECK(off_subspace_cosine(S, X, Y) == Approx((px.array() * py.array()).sum() / (px.norm() * py.norm())).epsilon(1e-12));
}

TEST_CASE("the excited subspace's spectrum is that of Phi, wide or tall", "[lowrank][measures]") {
  const Eigen::MatrixXd wide = gaussian_matrix(12, 50, 18), tall = gaussian_matrix(40, 10, 19);
  const ExcitedSubspace sw = excited_subspace(wide, 0.5), st = excited_subspace(tall);
  CHECK((sw.spectrum - singular_values(wide)).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((sw.U.transpose() * sw.U - Eigen::MatrixXd::Identity(12, 12)).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((project_onto(sw.U, wide) - wide).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(sw.dim == dimension_above(sw.spectrum, 0.5));
  CHECK(st.dim == 10);
  const Eigen::MatrixXd Y = gaussian_matrix(2, 50, 20);  // wide: an exact min-norm solve of N^T Phi / 12 = Y is impossible
  const Eigen::MatrixXd Nw = minimum_norm_loadings(wide, Y);
  const Eigen::MatrixXd ls = (wide * wide.transpose()).ldlt().solve(wide * Y.transpose() * 12.0);  // least squares
  CHECK((Nw - ls).cwiseAbs().maxCoeff() < 1e-10);
}

TEST_CASE("the off-subspace cosine is scale-free down to loadings of 1e-200 and up to 1e200", "[lowrank][measures]") {
  // students.init_sd 1e-200 gave init_cosine NaN: the squared norms of the initial n underflowed to 0.
  const Eigen::MatrixXd A = gaussian_matrix(30, 2, 21);
  const Eigen::MatrixXd S = A.householderQr().householderQ() * Eigen::MatrixXd::Identity(30, 2);
  const Eigen::MatrixXd X = gaussian_matrix(30, 2, 22), Y = gaussian_matrix(30, 2, 23);
  const double c = off_subspace_cosine(S, X, Y);
  CHECK(off_subspace_cosine(S, X, 1e-200 * Y) == Approx(c).epsilon(1e-13));
  CHECK(off_subspace_cosine(S, 1e-200 * X, 1e-200 * Y) == Approx(c).epsilon(1e-13));
  CHECK(off_subspace_cosine(S, 1e200 * X, 1e200 * Y) == Approx(c).epsilon(1e-13));
}
