#include <catch2/catch.hpp>
#include <cmath>
#include <xtensor/xmath.hpp>

#include "common/error.hpp"
#include "dynamics/bifurcation_channel.hpp"
#include "dynamics/fixed_point.hpp"
#include "dynamics/multipliers.hpp"
#include "dynamics/normal_form.hpp"
#include "dynamics/restricted_landscape.hpp"
#include "dynamics/step_map.hpp"
#include "experiments/pitchfork_experiment.hpp"
#include "measures/effective_rank.hpp"
#include "ops/sntk_operators.hpp"
#include "rnn/batch.hpp"
#include "rnn/network.hpp"
#include "tasks/student_teacher.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

TEST_CASE("the pitchfork teacher is a bistable 1-bit memory at +-k* = +-0.8586 (SCIENCE.md 4.2)", "[pitchfork]") {
  const double leak = GENERATE(1.0, 0.2);
  RnnShape s;
  s.hidden = 16, s.inputs = 1, s.outputs = 1, s.leak = leak, s.bias = false;
  Rng rng(4);
  const RnnParameters teacher = pitchfork_teacher(s, 1.5, 2.0, rng);
  const int pulse = int(std::ceil(1.0 / leak - 1e-12));
  const Batch relax = relaxation_batch(4, 200, pulse);
  Trajectory traj;
  forward(teacher, relax, traj);
  for (int b = 0; b < 4; ++b) CHECK(traj.y(199, b, 0) == Approx(b % 2 ? -0.8586 : 0.8586).margin(5e-4));
  SECTION("0 is a fixed point with multiplier (1-a) + a gamma > 1") {
    const CriticalMode m = critical_mode(step_jacobian(teacher, Eigen::VectorXd::Zero(16)));
    CHECK(m.value.real() == Approx(1 - leak + 1.5 * leak));
  }
}

TEST_CASE("pitchfork experiment: mu every step, sNTK and channel split at measurement steps", "[pitchfork]") {
  const json config = json::parse(R"({"kind": "pitchfork", "seed": 2, "steps": 30, "batch_size": 8,
    "model": {"hidden": 6}, "teacher": {"steps": 12},
    "sntk": {"interval": 10, "near_mu": 0, "eval_trials": 2, "eval_steps": 12, "method": "dense", "top_k": 4}})");
  PitchforkExperiment e(config);
  const double mu0 = multipliers(step_jacobian(e.parameters(), Eigen::VectorXd::Zero(6)), LeadingBy::real_part)(0).real() - 1;
  while (!e.done()) e.step(7);
  const Result r = e.result();
  CHECK(r.kind == "pitchfork");
  CHECK(r.config["optimizer"]["name"] == "sgd");
  CHECK(r.config["optimizer"]["lr"] == 0.01);
  REQUIRE(r.arrays.at("mu").data.size() == 31);
  CHECK(r.arrays.at("mu").data[0] == Approx(mu0).epsilon(1e-12));
  CHECK(r.arrays.at("measure_step").data == std::vector<double>{0, 10, 20, 30});
  CHECK(r.arrays.at("top_eigenvalues").shape == std::vector<std::size_t>{4, 4});
  // The last measurement against a dense Theta of (W, U) on the relaxation batch.
  ParameterSelection sel;
  sel.b = false;
  Batch relax = relaxation_batch(2, 12, 1);
  Trajectory taught;  // the teacher's outputs: the targets of Figure C's losses
  forward(e.teacher(), relax, taught);
  relax.y = taught.y;
  const StateSpaceModel model(e.parameters(), relax, sel);
  const Eigen::MatrixXd gram = dense_gram(model);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
  const Eigen::VectorXd ev = eig.eigenvalues().reverse();
  CHECK(r.arrays.at("pr").data.back() == Approx(participation_ratio(ev.cwiseMax(0.0))).epsilon(1e-9));
  CHECK(r.arrays.at("top_eigenvalues").data[12] == Approx(ev(0)).epsilon(1e-9));
  for (double a : r.arrays.at("alignment").data) CHECK((a >= 0.0 && a <= 1.0 + 1e-12));
  for (double rho : r.arrays.at("rho1").data) CHECK(rho > 0.0);
  // The last step's mu and multipliers at the zero-input fixed point, and the last measurement's channel split
  // (v the unit gradient of Re lambda_c) and normal-form fit on z_t = l^T h_t, from their definitions.
  const FixedPoint fp = newton_fixed_point(e.parameters(), Eigen::VectorXd::Zero(6));
  REQUIRE(fp.converged);
  const Eigen::VectorXcd mult = multipliers(step_jacobian(e.parameters(), fp.h), LeadingBy::real_part);
  CHECK(r.arrays.at("mu").data.back() == mult(0).real() - 1.0);
  CHECK(r.arrays.at("multiplier_re").data.back() == mult(0).real());
  CHECK(r.arrays.at("multiplier_im").data.back() == std::abs(mult(0).imag()));
  CHECK(r.arrays.at("spectral_radius").data.back() == std::sqrt(mult.cwiseAbs2().maxCoeff()));
  const Eigen::VectorXd x0 = Eigen::VectorXd::Zero(1);
  const CriticalMode mode = critical_mode(step_jacobian(e.parameters(), fp.h, x0), LeadingBy::real_part);
  Eigen::VectorXd v = critical_multiplier_gradient(model, fp.h, x0, mode);
  const double dmu_ds = v.norm();
  CHECK(r.arrays.at("dmu_ds").data.back() == dmu_ds);
  v.normalize();
  Eigen::VectorXd Jv(model.state_dim());
  model.jvp(v, Jv);
  const double bif = Jv.squaredNorm();
  CHECK(r.arrays.at("bif_eigenvalue").data.back() == Approx(bif).epsilon(1e-12));
  CHECK(r.arrays.at("rho").data.back() == Approx(bif / (gram.trace() - bif)).epsilon(1e-9));
  CHECK(r.arrays.at("alignment").data.back() == Approx(std::abs(v.dot(eig.eigenvectors().rightCols(1).col(0)))).epsilon(1e-9));
  const Eigen::VectorXd l = mode.left.real();
  Eigen::MatrixXd z(13, 2), x(12, 2);
  for (Eigen::Index t = 0; t <= 12; ++t) z.row(t) = l.transpose() * step_block(model.trajectory().h, std::size_t(t));
  for (Eigen::Index t = 0; t < 12; ++t)
    for (Eigen::Index b = 0; b < 2; ++b) x(t, b) = relax.x(std::size_t(t), std::size_t(b), 0);
  const NormalFormFit fit = fit_normal_form(z, x);
  CHECK(r.arrays.at("nf_mu").data.back() == fit.mu);
  CHECK(r.arrays.at("nf_c").data.back() == fit.c);
  CHECK(r.arrays.at("nf_beta").data.back() == fit.beta);
  CHECK(r.arrays.at("nf_r2").data.back() == fit.r_squared);
  // Figure C's curves along v at the last measurement: 21 points over mu +-0.1 (the defaults), the last row of each.
  const RestrictedLandscape land = restricted_landscape(e.parameters(), relax, sel, v, dmu_ds, l, mode.right.real(), fit, 0.1, 21);
  const auto last_row = [&r](const char* name) {
    const std::vector<double>& d = r.arrays.at(name).data;
    return std::vector<double>(d.end() - 21, d.end());
  };
  const auto values = [](const Eigen::VectorXd& a) { return std::vector<double>(a.data(), a.data() + a.size()); };
  CHECK(r.arrays.at("landscape_dmu").data == values(land.dmu));
  CHECK(last_row("landscape_kernel") == values(land.kernel));
  CHECK(last_row("landscape_kernel_z") == values(land.kernel_z));
  CHECK(last_row("landscape_loss") == values(land.loss));
  CHECK(last_row("landscape_nf_kernel") == values(land.nf_kernel));
  CHECK(last_row("landscape_nf_loss") == values(land.nf_loss));
  CHECK(e.series("mu", 25).size() == 6);
  CHECK(e.series("pr", 3).size() == 1);
  // The dense spectrum's entropy rank, exp(-sum p ln p), and no standard error; rho1 = bif / lambda_1(Theta_res),
  // Theta_res = J (I - v v^T) J^T, whose nonzero eigenvalues are those of (I - v v^T) G (I - v v^T), G = J^T J.
  double entropy = 0;
  for (Eigen::Index k = 0; k < ev.size(); ++k) {
    const double q = std::max(ev(k), 0.0) / ev.cwiseMax(0.0).sum();
    if (q > 0) entropy -= q * std::log(q);
  }
  CHECK(r.arrays.at("erank").data.back() == Approx(std::exp(entropy)).epsilon(1e-9));
  CHECK(r.arrays.at("pr_std_error").data.back() == 0.0);
  const Eigen::MatrixXd off_v = Eigen::MatrixXd::Identity(v.size(), v.size()) - v * v.transpose();
  REQUIRE(gram.rows() == v.size());
  const Eigen::MatrixXd res = off_v * gram * off_v;
  const double res_top = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(res).eigenvalues().maxCoeff();
  CHECK(r.arrays.at("rho1").data.back() == Approx(bif / res_top).epsilon(1e-8));
  CHECK(r.scalars.at("measurements") == 4.0);
}

TEST_CASE("pitchfork experiment: the crossing scalars are the sign changes of mu", "[pitchfork]") {
  // At lr 0.5 mu crosses 0 within 30 steps (at step 23 for seed 2).
  const json config = json::parse(R"({"kind": "pitchfork", "seed": 2, "steps": 30, "batch_size": 8, "optimizer": {"lr": 0.5},
    "model": {"hidden": 6}, "teacher": {"steps": 12}, "monitor_trials": 0,
    "sntk": {"interval": 1000, "near_mu": 0, "eval_trials": 2, "eval_steps": 12, "method": "dense", "top_k": 2}})");
  PitchforkExperiment e(config);
  e.step(e.total());
  const Result r = e.result();
  // Sign changes of mu and the first one's multiplier (complex if |Im| > 1e-9 at the step nearer mu = 0).
  const std::vector<double>& mu = r.arrays.at("mu").data;
  const std::vector<double>& im = r.arrays.at("multiplier_im").data;
  double changes = 0, first = NAN, type = NAN;
  for (std::size_t k = 1; k < mu.size(); ++k)
    if ((mu[k] < 0) != (mu[k - 1] < 0)) {
      if (changes++ == 0) first = double(k), type = im[std::abs(mu[k]) <= std::abs(mu[k - 1]) ? k : k - 1] > 1e-9 ? 2.0 : 0.0;
    }
  REQUIRE(changes >= 1);  // this run has a crossing to check
  CHECK(r.scalars.at("mu_crossings") == changes);
  CHECK(r.scalars.at("crossing_step") == first);
  CHECK(r.scalars.at("crossing_type") == type);
  std::vector<Complex> radius;
  for (double v : r.arrays.at("spectral_radius").data) radius.push_back(v);
  CHECK(r.scalars.at("unit_circle_crossings") == double(unit_circle_crossings(radius).size()));
}

TEST_CASE("pitchfork experiment: monitor_loss is the MSE of the student at each step on fixed teacher trials", "[pitchfork]") {
  const json config = json::parse(R"({"kind": "pitchfork", "seed": 3, "steps": 9, "batch_size": 4, "monitor_trials": 5,
    "model": {"hidden": 5}, "teacher": {"steps": 14, "pulse_prob": 0.2}, "sntk": {"interval": 100, "near_mu": 0}})");
  // The monitor trials (README: stream 9 of the seed) of the student-teacher task of this teacher.
  PitchforkExperiment e(config);
  StudentTeacher task(e.teacher());
  task.length = 14;
  task.pulse_prob = 0.2;
  task.pulse_steps = 1;  // ceil(1 / leak)
  Rng rng(3, 9);
  const Batch monitor = task.sample(5, rng);
  Trajectory taught;
  forward(e.teacher(), monitor, taught);
  REQUIRE(bool(taught.y == monitor.y));  // the targets are the teacher's outputs
  REQUIRE(xt::sum(xt::abs(monitor.x))() > 0.0);  // the trials carry pulses
  const auto student_loss = [&monitor](const RnnParameters& p) {
    Trajectory traj;
    forward(p, monitor, traj);
    return trajectory_loss(traj, monitor, LossKind::mse);
  };
  // The student's loss before each step and after the last, stepping one at a time.
  std::vector<double> expected;
  while (!e.done()) {
    expected.push_back(student_loss(e.parameters()));
    e.step(1);
  }
  expected.push_back(student_loss(e.parameters()));
  const Result r = e.result();
  REQUIRE(expected.size() == 10);
  CHECK(r.arrays.at("monitor_loss").data == expected);
  CHECK(expected.front() != expected.back());  // training moved it
  CHECK(e.series("monitor_loss", 7) == std::vector<double>(expected.begin() + 7, expected.end()));
  // The same in one call; none without monitor trials.
  PitchforkExperiment once(config);
  once.step(once.total());
  CHECK(once.result().arrays.at("monitor_loss").data == expected);
  json off = config;
  off["monitor_trials"] = 0;
  PitchforkExperiment none(off);
  none.step(none.total());
  CHECK(none.result().arrays.count("monitor_loss") == 0);
}

TEST_CASE("pitchfork config errors name the field", "[pitchfork][config]") {
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "pitchfork", "model": {"leak": 0}})"),
                    Equals("model.leak: must be a number in (0, 1], got 0"));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "pitchfork", "model": {"cell": "current"}})"), Contains("model.cell"));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "pitchfork", "sntk": {"method": "exact"}})"),
                    Contains("sntk.method: must be one of"));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "pitchfork", "optimizer": {"name": "lbfgs"}})"),
                    Contains("optimizer.name"));
}

TEST_CASE("pitchfork: a student saturated by optimizer.lr 10 stops with an error naming the field and its range", "[pitchfork][config]") {
  // SGD at lr 10 drives every unit of the student to tanh's flat tails; the sNTK is then 0.
  PitchforkExperiment e(json::parse(R"({"kind": "pitchfork", "steps": 20, "batch_size": 4, "model": {"hidden": 6},
    "teacher": {"steps": 10}, "monitor_trials": 4, "optimizer": {"lr": 10},
    "sntk": {"interval": 3, "near_interval": 2, "eval_steps": 10, "eval_trials": 2, "probes": 4, "top_k": 3,
             "landscape_points": 3}})"));
  CHECK_THROWS_WITH(e.step(20), Contains("sNTK at training step ") && Contains("lower optimizer.lr, allowed (0, 10]"));
}

TEST_CASE("pitchfork: model.leak 1e-300 builds its pulse of one time constant without overflowing int", "[pitchfork][config]") {
  // 1 / leak = 1e300 was converted to int (undefined behaviour past 2^31; UBSan stops the run here without the cap).
  PitchforkExperiment e(json::parse(R"({"kind": "pitchfork", "steps": 0, "model": {"hidden": 4, "leak": 1e-300},
    "teacher": {"steps": 10}, "monitor_trials": 2, "sntk": {"eval_steps": 10, "eval_trials": 2, "landscape_points": 0}})"));
  CHECK(e.total() == 0);
}

TEST_CASE("pitchfork: one relaxation trial of 2 steps is refused, the normal form needs 3 samples", "[pitchfork][config]") {
  // The run failed at its first measurement with "normal form: needs at least 3 samples, got 2" (the fuzz driver).
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "pitchfork", "sntk": {"eval_trials": 1, "eval_steps": 2}})"),
                    Equals("sntk.eval_steps: sntk.eval_trials x sntk.eval_steps must be at least 3 (the normal-form fit "
                           "has 3 coefficients; eval_steps allowed [3, 5000] with 1 trial), got 1 x 2"));
  CHECK_NOTHROW(make_experiment(R"({"kind": "pitchfork", "sntk": {"eval_trials": 1, "eval_steps": 3}})"));
}
