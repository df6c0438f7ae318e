#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "experiments/sntk_experiment.hpp"
#include "measures/effective_rank.hpp"
#include "measures/sntk_measures.hpp"
#include "ops/partial_trace.hpp"
#include "ops/sntk_operators.hpp"
#include "random_network.hpp"
#include "rnn/network.hpp"
#include "tasks/memory_pro.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

json small_config(const std::string& method = "auto", int probes = 40) {
  json c = json::parse(R"({"kind": "sntk", "seed": 3, "steps": 20, "batch_size": 8,
    "model": {"hidden": 6, "cell": "current", "leak": 0.7},
    "task": {"name": "memory_pro", "stim_steps": 3, "memory_steps": 2, "response_steps": 3},
    "sntk": {"interval": 10, "eval_trials": 4, "top_k": 5}})");
  c["sntk"]["method"] = method;
  c["sntk"]["probes"] = probes;
  return c;
}

std::shared_ptr<const StateSpaceModel> model_of(const SntkExperiment& e) {
  return std::make_shared<const StateSpaceModel>(e.parameters(), e.eval_batch(), e.config().selection);
}

}  // namespace

TEST_CASE("sntk experiment: measurements at 0, every interval and the end, matching dense oracles", "[sntk]") {
  SntkExperiment e(small_config());
  while (!e.done()) e.step(7);  // chunks that straddle the measurement steps
  const Result r = e.result();
  REQUIRE(r.arrays.at("measure_step").data == std::vector<double>{0, 10, 20});
  CHECK(r.arrays.at("top_eigenvalues").shape == std::vector<std::size_t>{3, 5});
  CHECK(r.arrays.at("exact").data == std::vector<double>{1, 1, 1});
  CHECK(r.kind == "sntk");
  CHECK(r.config["sntk"]["interval"] == 10);
  CHECK(r.config["model"]["hidden"] == 6);

  const auto model = model_of(e);
  const std::vector<double>& pr = r.arrays.at("pr").data;
  CHECK(r.scalars.at("pr_initial") == pr.front());
  CHECK(r.scalars.at("pr_final") == pr.back());
  CHECK(r.scalars.at("pr_min") == *std::min_element(pr.begin(), pr.end()));
  CHECK(r.scalars.at("sntk_parameters") == double(model->param_dim()));
  CHECK(r.scalars.at("state_dim") == double(model->state_dim()));
  // The loss and the response accuracy of the trained network on the evaluation trials.
  CHECK(r.arrays.at("sntk_eval_loss").data.back() ==
        trajectory_loss(model->trajectory(), e.eval_batch(), e.config().train.task->loss()));
  Trajectory eval;
  forward(e.parameters(), e.eval_batch(), eval);
  const auto task = std::static_pointer_cast<const MemoryPro>(e.config().train.task);
  CHECK(r.scalars.at("sntk_eval_accuracy") == task->response_accuracy(eval.y, e.eval_batch()));
  const Eigen::MatrixXd theta = dense_state_ntk(*model);
  const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(theta).eigenvalues().reverse();
  SECTION("PR, entropy rank, trace and top eigenvalues of Theta at the last step") {
    CHECK(r.arrays.at("pr").data.back() == Approx(participation_ratio(ev.cwiseMax(0.0))).epsilon(1e-9));
    CHECK(r.arrays.at("erank").data.back() == Approx(entropy_effective_rank(ev.cwiseMax(0.0))).epsilon(1e-9));
    CHECK(r.arrays.at("trace").data.back() == Approx(theta.trace()).epsilon(1e-10));
    for (int k = 0; k < 5; ++k) CHECK(r.arrays.at("top_eigenvalues").data[10 + k] == Approx(ev(k)).epsilon(1e-9));
    CHECK(r.arrays.at("pr_std_error").data.back() == 0.0);
  }
  SECTION("PR of the partial traces and of K") {
    const PartialTraces pt = partial_traces(StateNtkOperator(model), model->state_dim() / 6, 6);
    CHECK(r.arrays.at("pr_spatial").data.back() == Approx(participation_ratio_psd(pt.outer)).epsilon(1e-9));
    CHECK(r.arrays.at("pr_temporal").data.back() == Approx(participation_ratio_psd(pt.inner)).epsilon(1e-9));
    const Eigen::MatrixXd K = to_dense(ParameterOperator(model));
    CHECK(r.arrays.at("pr_K").data.back() == Approx(participation_ratio_psd(K)).epsilon(1e-9));
    const Eigen::MatrixXd Z = model->weight_sites();
    CHECK(r.arrays.at("pr_ZZ").data.back() == Approx(participation_ratio_psd(Z * Z.transpose())).epsilon(1e-9));
  }
  SECTION("the structural bound rank(Theta) <= N rank(Z)") {
    for (std::size_t m = 0; m < 3; ++m)
      CHECK(r.arrays.at("rank_theta").data[m] <= r.arrays.at("rank_bound").data[m]);
    // Both ranks written out: singular values above 3e-8 times the largest (Theta's are sqrt of its eigenvalues).
    const Eigen::VectorXd z_sv = Eigen::JacobiSVD<Eigen::MatrixXd>(model->weight_sites()).singularValues();
    CHECK(r.arrays.at("rank_bound").data.back() == 6.0 * double((z_sv.array() > 3e-8 * z_sv(0)).count()));
    CHECK(r.arrays.at("rank_theta").data.back() == double((ev.array() > 3e-8 * 3e-8 * ev(0)).count()));
    CHECK(r.arrays.at("rank_theta").data.back() > 0);
  }
  SECTION("the first measurement is of the initial network, the second of the network after 10 steps") {
    CHECK(r.scalars.at("measurements") == 3);
    SntkExperiment ten(small_config());
    ten.step(10);
    const RnnParameters* nets[] = {nullptr, &ten.parameters()};
    const RnnParameters initial = TrainExperiment::initial_parameters(e.config().train);
    nets[0] = &initial;
    for (std::size_t m = 0; m < 2; ++m) {
      INFO("measurement " << m);
      const auto at = std::make_shared<const StateSpaceModel>(*nets[m], e.eval_batch(), e.config().selection);
      const Eigen::MatrixXd theta_m = dense_state_ntk(*at);
      const Eigen::VectorXd ev_m = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(theta_m).eigenvalues().reverse();
      CHECK(r.arrays.at("pr").data[m] == Approx(participation_ratio(ev_m.cwiseMax(0.0))).epsilon(1e-9));
      CHECK(r.arrays.at("trace").data[m] == Approx(theta_m.trace()).epsilon(1e-10));
      CHECK(r.arrays.at("top_eigenvalues").data[m * 5] == Approx(ev_m(0)).epsilon(1e-9));
      CHECK(r.arrays.at("sntk_eval_loss").data[m] == trajectory_loss(at->trajectory(), e.eval_batch(), e.config().train.task->loss()));
    }
    CHECK(r.arrays.at("trace").data[0] != r.arrays.at("trace").data[1]);
  }
  SECTION("series by measurement; loss by step") {
    CHECK(e.series("pr", 1).size() == 2);
    CHECK(e.series("top_eigenvalues", 10).size() == 5);
    CHECK(e.series("loss", 15).size() == 5);
    CHECK_THROWS_WITH(e.series("nope", 0), Contains("series: unknown name \"nope\""));
  }
}

TEST_CASE("sntk matrix-free path: Hutch++ and Lanczos agree with the dense path", "[sntk]") {
  // P = 36 + 18 + 6 = 60: with 200 matvecs the Hutch++ sketch (66) spans the whole space, so it is exact.
  SntkExperiment dense(small_config("dense")), free(small_config("matrix_free", 200));
  while (!dense.done()) dense.step(100);
  while (!free.done()) free.step(100);
  const Result a = dense.result(), b = free.result();
  CHECK(b.arrays.at("exact").data.back() == 0.0);
  for (std::size_t m = 0; m < 3; ++m) {
    CHECK(b.arrays.at("pr").data[m] == Approx(a.arrays.at("pr").data[m]).epsilon(1e-8));
    CHECK(std::isnan(b.arrays.at("erank").data[m]));
    CHECK(std::isnan(b.arrays.at("pr_spatial").data[m]));
    for (std::size_t k = 0; k < 5; ++k)
      CHECK(b.arrays.at("top_eigenvalues").data[m * 5 + k] ==
            Approx(a.arrays.at("top_eigenvalues").data[m * 5 + k]).epsilon(1e-8));
  }
  SECTION("with few probes the estimate carries a standard error") {
    SntkExperiment rough(small_config("matrix_free", 12));
    while (!rough.done()) rough.step(100);
    const Result c = rough.result();
    CHECK(c.arrays.at("pr_std_error").data[0] > 0.0);
    CHECK(std::abs(c.arrays.at("pr").data[0] - a.arrays.at("pr").data[0]) < 0.5 * a.arrays.at("pr").data[0]);
  }
}

TEST_CASE("PR of K from the Kronecker core matches the dense K for every cell", "[sntk]") {
  const CellKind cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  RnnShape s;
  s.hidden = 5, s.inputs = 2, s.outputs = 1, s.leak = 0.6, s.cell = cell;
  const RnnParameters p = testing::random_parameters(s, 17);
  const Batch batch = testing::random_batch(6, 3, 2, 1, 18);
  const auto model = std::make_shared<const StateSpaceModel>(p, batch);
  CHECK(parameter_operator_pr(*model) == Approx(participation_ratio_psd(to_dense(ParameterOperator(model)))).epsilon(1e-10));
}

TEST_CASE("sntk config and measurement errors name the field and the limit", "[sntk][config]") {
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "sntk", "sntk": {"top_k": 0}})"),
                    Equals("sntk.top_k: must be an integer in [1, 50], got 0"));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "sntk", "sntk": {"every": 3}})"), Contains("sntk.every"));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "sntk", "model": {"hidden": 0}})"),
                    Equals("model.hidden: must be an integer in [1, 1024], got 0"));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "sntk", "trainable": {"W": false, "U": false, "b": false}})"),
                    Contains("trainable: the sNTK needs at least one trainable recurrent block"));
  SECTION("dense refused beyond the limit") {
    SntkExperiment e(json::parse(R"({"kind": "sntk", "steps": 0, "model": {"hidden": 100},
      "task": {"name": "flip_flop", "steps": 10}, "sntk": {"method": "dense", "eval_trials": 8}})"));
    CHECK_THROWS_WITH(e.step(1), Equals("sNTK: min(D, P) = 8000 exceeds the dense limit 4096; use method \"matrix_free\""));
  }
  SECTION("past 4096 trials x steps the dense path skips the partial traces") {
    // 1 trial of 4097 steps: the BT x BT temporal trace took 3 x 134 MB and billions of flops in one
    // step (2 trials of 5000 steps: 2.3 GB and minutes); now the spectrum comes from the P x P Gram.
    const Result r = run_experiment(R"({"kind": "sntk", "steps": 0, "model": {"hidden": 4},
      "task": {"name": "flip_flop", "steps": 4097}, "sntk": {"eval_trials": 1, "top_k": 3, "factor_spectra": false}})");
    REQUIRE(r.arrays.at("pr").data.size() == 1);
    CHECK(std::isfinite(r.arrays.at("pr").data[0]));
    CHECK(std::isnan(r.arrays.at("pr_temporal").data[0]));
    CHECK(std::isnan(r.arrays.at("pr_spatial").data[0]));
  }
  SECTION("NaN in the trajectory is an error, not a crash") {
    RnnShape s;
    s.hidden = 3, s.inputs = 1, s.outputs = 1;
    RnnParameters p = testing::random_parameters(s, 1);
    p.W()(0, 0) = NAN;
    const StateSpaceModel model(p, testing::random_batch(4, 2, 1, 1, 2));
    Rng rng(1);
    CHECK_THROWS_WITH(measure_sntk(model, {}, rng), Equals("sNTK: the trajectory contains NaN or infinity"));
  }
}

TEST_CASE("a vanishing sNTK mid-run is an error naming model.leak and optimizer.lr with their ranges", "[sntk][config]") {
  // leak 1e-100: the kernel scales as leak^2, its squared norms underflow to 0 at the first measurement.
  SntkExperiment e(json::parse(R"({"kind": "sntk", "steps": 4, "batch_size": 4, "model": {"hidden": 8, "leak": 1e-100},
    "task": {"name": "flip_flop", "steps": 10}, "sntk": {"interval": 2, "probes": 4, "eval_trials": 2, "top_k": 3}})"));
  CHECK_THROWS_WITH(e.step(4), Contains("sNTK at training step 0: ") && Contains("optimizer.lr, allowed (0, 10]") &&
                                   Contains("model.leak is tiny") && Contains("allowed (0, 1]"));
}
