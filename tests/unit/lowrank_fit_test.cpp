// Unit tests of the fit of SCIENCE.md 11.3 (rnnbook's reconstruction of Kim et al. 2026): U33 (the maximum-entropy
// mean of steps 1-3 reproduces the dynamics), the BPTT student's gradient against finite differences, and the
// dynamics summaries of step 6.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "lowrank/dynamics_summary.hpp"
#include "lowrank/max_entropy.hpp"
#include "lowrank/student.hpp"
#include "lowrank/teachers.hpp"

using namespace rnnbook;

TEST_CASE("U33: steps 1-3 give a network that reproduces y and the held-out latents", "[lowrank][U33]") {
  const TeacherKind kind = GENERATE(TeacherKind::bistable, TeacherKind::ring, TeacherKind::cycle);
  const Teacher t = make_teacher(teacher_defaults(kind), 0);
  const double dt = t.settings.dt;
  const LoadingFit f = fit_loadings(t.train, t.net.rank(), dt);
  CHECK((f.M.transpose() * f.M / 300.0 - Eigen::MatrixXd::Identity(t.net.rank(), t.net.rank())).cwiseAbs().maxCoeff() < 1e-12);
  Rng rng(7);
  const MaxEntropyMean g = max_entropy_mean(f.M, f.kappa, f.y, 200, rng);
  const LowRankNetwork net = max_entropy_network(f.M, g);
  const Eigen::MatrixXd y_fit = latent_input(net, f.M * f.kappa);
  const double y_error = (y_fit - f.y).norm() / f.y.norm();
  // Held out: the data's latents in the fitted gauge, and the fitted network from their starts.
  TrialStates want;
  want.trials = t.heldout.trials;
  want.steps = t.heldout.steps;
  want.X = f.M.transpose() * t.heldout.X / 300.0;
  const TrialStates got = latent_trajectories(net, dt, want.at_step(0), want.steps);
  const double traj_error = latent_trajectory_error(got, want);
  std::printf("U33 %s: y error %.2e, held-out latent error %.2e, K = %ld anchors, eps %.2e\n", teacher_name(kind), y_error,
              traj_error, long(g.anchors.cols()), g.ridge);
  CHECK(y_error < 1e-3);
  CHECK(traj_error < 1e-3);
  CHECK(g.anchors.cols() == 200);
}

TEST_CASE("fitting more loadings than the activity's rank is an error", "[lowrank][fit]") {
  TeacherSettings s = teacher_defaults(TeacherKind::bistable);
  s.neurons = 40;
  s.train_trials = 4;
  const Teacher t = make_teacher(s, 1);
  CHECK_THROWS_WITH(fit_loadings(t.train, 2, 0.1), Catch::Contains("rank < 2"));
  CHECK_THROWS_WITH(fit_loadings(t.train, 41, 0.1), Catch::Contains("fit.rank"));
  CHECK_NOTHROW(fit_loadings(t.train, 1, 0.1));
}

TEST_CASE("the student's BPTT gradient matches central finite differences", "[lowrank][student]") {
  TeacherSettings s = teacher_defaults(TeacherKind::cycle);
  s.neurons = 15;
  s.train_trials = 3;
  s.steps = 12;
  const Teacher t = make_teacher(s, 2);
  Rng rng(3);
  LowRankNetwork net;
  net.M.resize(15, 2);
  net.N.resize(15, 2);
  for (auto& v : net.M.reshaped()) v = rng.normal();
  for (auto& v : net.N.reshaped()) v = rng.normal();
  const std::vector<WindowStart> starts{{0, 0}, {1, 3}, {2, 5}, {0, 2}};
  LowRankNetwork grad;
  window_loss(net, 0.1, t.train, starts, 6, &grad);
  double worst = 0.0;
  for (int which = 0; which < 2; ++which)
    for (Eigen::Index i = 0; i < 30; ++i) {
      LowRankNetwork up = net, down = net;
      const double h = 1e-6;
      (which ? up.N : up.M)(i % 15, i / 15) += h;
      (which ? down.N : down.M)(i % 15, i / 15) -= h;
      const double fd = (window_loss(up, 0.1, t.train, starts, 6) - window_loss(down, 0.1, t.train, starts, 6)) / (2 * h);
      const double an = (which ? grad.N : grad.M)(i % 15, i / 15);
      worst = std::max(worst, std::abs(fd - an) / std::max(std::abs(an), 1e-3));
    }
  std::printf("student: worst relative gradient error %.2e\n", worst);
  CHECK(worst < 1e-6);
}

TEST_CASE("a student's Adam steps lower its window loss", "[lowrank][student]") {
  TeacherSettings s = teacher_defaults(TeacherKind::bistable);
  s.neurons = 30;
  s.train_trials = 4;
  s.steps = 30;
  const Teacher t = make_teacher(s, 4);
  StudentSettings ss;
  ss.steps = 60;
  ss.windows = 16;
  StudentFit fit(t.train, 0.1, ss, 5);
  while (!fit.done()) fit.step();
  const auto& l = fit.losses();
  CHECK(l.size() == 60);
  CHECK(l.back() < 0.5 * l.front());
  CHECK((fit.network().M - fit.initial().M).norm() > 0.0);
  ss.window_length = 31;
  CHECK_THROWS_WITH(StudentFit(t.train, 0.1, ss, 5), Catch::Contains("students.window"));
}

TEST_CASE("dynamics summaries: radius, period and final magnitude of known trajectories", "[lowrank][summary]") {
  // kappa_b(t) = r_b (cos w t dt, sin w t dt): period 2 pi / w.
  TrialStates k(2, 3, 200);
  const double dt = 0.1, w = 0.5;
  for (Eigen::Index b = 0; b < 3; ++b)
    for (Eigen::Index t = 0; t <= 200; ++t)
      k.state(b, t) << (1.0 + b) * std::cos(w * t * dt + b), (1.0 + b) * std::sin(w * t * dt + b);
  CHECK(rotation_period(k, dt) == Approx(2.0 * kPi / w).epsilon(1e-12));
  CHECK(mean_radius(k, 100) == Approx(2.0).epsilon(1e-12));
  TrialStates half = k;
  half.X *= 0.5;
  CHECK(final_magnitude_error(half, k) == Approx(0.5).epsilon(1e-12));
  const SummaryError e = summary_error(TeacherKind::cycle, half, k, dt);
  CHECK(e.primary == Approx(0.5).epsilon(1e-12));
  CHECK(e.period < 1e-12);
  CHECK(e.trajectory == Approx(0.5).epsilon(1e-12));
}
