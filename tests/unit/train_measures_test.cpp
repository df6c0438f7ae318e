// The `measures` object of the train experiment: rich/lazy measures at the end against the initial
// network, and lambda_max of the loss Hessian every hessian_every steps (SCIENCE.md 6.5, 6.6).
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"
#include "measures/curvature.hpp"
#include "measures/rich_lazy.hpp"
#include "tasks/decision.hpp"

using namespace rnnbook;

namespace {
const char* const kDecision =
    R"({"kind": "train", "seed": 5, "steps": 30, "batch_size": 16,
        "model": {"hidden": 12, "cell": "ctrnn", "activation": "relu", "bias": false, "gain": 1.25},
        "task": {"name": "two_afc"}, "optimizer": {"name": "sgd", "lr": 0.05, "momentum": 0.9}})";

json with_measures(const std::string& measures) {
  json config = json::parse(kDecision);
  config["measures"] = json::parse(measures);
  return config;
}
}  // namespace

TEST_CASE("train measures: rich/lazy scalars compare the final network with the initial one", "[train]") {
  const json config = with_measures(R"({"rich_lazy": true, "kernel_trials": 4, "representation_trials": 20})");
  TrainExperiment e(config);
  const RnnParameters initial = e.parameters();
  e.step(30);
  const Result r = e.result();
  // The measure batches come from stream 4 of the seed: kernel trials first, then representation trials.
  Rng rng(5, 4);
  const TwoAlternativeChoice task;
  const Batch kb = task.sample(4, rng), rb = task.sample(20, rng);
  const RichLazyMeasures want = rich_lazy_measures(initial, e.parameters(), kb, rb);
  CHECK(r.scalars.at("weight_change") == want.weight_change);
  CHECK(r.scalars.at("weight_change") == Approx((e.parameters().W() - initial.W()).norm()).epsilon(1e-15));
  CHECK(r.scalars.at("weight_change") > 0.0);
  CHECK(r.scalars.at("weight_change_rel") == want.weight_change_rel);
  CHECK(r.scalars.at("kernel_alignment") == want.kernel_alignment);
  CHECK(r.scalars.at("representation_alignment") == want.representation_alignment);
  CHECK(r.scalars.at("sign_similarity") == want.sign_similarity);
  CHECK(r.scalars.at("kernel_alignment") < 1.0);
  CHECK(r.config["measures"]["hessian_every"] == 0);  // defaults are echoed
  CHECK(r.config["measures"]["representation_trials"] == 20);
  CHECK(r.arrays.count("hessian_max") == 0);
  CHECK(run_experiment(kDecision).scalars.count("kernel_alignment") == 0);  // off by default
}

TEST_CASE("train measures: lambda_max of the Hessian at steps 0, k, 2k, ... on the validation batch", "[train]") {
  const json config = with_measures(R"({"hessian_every": 10, "hessian_trials": 24, "hessian_tol": 1e-8,
                                        "hessian_iterations": 500})");
  TrainExperiment e(config);
  const RnnParameters initial = e.parameters();
  e.step(13);
  CHECK(e.series("hessian_max", 0).size() == 2);  // steps 0 and 10 so far
  e.step(100);
  const Result r = e.result();
  CHECK(r.arrays.at("hessian_steps").data == std::vector<double>{0, 10, 20, 30});
  const auto& lmax = r.arrays.at("hessian_max").data;
  REQUIRE(lmax.size() == 4);
  CHECK(r.arrays.at("hessian_iterations").data.size() == 4);
  CHECK(e.series("hessian_max", 1) == std::vector<double>(lmax.begin() + 1, lmax.end()));
  // The first and last entries from their definition: validation batch from stream 5, start vector from 6.
  Rng validation(5, 5);
  const Batch vb = TwoAlternativeChoice().sample(24, validation);
  Rng s0(5, 6), s1(5, 6);
  CHECK(lmax[0] == leading_hessian_eigenvalue(initial, vb, LossKind::cross_entropy, s0, {1e-8, 500}).value);
  CHECK(lmax[3] == leading_hessian_eigenvalue(e.parameters(), vb, LossKind::cross_entropy, s1, {1e-8, 500}).value);
  CHECK(lmax[3] != lmax[0]);
  for (double l : lmax) CHECK(std::isfinite(l));
}

TEST_CASE("train measures: eval_hidden holds the evaluation batch's h_1..h_T, and C h + c is eval_output", "[train]") {
  json config = json::parse(kDecision);
  CHECK(run_experiment(config.dump()).arrays.count("eval_hidden") == 0);  // off by default
  config["measures"] = {{"eval_hidden", true}};
  TrainExperiment e(config);
  e.step(30);
  const Result r = e.result();
  const ResultArray& h = r.arrays.at("eval_hidden");
  const ResultArray& y = r.arrays.at("eval_output");
  const std::size_t E = y.shape[0], T = y.shape[1], O = y.shape[2], N = 12;
  REQUIRE(h.shape == std::vector<std::size_t>{E, T, N});
  const auto C = e.parameters().C();
  const auto c = e.parameters().c();
  double gap = 0.0, size = 0.0;
  for (std::size_t at = 0; at < E * T; ++at) {
    const Eigen::Map<const Eigen::VectorXd> state(h.data.data() + at * N, Eigen::Index(N));
    const Eigen::Map<const Eigen::VectorXd> out(y.data.data() + at * O, Eigen::Index(O));
    gap = std::max(gap, (C * state + c.col(0) - out).cwiseAbs().maxCoeff());
    size = std::max(size, state.cwiseAbs().maxCoeff());
  }
  CHECK(gap < 1e-12);
  CHECK(size > 0.01);  // relu states of a trained network are not all zero
}

TEST_CASE("train measures: bad fields are refused with the field and its range", "[train]") {
  const auto error_of = [](const std::string& measures) -> std::string {
    try {
      make_experiment(with_measures(measures).dump());
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error_of(R"({"hessian_every": -1})") == "measures.hessian_every: must be an integer in [0, 1000000], got -1");
  CHECK(error_of(R"({"hessian_tol": 0})") == "measures.hessian_tol: must be a number in (0, 1), got 0");
  CHECK(error_of(R"({"hessian_iterations": 0})") ==
        "measures.hessian_iterations: must be an integer in [1, 10000], got 0");
  CHECK(error_of(R"({"rich_lazy": 1})") == "measures.rich_lazy: must be true or false, got 1");
  CHECK(error_of(R"({"kernel_alignment": true})") ==
        "measures.kernel_alignment: unknown field; allowed here: rich_lazy, kernel_trials, representation_trials, "
        "hessian_every, hessian_trials, hessian_tol, hessian_iterations, eval_hidden");
  // two_afc: 8 steps x 3 outputs; 4096 / 24 = 170 trials at most (checked only when rich_lazy is on).
  CHECK(error_of(R"({"rich_lazy": true, "kernel_trials": 200})") ==
        "measures.kernel_trials: (time steps of the task) x kernel_trials x outputs = 4800 exceeds the limit 4096; "
        "use at most 170 trials");
  CHECK(error_of(R"({"kernel_trials": 200})").empty());
  // The rich-lazy measures' one call: the rich-lazy notebook's run (two_afc, 32 kernel and 320 representation
  // trials) at model.hidden 1024 took over 100 s in wasm; refused up front, with the most trials that fit.
  const auto rich_lazy_at = [](int hidden) {
    json config = json::parse(R"({"kind": "train", "steps": 0, "model": {"cell": "ctrnn", "activation": "relu"},
      "task": {"name": "two_afc"}, "measures": {"rich_lazy": true, "kernel_trials": 32, "representation_trials": 320}})");
    config["model"]["hidden"] = hidden;
    return config.dump();
  };
  CHECK_THROWS_WITH(make_experiment(rich_lazy_at(1024)),
                    "measures.kernel_trials: the rich-lazy measures at the end of the run would take one call of "
                    "about 172 s in a browser (their work grows with model.hidden^2 x ((time steps of the task) x "
                    "kernel_trials x outputs)^2; here model.hidden = 1024, 8 time steps, 3 outputs, kernel_trials = 32), "
                    "over the limit of about 20 s; use at most 9 kernel_trials or a smaller model.hidden");
  CHECK_NOTHROW(make_experiment(rich_lazy_at(64)));   // the notebook's size: 2.5e9 multiply-adds
  CHECK_NOTHROW(make_experiment(rich_lazy_at(348)));  // 7.49e10: just under the limit
  CHECK_THROWS_WITH(make_experiment(rich_lazy_at(349)), Catch::Contains("use at most 31 kernel_trials"));
  CHECK(rich_lazy_work(8, 32, 3, 64, 320) == 4096.0 * (2.0 * (1.5 * 768 * 8 + 0.5 * 768 * 768) + 4.0 * 8 * 320));
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "model": {"hidden": 1000}, "task": {"name": "two_afc"},
                                        "measures": {"hessian_every": 5, "hessian_trials": 1024}})"),
                    "measures.hessian_trials: hessian_trials x (time steps of the task) x model.hidden = 8192000 "
                    "exceeds the limit 4000000; make one of them smaller");
}
