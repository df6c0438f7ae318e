#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include <cmath>

#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"
#include "measures/curvature.hpp"

using namespace rnnbook;

namespace {
const char* const kSmall =
    R"({"kind": "train", "seed": 3, "steps": 150, "batch_size": 16,
        "model": {"hidden": 16}, "task": {"bits": 2, "steps": 30, "pulse_prob": 0.1},
        "optimizer": {"lr": 0.01}})";
}

TEST_CASE("train: a seeded run learns the flip-flop and reproduces exactly", "[train]") {
  const Result r = run_experiment(kSmall);
  const auto& loss = r.arrays.at("loss").data;
  REQUIRE(loss.size() == 150);
  CHECK(r.kind == "train");
  CHECK(r.seed == 3);
  CHECK(r.config["model"]["leak"] == 1.0);  // defaults are echoed
  CHECK(r.scalars.at("steps_done") == 150);
  CHECK(r.scalars.at("stopped_early") == 0);
  // Seeded trend: the average loss over the last 20 steps is well below the first 20.
  double first = 0, last = 0;
  for (int i = 0; i < 20; ++i) first += loss[i], last += loss[loss.size() - 1 - i];
  INFO("first " << first / 20 << " last " << last / 20);
  CHECK(last < 0.5 * first);
  CHECK(r.arrays.at("eval_output").shape == std::vector<std::size_t>{4, 30, 2});

  SECTION("the same seed gives the same numbers, another seed other numbers") {
    const Result again = run_experiment(kSmall);
    CHECK(again.arrays.at("loss").data == loss);
    json other = json::parse(kSmall);
    other["seed"] = 4;
    CHECK(run_experiment(other.dump()).arrays.at("loss").data != loss);
  }
}

TEST_CASE("train: stepping in chunks equals one run, and a stopped run returns what it has", "[train]") {
  auto e = make_experiment(kSmall);
  CHECK(e->step(7) == 7);
  CHECK(e->series("loss", 5).size() == 2);
  CHECK(e->step(1000) == 143);
  CHECK(e->done());
  CHECK(e->result().arrays.at("loss").data == run_experiment(kSmall).arrays.at("loss").data);

  auto stopped = make_experiment(kSmall);
  stopped->step(10);
  const Result partial = stopped->result();
  CHECK(partial.scalars.at("stopped_early") == 1);
  CHECK(partial.arrays.at("loss").shape == std::vector<std::size_t>{10});
  CHECK(partial.summary()["arrays"]["loss"]["shape"] == json::array({10}));
}

TEST_CASE("train: every cell and activation learns the flip-flop a little", "[train]") {
  for (const char* cell : {"rate", "current", "ctrnn"}) {
    for (const char* act : {"tanh", "relu", "softplus"}) {
      json config = json::parse(kSmall);
      config["steps"] = 60;
      config["model"]["cell"] = cell;
      config["model"]["activation"] = act;
      const Result r = run_experiment(config.dump());
      const auto& loss = r.arrays.at("loss").data;
      double first = 0, last = 0;
      for (int i = 0; i < 10; ++i) first += loss[i], last += loss[loss.size() - 1 - i];
      INFO(cell << " " << act << ": first " << first / 10 << " last " << last / 10);
      CHECK(last < first);
      CHECK(r.config["model"]["cell"] == cell);
    }
  }
  CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "model": {"cell": "lstm"}})"),
                    Catch::Matchers::Equals(
                        "model.cell: must be one of \"rate\", \"current\", \"ctrnn\", got \"lstm\""));
}

TEST_CASE("train: every task runs through the experiment, with its own fields", "[train]") {
  SECTION("two_afc learns the decision (cross-entropy, accuracy reported)") {
    const Result r = run_experiment(
        R"({"kind": "train", "seed": 2, "steps": 300, "eval_trials": 64, "model": {"hidden": 32},
            "task": {"name": "two_afc"}, "optimizer": {"lr": 0.01}})");
    INFO("accuracy " << r.scalars.at("eval_accuracy") << " final loss " << r.scalars.at("final_loss"));
    CHECK(r.scalars.at("eval_accuracy") > 0.75);
    CHECK(r.arrays.at("eval_output").shape == std::vector<std::size_t>{64, 8, 3});
  }
  SECTION("each task's shapes reach the result") {
    const std::pair<const char*, std::vector<std::size_t>> cases[] = {
        {R"({"name": "memory_pro", "stim_steps": 5, "memory_steps": 5, "response_steps": 5})", {4, 15, 3}},
        {R"({"name": "context"})", {4, 8, 5}},
        {R"({"name": "sine_wave", "steps": 40})", {4, 40, 1}},
        {R"({"name": "flip_flop", "bits": 2, "steps": 12})", {4, 12, 2}},
    };
    for (const auto& [task, shape] : cases) {
      json config = json::parse(R"({"kind": "train", "steps": 3, "model": {"hidden": 8}})");
      config["task"] = json::parse(task);
      const Result r = run_experiment(config.dump());
      CHECK(r.arrays.at("eval_input").shape == shape);
      CHECK(r.scalars.count("eval_accuracy") == (config["task"]["name"] == "context" ? 1u : 0u));
    }
  }
  SECTION("a field of another task is refused, naming what this task allows") {
    CHECK_THROWS_WITH(
        make_experiment(R"({"kind": "train", "task": {"name": "two_afc", "bits": 3}})"),
        Catch::Matchers::Equals(
            "task.bits: unknown field; allowed here: name, stim_steps, decision_steps, noise"));
    CHECK_THROWS_WITH(
        make_experiment(R"({"kind": "train", "task": {"name": "sine_wave", "min_cycles": 5, "max_cycles": 2}})"),
        Catch::Matchers::Equals("task.min_cycles: must not exceed task.max_cycles"));
  }
}

TEST_CASE("train: optimisers, gradient rules, initial rank, frozen blocks and clipping", "[train]") {
  const auto loss_of = [](const std::string& extra) {
    json config = json::parse(kSmall);
    config["steps"] = 40;
    config.merge_patch(json::parse(extra));
    return run_experiment(config.dump()).arrays.at("loss").data;
  };
  const auto base = loss_of("{}");
  SECTION("each choice changes the run, and SGD with momentum learns too") {
    const auto sgd = loss_of(R"({"optimizer": {"name": "sgd", "lr": 0.05, "momentum": 0.9}})");
    CHECK(sgd != base);
    CHECK(sgd.back() < sgd.front());
    CHECK(loss_of(R"({"optimizer": {"name": "amsgrad", "lr": 0.01}})") != base);
    CHECK(loss_of(R"({"gradient": "truncated"})") != base);
    CHECK(loss_of(R"({"optimizer": {"lr": 0.01, "clip": 0.01}})") != base);
    CHECK(loss_of(R"({"optimizer": {"lr": 0.01, "clip": 1e6}})") == base);  // a loose clip is a no-op
  }
  SECTION("frozen blocks stay at their initial values") {
    json config = json::parse(kSmall);
    config["steps"] = 5;
    config["trainable"] = {{"W", false}, {"c", false}};
    TrainExperiment frozen(config), free(json::parse(kSmall));
    const RnnParameters before = frozen.parameters();
    frozen.step(5);
    free.step(5);
    CHECK(frozen.parameters().W() == before.W());
    CHECK(frozen.parameters().c() == before.c());
    CHECK(frozen.parameters().U() != before.U());
    CHECK(free.parameters().W() != before.W());
  }
  SECTION("model.rank truncates the initial W and keeps its Frobenius norm") {
    json config = json::parse(kSmall);
    TrainExperiment full(config);
    config["model"]["rank"] = 2;
    TrainExperiment low(config);
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(low.parameters().W());
    CHECK(svd.singularValues()(2) < 1e-10 * svd.singularValues()(0));
    CHECK(svd.singularValues()(1) > 1e-3);
    CHECK(low.parameters().W().norm() == Approx(full.parameters().W().norm()).epsilon(1e-12));
    config["model"]["rank"] = 17;
    CHECK_THROWS_WITH(make_experiment(config.dump()),
                      "model.rank: must be an integer in [0, 16] (0 = full rank, at most model.hidden), got 17");
  }
  SECTION("fields of another optimiser are refused") {
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "optimizer": {"name": "sgd", "beta1": 0.5}})"),
                      "optimizer.beta1: unknown field; allowed here: name, lr, momentum, weight_decay, clip");
    CHECK_THROWS_WITH(make_experiment(R"({"kind": "train", "gradient": "eprop"})"),
                      "gradient: must be one of \"bptt\", \"truncated\", got \"eprop\"");
  }
}

namespace {
// A (T, B, K) time-major tensor against the (B, T, K) array the result shows; the largest difference.
double train_layout_gap(const ResultArray& a, const xt::xtensor<double, 3>& want) {
  const std::size_t T = want.shape()[0], B = want.shape()[1], K = want.shape()[2];
  if (a.shape != std::vector<std::size_t>{B, T, K}) return INFINITY;
  double gap = 0.0;
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t k = 0; k < K; ++k) gap = std::max(gap, std::abs(a.data[(b * T + t) * K + k] - want(t, b, k)));
  return gap;
}
}  // namespace

TEST_CASE("train: every result field from the computation that makes it", "[train]") {
  json config = json::parse(kSmall);
  config["steps"] = 12;
  config["eval_trials"] = 5;
  TrainExperiment e(config);
  const RnnParameters initial = e.parameters();
  e.step(12);
  const Result r = e.result();
  const TrainConfig& c = e.config();
  const auto& loss = r.arrays.at("loss").data;
  REQUIRE(loss.size() == 12);
  // The first loss: the initial network on the first batch of stream 2 (16 trials).
  Rng data(3, 2);
  const Batch first = c.task->sample(16, data);
  Trajectory traj;
  RnnParameters grad(c.shape);
  CHECK(loss[0] == loss_and_gradient(initial, first, traj, grad, LossKind::mse, GradientRule::bptt));
  CHECK(r.scalars.at("initial_loss") == loss.front());
  CHECK(r.scalars.at("final_loss") == loss.back());
  CHECK(r.scalars.at("parameters") == 16 * 16 + 16 * 2 + 16 + 2 * 16 + 2);  // W, U, b, C, c for 2 bits
  CHECK(r.scalars.at("passes") == 2 * 12);  // a forward and a backward pass a step
  CHECK(r.scalars.at("diverged") == 0);
  CHECK(r.scalars.count("refreshes") == 0);
  // The evaluation batch: 5 trials of stream 3 through the final network.
  Rng eval_rng(3, 3);
  const Batch eval = c.task->sample(5, eval_rng);
  forward(e.parameters(), eval, traj);
  CHECK(r.scalars.at("eval_loss") == trajectory_loss(traj, eval, LossKind::mse));
  CHECK(r.scalars.at("eval_loss") != r.scalars.at("final_loss"));
  CHECK(train_layout_gap(r.arrays.at("eval_input"), eval.x) == 0.0);
  CHECK(train_layout_gap(r.arrays.at("eval_target"), eval.y) == 0.0);
  CHECK(train_layout_gap(r.arrays.at("eval_output"), traj.y) == 0.0);

  SECTION("eval_accuracy: the trials whose largest last-step output is the target's class") {
    TrainExperiment d(json::parse(R"({"kind": "train", "seed": 2, "steps": 40, "eval_trials": 32,
        "model": {"hidden": 16}, "task": {"name": "two_afc"}, "optimizer": {"lr": 0.01}})"));
    d.step(40);
    const Result dr = d.result();
    const ResultArray& y = dr.arrays.at("eval_output");
    const ResultArray& target = dr.arrays.at("eval_target");
    const std::size_t B = y.shape[0], T = y.shape[1], K = y.shape[2];
    double hits = 0;
    for (std::size_t b = 0; b < B; ++b) {
      const double* out = &y.data[(b * T + T - 1) * K];
      const double* want = &target.data[(b * T + T - 1) * K];
      hits += std::max_element(out, out + K) - out == std::max_element(want, want + K) - want;
    }
    INFO("accuracy " << dr.scalars.at("eval_accuracy"));
    CHECK(dr.scalars.at("eval_accuracy") == hits / double(B));
    CHECK(hits > 0);
    CHECK(hits < double(B));  // neither end of the range, so an off-by-one step shows
  }
  SECTION("lrng: refreshes every optimizer.refresh steps, each 1 + 2 x sketch passes on top of 2 a step") {
    json lrng = json::parse(kSmall);
    lrng["steps"] = 5;
    lrng["optimizer"] = json::parse(R"({"name": "lrng", "lr": 0.01, "rank": 1, "refresh": 2})");
    const Result g = run_experiment(lrng.dump());
    CHECK(g.scalars.at("refreshes") == 3);  // before steps 0, 2 and 4
    CHECK(g.scalars.at("passes") == 2 * 5 + 3 * (1 + 2 * 3));  // sketch = rank + 2
  }
  SECTION("hessian_iterations: the power iterations of each lambda_max") {
    json h = json::parse(kSmall);
    h["steps"] = 4;
    h["measures"] = json::parse(R"({"hessian_every": 4, "hessian_trials": 6, "hessian_tol": 1e-6, "hessian_iterations": 200})");
    TrainExperiment he(h);
    const RnnParameters start = he.parameters();
    he.step(4);
    const Result hr = he.result();
    Rng validation(3, 5), s0(3, 6), s1(3, 6);
    const Batch vb = he.config().task->sample(6, validation);
    const PowerIterationResult p0 = leading_hessian_eigenvalue(start, vb, LossKind::mse, s0, {1e-6, 200});
    const PowerIterationResult p1 = leading_hessian_eigenvalue(he.parameters(), vb, LossKind::mse, s1, {1e-6, 200});
    CHECK(hr.arrays.at("hessian_iterations").data == std::vector<double>{double(p0.iterations), double(p1.iterations)});
    CHECK(hr.arrays.at("hessian_max").data == std::vector<double>{p0.value, p1.value});
  }
}

TEST_CASE("train, flatness, switching: with no step the loss scalars are NaN, as README says", "[train]") {
  // steps 0 (training.iterations 0) is a valid config; the fuzz driver flagged the NaN, now documented.
  const Result t = run_experiment(R"({"kind": "train", "steps": 0, "model": {"hidden": 4}, "task": {"steps": 5}})");
  CHECK(std::isnan(t.scalars.at("initial_loss")));
  CHECK(std::isnan(t.scalars.at("final_loss")));
  CHECK(std::isfinite(t.scalars.at("eval_loss")));
  const Result f = run_experiment(R"({"kind": "flatness", "steps": 0, "data": {"classes": 3, "dim": 4, "train": 30, "test": 10},
    "model": {"hidden": [4]}, "measures": {"points": 10, "layer_points": 5}})");
  CHECK(std::isnan(f.scalars.at("final_loss")));
  const Result s = run_experiment(R"({"kind": "switching", "data": {"steps": 40, "test_steps": 20}, "training": {"iterations": 0},
    "baseline": {"fit": false}, "evaluation": {"posterior_samples": 2, "paths": 2, "horizon": 2}})");
  CHECK(std::isnan(s.scalars.at("final_elbo")));
}
