// The "lowrank" experiment (SCIENCE.md 11, rnnbook's reconstruction): its numbers are the core's (teacher,
// steps 1-3, students, flow, sampled networks and controls, each from its documented seed or stream), the
// user's activity gives the same fit as the teacher it came from, it steps and stops with partial results,
// any chunking gives the same bits, and bad configs are refused with messages that name the field.
#include <catch2/catch.hpp>

#include <cmath>

#include "experiments/experiment.hpp"
#include "lowrank/dynamics_summary.hpp"
#include "lowrank/excited_subspace.hpp"
#include "lowrank/flow_matching.hpp"
#include "lowrank/identifiability.hpp"
#include "lowrank/max_entropy.hpp"
#include "lowrank/sampled_networks.hpp"
#include "lowrank/student.hpp"
#include "lowrank/teachers.hpp"
#include "trend_stats.hpp"

using namespace rnnbook;

namespace lowrank_experiment_test {

// 60 neurons, 8 + 4 trials of 30 steps; 2 students x 15 steps, 20 flow steps, 2 sampled networks: 58 units.
json small_lowrank_config() {
  return json::parse(R"({"kind": "lowrank", "seed": 3,
    "teacher": {"neurons": 60, "train_trials": 8, "heldout_trials": 4, "steps": 30},
    "students": {"count": 2, "steps": 15, "windows": 8}, "flow": {"steps": 20, "hidden": 16, "batch": 64},
    "samples": {"count": 2}})");
}

TeacherSettings small_lowrank_teacher() {
  TeacherSettings s = teacher_defaults(TeacherKind::bistable);
  s.neurons = 60;
  s.train_trials = 8;
  s.heldout_trials = 4;
  s.steps = 30;
  return s;
}

Eigen::MatrixXd lowrank_slice(const ResultArray& a, std::size_t k) {  // entry k of a (count, rows, cols) array
  const std::size_t rows = a.shape[1], cols = a.shape[2];
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      a.data.data() + k * rows * cols, Eigen::Index(rows), Eigen::Index(cols));
}

Eigen::MatrixXd lowrank_matrix(const ResultArray& a) {
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      a.data.data(), Eigen::Index(a.shape[0]), Eigen::Index(a.shape[1]));
}

double lowrank_primary_median(const std::vector<SummaryError>& v) {
  std::vector<double> x;
  for (const auto& e : v) x.push_back(e.primary);
  return rnnbook::testing::median(x);
}

void refuses_lowrank(const json& config, const std::string& part) {
  INFO(config.dump());
  CHECK_THROWS_WITH(make_experiment(config.dump()), Catch::Contains(part));
}

// A (B, T+1, N) array of the teacher's training trials, then its held-out ones.
json lowrank_activity(const Teacher& t) {
  std::vector<double> data(t.train.X.data(), t.train.X.data() + t.train.X.size());
  data.insert(data.end(), t.heldout.X.data(), t.heldout.X.data() + t.heldout.X.size());
  return {{"shape", {t.train.trials + t.heldout.trials, t.train.steps + 1, t.train.dim()}}, {"data", data}};
}

}  // namespace lowrank_experiment_test

using namespace lowrank_experiment_test;

TEST_CASE("lowrank experiment: every number is the core's, from its documented seed", "[lowrank-experiment]") {
  const Result r = run_experiment(small_lowrank_config().dump());
  CHECK(r.scalars.at("steps_done") == 58);
  CHECK(r.scalars.at("stopped_early") == 0);
  const Teacher t = make_teacher(small_lowrank_teacher(), 3);
  CHECK(lowrank_matrix(r.arrays.at("teacher_M")) == t.net.M);
  CHECK(lowrank_matrix(r.arrays.at("teacher_N")) == t.net.N);
  const LoadingFit f = fit_loadings(t.train, 1, 0.1);
  Rng anchors(3, 10), noise(3, 11);
  const MaxEntropyMean g = max_entropy_mean(f.M, f.kappa, f.y, 200, anchors);
  CHECK(lowrank_matrix(r.arrays.at("maxent_M")) == f.M);
  CHECK(r.arrays.at("activity_spectrum").data == std::vector<double>(f.spectrum.data(), f.spectrum.data() + f.spectrum.size()));
  CHECK(r.arrays.at("train_latents").data == std::vector<double>(f.latents.X.data(), f.latents.X.data() + f.latents.X.size()));
  CHECK(lowrank_matrix(r.arrays.at("maxent_N")) == g(f.M));
  CHECK(r.scalars.at("maxent_input_error") < 1e-3);  // U33
  const ExcitedSubspace S = excited_subspace(visited_activations(t.train), 1e-2);
  CHECK(r.scalars.at("s_rank") == double(S.dim));
  CHECK(r.arrays.at("s_spectrum").data == std::vector<double>(S.spectrum.data(), S.spectrum.data() + S.spectrum.size()));

  // Students: seeds 1000 seed + 1 + k.
  StudentSettings ss;
  ss.steps = 15, ss.lr = 0.05, ss.cosine = true, ss.windows = 8, ss.window_length = 10;
  std::vector<double> traj, pairs, j_errors, student_losses, cosines;
  std::vector<LowRankNetwork> nets;
  double sine = 0.0;
  for (int k = 0; k < 2; ++k) {
    StudentFit fit(t.train, 0.1, ss, 3001 + k);
    while (!fit.done()) fit.step();
    nets.push_back(fit.network());
    student_losses.insert(student_losses.end(), fit.losses().begin(), fit.losses().end());
    cosines.push_back(off_subspace_cosine(S.basis(), nets.back().N, fit.initial().N));
    CHECK(lowrank_slice(r.arrays.at("student_M"), k) == nets.back().M);
    CHECK(lowrank_slice(r.arrays.at("student_N"), k) == nets.back().N);
    traj.push_back(trajectory_error(nets.back(), 0.1, t.heldout));
    j_errors.push_back(j_difference(nets.back(), t.net) / j_norm(t.net));
    sine = std::max(sine, max_principal_sine(nets.back().M, t.net.M));
  }
  CHECK(r.scalars.at("student_trajectory_error") == rnnbook::testing::median(traj));
  CHECK(r.scalars.at("student_pair_j_difference") == j_difference(nets[0], nets[1]) / j_norm(t.net));
  CHECK(r.scalars.at("student_j_error") == rnnbook::testing::median(j_errors));
  CHECK(r.scalars.at("span_m_sine") == sine);
  CHECK(r.arrays.at("student_loss").data == student_losses);  // the students' Adam losses, one after the other
  CHECK(student_losses.size() == 30);
  CHECK(r.scalars.at("init_cosine") == rnnbook::testing::median(cosines));
  CHECK(r.scalars.at("init_cosine") < 1.0);
  CHECK(r.scalars.at("students_done") == 2);

  // The flow over m (variant A), seed 1000 seed + 999; networks from stream 12, controls from stream 13.
  FlowSettings fs;
  fs.steps = 20, fs.hidden = 16, fs.batch = 64;
  LoadingFlow flow{MlpParameters(velocity_field_shape(1, 16)), fit_standardizer(f.M.transpose())};
  FlowTrainer trainer(flow.standardizer.apply(f.M.transpose()), fs, 3999);
  while (!trainer.done()) trainer.step();
  flow.params = trainer.parameters();
  CHECK(r.arrays.at("flow_loss").data == trainer.losses());
  TrialStates want(1, 4, 30);
  want.X = f.M.transpose() * t.heldout.X / 60.0;
  CHECK(r.arrays.at("data_latents").data == std::vector<double>(want.X.data(), want.X.data() + want.X.size()));
  const auto score = [&](const LowRankNetwork& net) {
    return summary_error(TeacherKind::bistable, latent_trajectories(net, 0.1, want.at_step(0), 30), want, 0.1);
  };
  Rng draws(3, 12), controls(3, 13);
  std::vector<SummaryError> sampled, boot, gauss, shuffled;
  std::vector<double> sampled_latents;
  for (int k = 0; k < 2; ++k) {
    const LowRankNetwork net = sample_network_a(flow, g, 1.0, 60, draws);
    const TrialStates latents = latent_trajectories(net, 0.1, want.at_step(0), 30);
    sampled_latents.insert(sampled_latents.end(), latents.X.data(), latents.X.data() + latents.X.size());
    CHECK(lowrank_slice(r.arrays.at("sampled_M"), k) == net.M);
    CHECK(lowrank_slice(r.arrays.at("sampled_N"), k) == net.N);
    sampled.push_back(score(net));
  }
  const Eigen::MatrixXd joint = joint_loadings(f.M, g, 1.0, noise);
  for (int k = 0; k < 2; ++k) boot.push_back(score(bootstrap_network(f.M, g, 1.0, 60, controls)));
  for (int k = 0; k < 2; ++k) gauss.push_back(score(gaussian_network(joint, 60, controls)));
  for (int k = 0; k < 2; ++k) shuffled.push_back(score(shuffled_network(max_entropy_network(f.M, g), controls)));
  CHECK(r.scalars.at("flow_error") == lowrank_primary_median(sampled));
  std::vector<double> sampled_trajectory;
  for (const auto& e : sampled) sampled_trajectory.push_back(e.trajectory);
  CHECK(r.scalars.at("flow_trajectory_error") == rnnbook::testing::median(sampled_trajectory));
  CHECK(r.scalars.at("maxent_trajectory_error") ==
        latent_trajectory_error(latent_trajectories(max_entropy_network(f.M, g), 0.1, want.at_step(0), 30), want));
  CHECK(r.scalars.at("bootstrap_error") == lowrank_primary_median(boot));
  CHECK(r.scalars.at("gaussian_error") == lowrank_primary_median(gauss));
  CHECK(r.scalars.at("shuffled_error") == lowrank_primary_median(shuffled));
  CHECK(r.scalars.count("flow_period_error") == 0);  // the cycle's only
  CHECK(r.arrays.at("sampled_latents").shape == std::vector<std::size_t>{2, 4, 31, 1});
  CHECK(r.arrays.at("sampled_latents").data == sampled_latents);
  CHECK(r.scalars.at("samples_done") == 2);
  CHECK(r.config["students"]["seed"] == 3001);
  CHECK(r.config["flow"]["seed"] == 3999);
  CHECK(r.seed == 3);
}

TEST_CASE("lowrank experiment: the user's activity gives the fit of the teacher it came from", "[lowrank-experiment]") {
  const Result synthetic = run_experiment(small_lowrank_config().dump());
  json c = small_lowrank_config();
  c["teacher"] = {{"name", "data"}, {"activity", lowrank_activity(make_teacher(small_lowrank_teacher(), 3))},
                  {"heldout_trials", 4}};
  const Result data = run_experiment(c.dump());
  for (const char* name : {"maxent_M", "maxent_N", "student_M", "student_N", "flow_loss", "sampled_M", "sampled_latents"})
    CHECK(data.arrays.at(name).data == synthetic.arrays.at(name).data);
  for (const char* name : {"flow_error", "bootstrap_error", "gaussian_error", "shuffled_error", "student_trajectory_error",
                           "s_rank", "init_cosine"})
    CHECK(data.scalars.at(name) == synthetic.scalars.at(name));
  CHECK(data.scalars.count("student_j_error") == 0);  // no teacher J to compare with
  CHECK(data.arrays.count("teacher_M") == 0);
  CHECK(data.config["teacher"]["activity"] == json({{"shape", {12, 31, 60}}}));
  CHECK(data.config["teacher"]["summary"] == "final");
}

TEST_CASE("lowrank experiment: Stop keeps what is done, and any chunking gives the same bits", "[lowrank-experiment]") {
  auto e = make_experiment(small_lowrank_config().dump());
  CHECK(e->total() == 58);
  CHECK(e->step(20) == 20);
  CHECK(e->series("student_loss", 0).size() == 20);
  CHECK(e->series("flow_loss", 0).empty());
  CHECK(e->series("loss", 18).size() == 2);
  CHECK_THROWS_WITH(e->series("elbo", 0), Catch::Contains("allowed: loss, student_loss, flow_loss"));
  const Result partial = e->result();
  CHECK(partial.scalars.at("stopped_early") == 1);
  CHECK(partial.scalars.at("students_done") == 1);
  CHECK(partial.scalars.count("student_pair_j_difference") == 0);
  CHECK(partial.scalars.count("flow_error") == 0);
  CHECK(partial.arrays.at("student_M").shape[0] == 1);
  CHECK(e->step(20) == 20);  // 10 student steps, 10 flow steps
  CHECK(e->series("flow_loss", 0).size() == 10);
  CHECK(e->series("loss", 0).size() == 40);
  CHECK(e->step(13) == 13);  // the flow's last 10 steps, two sampled networks and one bootstrap
  const Result mid = e->result();
  CHECK(mid.scalars.at("samples_done") == 2);
  CHECK(mid.scalars.count("bootstrap_error") == 1);
  CHECK(mid.scalars.count("gaussian_error") == 0);
  while (!e->done()) e->step(7);
  CHECK(e->step(5) == 0);
  const Result chunked = e->result();
  const Result whole = run_experiment(small_lowrank_config().dump());
  for (const auto& [name, a] : whole.arrays) CHECK(chunked.arrays.at(name).data == a.data);
  for (const auto& [name, v] : whole.scalars) CHECK(chunked.scalars.at(name) == v);
  json other = small_lowrank_config();
  other["seed"] = 4;
  CHECK(run_experiment(other.dump()).arrays.at("maxent_M").data != whole.arrays.at("maxent_M").data);
}

TEST_CASE("lowrank experiment: the cycle's period, variant B, no controls, no students", "[lowrank-experiment]") {
  const Result cycle = run_experiment(R"({"kind": "lowrank", "teacher": {"name": "cycle", "neurons": 60, "train_trials": 6,
    "heldout_trials": 3, "steps": 60}, "students": {"count": 0}, "flow": {"variant": "B", "steps": 10, "hidden": 8},
    "samples": {"count": 1, "neurons": 80}, "controls": false})");
  CHECK(cycle.config["fit"]["rank"] == 2);
  CHECK(cycle.scalars.at("steps_done") == 11);
  CHECK(cycle.scalars.count("flow_period_error") == 1);
  CHECK(cycle.scalars.count("bootstrap_error") == 0);
  CHECK(cycle.scalars.at("students_done") == 0);
  CHECK(cycle.scalars.count("student_trajectory_error") == 0);
  CHECK(cycle.arrays.at("sampled_N").shape == std::vector<std::size_t>{1, 80, 2});
  CHECK(cycle.arrays.at("student_loss").data.empty());
  const Result ring = run_experiment(R"({"kind": "lowrank", "teacher": {"name": "ring", "neurons": 40, "train_trials": 4,
    "heldout_trials": 2, "steps": 20}, "students": {"count": 1, "steps": 0}, "flow": {"steps": 0}, "samples": {"count": 1}})");
  CHECK(ring.scalars.at("students_done") == 1);  // 0 steps: the initialisation is the fit, its off-S part is itself
  CHECK(ring.scalars.at("init_cosine") == Approx(1.0).epsilon(1e-12));
  CHECK(ring.scalars.count("flow_period_error") == 0);
}

TEST_CASE("lowrank experiment: defaults", "[lowrank-experiment]") {
  auto e = make_experiment(R"({"kind": "lowrank"})");
  CHECK(e->total() == 2 * 800 + 500 + 3 * 4);
  const Result r = e->result();
  const json& c = r.config;
  CHECK(c["teacher"] == json::parse(R"({"name": "bistable", "neurons": 300, "dt": 0.1, "g": 3.0, "laplace": true,
    "residual": 1.0, "init_radius": 3.0, "train_trials": 32, "heldout_trials": 16, "steps": 80})"));
  CHECK(c["fit"] == json::parse(R"({"rank": 1, "anchors": 200, "ridge": 1e-6})"));
  CHECK(c["students"] == json::parse(R"({"count": 2, "steps": 800, "lr": 0.05, "cosine": true, "windows": 32,
    "window": 10, "init_sd": 1.0, "seed": 1})"));
  CHECK(c["flow"] == json::parse(R"({"variant": "A", "steps": 500, "hidden": 64, "batch": 256, "lr": 0.002, "seed": 999})"));
  CHECK(c["samples"] == json::parse(R"({"count": 3, "neurons": 300, "residual": 1.0, "integrator": "rk4", "steps": 20})"));
  CHECK(c["controls"] == true);
  CHECK(r.scalars.at("s_rank") >= 1);
  auto cyc = make_experiment(R"({"kind": "lowrank", "teacher": {"name": "cycle"}, "students": {"count": 0}})");
  const json cc = cyc->result().config;
  CHECK(cc["teacher"]["steps"] == 250);
  CHECK(cc["teacher"]["rotation"] == 1.0);
  CHECK(cc["teacher"]["laplace"] == false);
}

TEST_CASE("lowrank experiment: bad input names the field and its range", "[lowrank-experiment]") {
  const auto with = [](const char* patch) {
    json c = json::parse(R"({"kind": "lowrank"})");
    c.merge_patch(json::parse(patch));
    return c;
  };
  refuses_lowrank(with(R"({"teacher": {"name": "wave"}})"),
                  R"(teacher.name: must be one of "bistable", "ring", "cycle", "data", got "wave")");
  refuses_lowrank(with(R"({"teacher": {"neurons": 2001}})"), "teacher.neurons: must be an integer in [2, 2000], got 2001");
  refuses_lowrank(with(R"({"teacher": {"neurons": 2000, "steps": 5000}})"),
                  "teacher: (train_trials + heldout_trials) x (steps + 1) x neurons = 480096000 exceeds the limit 4000000");
  refuses_lowrank(with(R"({"teacher": {"rotation": 1}})"), "teacher.rotation: unknown field; allowed here:");
  refuses_lowrank(with(R"({"teacher": {"dt": 0}})"), "teacher.dt: must be a number in (0, 1], got 0");
  refuses_lowrank(with(R"({"teacher": {"name": "data"}})"), "teacher.activity: missing; the activity is (trials, steps + 1, neurons)");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "activity": [[1, 2], [3, 4]]}})"),
                  "teacher.activity: must be a 3-d array (trials, steps + 1, neurons)");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "activity": {"shape": [3, 2, 2], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}}})"),
                  "teacher.activity: activity is too short: each trial needs at least 3");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "activity": {"shape": [1, 4, 2], "data": [1, 2, 3, 4, 5, 6, 7, 8]}}})"),
                  "teacher.activity: needs at least 2 trials (training and held-out), got shape [1, 4, 2]");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "activity": {"shape": [2, 3, 1], "data": [1, 2, 3, 4, 5, 6]}}})"),
                  "teacher.activity: 1 neurons; allowed 2 to 2000");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "activity": {"shape": [2, 3, 1], "data": [1, 2, 3, 4, 5, null]}}})"),
                  "teacher.activity.data[5]: must be a finite number");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "heldout_trials": 2, "activity": {"shape": [2, 3, 2], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}}})"),
                  "teacher.heldout_trials: must be an integer in [1, 1], got 2");
  refuses_lowrank(with(R"({"teacher": {"name": "data", "summary": "ring", "activity": {"shape": [2, 3, 2], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}}})"),
                  R"(teacher.summary: must be one of "final", "cycle", got "ring")");
  // Activity of rank 1 (every state a multiple of one vector) cannot give two loadings.
  refuses_lowrank(with(R"({"teacher": {"name": "data", "activity": {"shape": [2, 3, 2], "data": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]}}, "fit": {"rank": 2}})"),
                  "fit.rank: the activity has rank < 2");
  refuses_lowrank(with(R"({"fit": {"rank": 2}, "students": {"count": 0}})"), "fit.rank: the activity has rank < 2");
  refuses_lowrank(with(R"({"fit": {"rank": 9}})"), "fit.rank: must be an integer in [1, 8], got 9");
  refuses_lowrank(with(R"({"teacher": {"name": "cycle"}, "fit": {"rank": 1}})"),
                  "fit.rank: the cycle's radius and period are read in a rank-2 latent plane; must be 2, got 1");
  refuses_lowrank(with(R"({"fit": {"anchors": 0}})"), "fit.anchors: must be an integer in [1, 2000], got 0");
  refuses_lowrank(with(R"({"students": {"count": 11}})"), "students.count: must be an integer in [0, 10], got 11");
  refuses_lowrank(with(R"({"students": {"window": 81}})"), "students.window: must be an integer in [1, 80], got 81");
  refuses_lowrank(with(R"({"students": {"lr": 0}})"), "students.lr: must be a number in (0, 1], got 0");
  refuses_lowrank(with(R"({"teacher": {"neurons": 2000, "steps": 20}, "students": {"windows": 1024, "window": 20}})"),
                  "students.windows: windows x window x neurons = 40960000 exceeds the limit 4000000");
  refuses_lowrank(with(R"({"flow": {"variant": "C"}})"), R"(flow.variant: must be one of "A", "B", got "C")");
  refuses_lowrank(with(R"({"flow": {"hidden": 0}})"), "flow.hidden: must be an integer in [1, 256], got 0");
  refuses_lowrank(with(R"({"flow": {"steps": 100001}})"), "flow.steps: must be an integer in [0, 100000], got 100001");
  refuses_lowrank(with(R"({"samples": {"count": 21}})"), "samples.count: must be an integer in [1, 20], got 21");
  refuses_lowrank(with(R"({"samples": {"neurons": 1}})"), "samples.neurons: must be an integer in [2, 4000], got 1");
  refuses_lowrank(with(R"({"samples": {"integrator": "midpoint"}})"), R"(samples.integrator: must be one of "rk4", "euler")");
  refuses_lowrank(with(R"({"teacher": {"name": "ring", "neurons": 2, "train_trials": 1, "heldout_trials": 512, "steps": 3000},
                           "students": {"count": 0}, "samples": {"count": 20}})"),
                  "samples.count: count x heldout_trials x (steps + 1) x rank = 61460480 latent values exceed the limit 4000000");
  refuses_lowrank(with(R"({"controls": "yes"})"), "controls: must be true or false");
  refuses_lowrank(with(R"({"flow_steps": 3})"), "flow_steps: unknown field; allowed here:");
}

TEST_CASE("lowrank experiment: a rank-2 teacher of 2 or 3 neurons runs to the end", "[lowrank-experiment]") {
  // The student's J error read past a 3 x 4 QR factor (rank 2 + rank 2 > 3 neurons): an Eigen
  // assertion in debug builds, reads out of bounds in release ones.
  for (const char* teacher : {"ring", "cycle"})
    for (int neurons : {2, 3}) {
      json c = json::parse(R"({"kind": "lowrank", "teacher": {"steps": 20, "train_trials": 4, "heldout_trials": 2},
        "fit": {"anchors": 20}, "students": {"count": 1, "steps": 2, "windows": 4}, "flow": {"steps": 2, "hidden": 8,
        "batch": 16}, "samples": {"count": 1, "steps": 2}})");
      c["teacher"]["name"] = teacher;
      c["teacher"]["neurons"] = neurons;
      INFO(c.dump());
      const Result r = run_experiment(c.dump());
      CHECK(std::isfinite(r.scalars.at("student_j_error")));
    }
}

TEST_CASE("lowrank experiment: init_cosine at students.init_sd 1e-200, flow_period_error NaN for a still cycle", "[lowrank-experiment]") {
  // 0 student steps: the student is its initialisation, the cosine is 1 at any init_sd (it was NaN at 1e-200,
  // the squared norms underflowed).
  const Result r = run_experiment(R"({"kind": "lowrank", "teacher": {"name": "ring", "neurons": 20, "train_trials": 4,
    "heldout_trials": 2, "steps": 20}, "fit": {"anchors": 20}, "students": {"count": 1, "steps": 0, "init_sd": 1e-200},
    "flow": {"steps": 0}, "samples": {"count": 1, "steps": 2}})");
  CHECK(r.scalars.at("init_cosine") == Approx(1.0).epsilon(1e-12));
  // teacher.dt 1e-18: 20 steps do not turn the cycle measurably, its period is infinite, the error NaN (README).
  const Result still = run_experiment(R"({"kind": "lowrank", "teacher": {"name": "cycle", "neurons": 20, "dt": 1e-18,
    "train_trials": 4, "heldout_trials": 2, "steps": 20}, "fit": {"anchors": 20}, "students": {"count": 0},
    "flow": {"steps": 2, "hidden": 8, "batch": 16}, "samples": {"count": 1, "steps": 2}})");
  CHECK(std::isnan(still.scalars.at("flow_period_error")));
  CHECK(std::isfinite(still.scalars.at("flow_error")));
}
