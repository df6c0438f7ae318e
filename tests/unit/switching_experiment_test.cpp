// The switching experiment (core/experiments/switching_experiment.hpp): the config with defaults,
// progress and Stop, series for live curves, chunked runs equal to one run, every reported number
// equal to the core function it reports, the user's series equal to the same data given as NASCAR,
// and the numerical guard.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "experiments/result.hpp"
#include "experiments/switching_experiment.hpp"
#include "switching/ar_hmm_fit.hpp"
#include "switching/gdm_inference.hpp"
#include "switching/gdm_training.hpp"
#include "switching/nascar.hpp"
#include "switching/state_metrics.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;

namespace switching_experiment_test {

json small_switching_config() {
  return json::parse(R"({"kind": "switching", "seed": 2,
    "data": {"name": "nascar", "variant": "soft_sticky", "steps": 120, "test_steps": 80},
    "training": {"iterations": 12, "samples": 2},
    "baseline": {"iterations": 4, "kmeans_restarts": 2},
    "evaluation": {"posterior_samples": 3, "horizon": 3, "paths": 2}})");
}

// small_switching_config's data and GDM fit, rebuilt from the streams the README names.
struct SmallRebuild {
  NascarData train, test;
  GdmTrainer trainer;
};
SmallRebuild rebuild_small(GdmPosteriorInput posterior) {
  NascarSettings s = nascar_settings(NascarVariant::soft_sticky);
  s.steps = 120;
  NascarData train = generate_nascar(s, 2);
  s.steps = 80;
  NascarData test = generate_nascar(s, 1002, &train.emission);
  Rng init(2, 1);
  GdmTrainingSettings ts;
  ts.max_iterations = 12;
  ts.samples = 2;
  GdmTrainer trainer(train.y, initial_gdm_model({10, 4, 2, posterior}, 0.99, init), ts, Rng(2, 2));
  trainer.run(12);
  return {std::move(train), std::move(test), std::move(trainer)};
}

// (T, width) C-order config array from a width x T matrix.
json series_array(const MatrixXd& m) {
  return {{"shape", {m.cols(), m.rows()}}, {"data", std::vector<double>(m.data(), m.data() + m.size())}};
}

// What the result should hold for a width x count matrix (K x T states, N x K biases), written out element by
// element: the (count, width) C-order array, a[c width + w] = m(w, c).
std::vector<double> by_column(const MatrixXd& m) {
  std::vector<double> a;
  for (Eigen::Index c = 0; c < m.cols(); ++c)
    for (Eigen::Index w = 0; w < m.rows(); ++w) a.push_back(m(w, c));
  return a;
}

// The (K, N, D) array of the maps S_k side by side in S (N x (K D)): a[(k N + n) D + d] = S(n, k D + d).
std::vector<double> by_state_map(const MatrixXd& S, Eigen::Index K, Eigen::Index D) {
  std::vector<double> a(std::size_t(S.size()));
  for (Eigen::Index k = 0; k < K; ++k)
    for (Eigen::Index n = 0; n < S.rows(); ++n)
      for (Eigen::Index d = 0; d < D; ++d) a[std::size_t((k * S.rows() + n) * D + d)] = S(n, k * D + d);
  return a;
}

// Skill 1 - SSE / SSE(persistence) at horizons 1..H of a model's forecasts.
std::vector<double> skill_by_horizon(const std::vector<MatrixXd>& forecasts, const MatrixXd& y) {
  std::vector<double> a;
  for (std::size_t h = 0; h < forecasts.size(); ++h) a.push_back(forecast_skill(forecasts[h], y, int(h + 1)));
  return a;
}


TEST_CASE("switching: the config with defaults", "[switching][experiment]") {
  const SwitchingConfig c = SwitchingConfig::parse(json::parse(R"({"kind": "switching"})"));
  const json& f = c.filled;
  CHECK(f["seed"] == 0);
  CHECK(f["data"]["name"] == "nascar");
  CHECK(f["data"]["variant"] == "standard");
  CHECK(f["data"]["steps"] == 1000);
  CHECK(f["data"]["test_steps"] == 1000);
  CHECK(f["data"]["tau"] == 0.01);
  CHECK(f["model"]["states"] == 4);
  CHECK(f["model"]["projection"] == 2);
  CHECK(f["model"]["tau"] == 0.99);
  CHECK(f["training"]["iterations"] == 1000);
  CHECK(f["training"]["samples"] == 10);
  CHECK(f["training"]["lr"] == 0.01);
  CHECK(f["training"]["warmup"] == 200);
  CHECK(f["baseline"]["fit"] == true);
  CHECK(f["baseline"]["iterations"] == 50);
  CHECK(f["evaluation"]["posterior_samples"] == 20);
  CHECK(f["evaluation"]["horizon"] == 10);
  const SwitchingConfig s = SwitchingConfig::parse(json::parse(R"({"data": {"variant": "soft_sticky"}})"));
  CHECK(s.filled["data"]["scale"] == 0.02);
  CHECK(s.filled["data"]["gamma"] == 0.25);
  CHECK(s.filled["data"]["tau"] == 0.99);
}

TEST_CASE("switching: the increment posterior is echoed, trains a K x 2N W and is what the scores use",
          "[switching][experiment]") {
  CHECK(SwitchingConfig::parse(json::parse(R"({"kind": "switching"})")).filled["model"]["posterior"] == "observation");
  json config = small_switching_config();
  config["model"]["posterior"] = "increment";
  config["baseline"]["fit"] = false;
  SwitchingExperiment e(config);
  e.step(e.total());
  const Result r = e.result();
  CHECK(r.config["model"]["posterior"] == "increment");
  const auto [train, test, trainer] = rebuild_small(GdmPosteriorInput::increment);
  CHECK(r.arrays.at("elbo").data == trainer.elbo_history());
  CHECK(r.arrays.at("gdm_W").shape == std::vector<std::size_t>{4, 20});
  CHECK(r.arrays.at("gdm_W").data == matrix_array(trainer.model().parameters.W()).data);
  Rng eval(2, 3);
  const MatrixXd gtr = gdm_soft_states(trainer.model(), train.y, 3, eval);
  const MatrixXd gte = gdm_soft_states(trainer.model(), test.y, 3, eval);
  const auto fc = gdm_forecasts(trainer.model(), test.y, 3, 2, eval);
  CHECK(r.scalars.at("gdm_knn") == knn_accuracy(gtr, argmax_states(train.z), gte, argmax_states(test.z), 10));
  CHECK(r.scalars.at("gdm_skill_1") == forecast_skill(fc[0], test.y, 1));
}

TEST_CASE("switching: progress, series, Stop and chunks", "[switching][experiment]") {
  SwitchingExperiment e(small_switching_config());
  // GDM iterations, EM iterations, then the evaluation's units: at these sizes one each for the GDM's
  // train and test soft states, forecasts and reconstruction, the hard model's posteriors and forecasts,
  // and the four kNN scores (gdm, raw, raw increments, hard).
  CHECK(e.total() == 12 + 4 + 10);
  CHECK(e.position() == 0);
  CHECK(e.step(5) == 5);
  CHECK(e.series("elbo", 0).size() == 5);
  CHECK(e.series("elbo", 3).size() == 2);
  CHECK(e.series("log_likelihood", 0).empty());
  // "loss", the series a front end streams by default, is the negative ELBO that training minimises.
  const std::vector<double> elbo = e.series("elbo", 0), loss = e.series("loss", 2);
  REQUIRE(loss.size() == 3);
  for (std::size_t i = 0; i < loss.size(); ++i) CHECK(loss[i] == -elbo[i + 2]);
  CHECK_THROWS_WITH(e.series("mse", 0), Catch::Matchers::Contains("allowed: elbo, log_likelihood, loss"));
  // Stopped here: the result says so and scores the model as it is.
  const Result partial = e.result();
  CHECK(partial.scalars.at("stopped_early") == 1.0);
  CHECK(partial.scalars.at("gdm_iterations") == 5.0);
  CHECK(partial.arrays.count("hard_states") == 0);
  // The rest in chunks of 3 equals one call.
  while (!e.done()) e.step(3);
  SwitchingExperiment once(small_switching_config());
  once.step(once.total());
  CHECK(once.done());
  const Result a = e.result(), b = once.result();
  CHECK(a.scalars == b.scalars);
  CHECK(a.arrays.at("elbo").data == b.arrays.at("elbo").data);
  CHECK(a.arrays.at("gdm_states").data == b.arrays.at("gdm_states").data);
  CHECK(a.scalars.at("stopped_early") == 0.0);
  CHECK(a.arrays.at("log_likelihood").data.size() == std::size_t(a.scalars.at("em_iterations") + (a.scalars.at("em_converged") ? 1 : 0)));
}

TEST_CASE("switching: every number is the core's", "[switching][experiment]") {
  SwitchingExperiment e(small_switching_config());
  e.step(e.total());
  const Result r = e.result();
  const auto [train, test, trainer] = rebuild_small(GdmPosteriorInput::observation);
  CHECK(r.arrays.at("elbo").data == trainer.elbo_history());
  Rng eval(2, 3);
  const MatrixXd gtr = gdm_soft_states(trainer.model(), train.y, 3, eval);
  const MatrixXd gte = gdm_soft_states(trainer.model(), test.y, 3, eval);
  const auto fc = gdm_forecasts(trainer.model(), test.y, 3, 2, eval);
  const auto ltr = argmax_states(train.z), lte = argmax_states(test.z);
  CHECK(r.scalars.at("gdm_knn") == knn_accuracy(gtr, ltr, gte, lte, 10));
  CHECK(r.scalars.at("gdm_skill_1") == forecast_skill(fc[0], test.y, 1));
  CHECK(r.scalars.at("gdm_skill_h") == forecast_skill(fc[2], test.y, 3));
  CHECK(r.scalars.at("gdm_level_r2") == level_r2(gdm_reconstruction(trainer.model(), test.y, gte), test.y));
  CHECK(r.scalars.at("gdm_switches_per_100") == switches_per_100_steps(argmax_states(gte)));
  CHECK(r.scalars.at("persistence_level_r2") == level_r2(test.y.leftCols(79), test.y.rightCols(79)));
  CHECK(r.scalars.at("gdm_gamma") == trainer.model().parameters.gamma());
  CHECK(r.scalars.at("raw_knn") == knn_accuracy(train.y, ltr, test.y, lte, 10));
  CHECK(r.scalars.at("raw_increment_knn") == knn_accuracy(with_increments(train.y), ltr, with_increments(test.y), lte, 10));
  CHECK(r.scalars.at("truth_switches_per_100") == switches_per_100_steps(lte));
  const auto perm = match_states(argmax_states(gtr), ltr, 4);
  CHECK(r.scalars.at("gdm_matched_accuracy") == matched_accuracy(argmax_states(gte), lte, perm));
  CHECK(r.scalars.at("gdm_tv_error") == soft_state_tv_error(gte, test.z, perm));
  Rng km(2, 4);
  ArHmmFitSettings hs;
  hs.max_iterations = 4;
  hs.kmeans_restarts = 2;
  ArHmmFitter hard(train.y, trainer.model().projection, hs, km);
  hard.run(4);
  const ArHmmPosterior post = ar_hmm_posterior(hard.model(), test.y);
  CHECK(r.scalars.at("hard_log_likelihood") == post.log_likelihood);
  CHECK(r.scalars.at("hard_skill_1") == forecast_skill(ar_hmm_forecasts(hard.model(), test.y, post.filtered, 1)[0], test.y, 1));
  CHECK(r.scalars.at("hard_skill_h") == forecast_skill(ar_hmm_forecasts(hard.model(), test.y, post.filtered, 3)[2], test.y, 3));
  CHECK(r.scalars.at("hard_switches_per_100") == switches_per_100_steps(argmax_states(post.smoothed)));
  // Shapes: (T, K) states, (K, N, D) maps, one skill per horizon.
  CHECK(r.arrays.at("gdm_states").shape == std::vector<std::size_t>{80, 4});
  CHECK(r.arrays.at("true_states").shape == std::vector<std::size_t>{80, 4});
  CHECK(r.arrays.at("latent").shape == std::vector<std::size_t>{80, 2});
  CHECK(r.arrays.at("y").shape == std::vector<std::size_t>{80, 10});
  CHECK(r.arrays.at("gdm_S").shape == std::vector<std::size_t>{4, 10, 2});
  CHECK(r.arrays.at("hard_P").shape == std::vector<std::size_t>{4, 4});
  CHECK(r.arrays.at("gdm_skill").shape == std::vector<std::size_t>{3});
  CHECK(r.arrays.at("gdm_S").data[1] == trainer.model().parameters.S()(0, 1));  // k 0, n 0, d 1
  // The fitted parameters in C order: the GDM's transition, posterior and noise blocks, the hard model's.
  const GdmParameters& gp = trainer.model().parameters;
  CHECK(r.arrays.at("gdm_R").data == matrix_array(gp.R()).data);
  CHECK(r.arrays.at("gdm_r").data == vector_array(Eigen::VectorXd(gp.r())).data);
  CHECK(r.arrays.at("gdm_W").data == matrix_array(gp.W()).data);
  CHECK(r.arrays.at("gdm_c").data == vector_array(Eigen::VectorXd(gp.c())).data);
  CHECK(r.arrays.at("gdm_log_var").data == vector_array(Eigen::VectorXd(gp.log_var())).data);
  const ArHmmParameters& hp = hard.model().parameters;
  CHECK(r.arrays.at("hard_R").data == matrix_array(hp.R).data);
  CHECK(r.arrays.at("hard_r").data == vector_array(hp.r).data);
  CHECK(r.arrays.at("hard_P").data == matrix_array(hp.P).data);
  CHECK(r.arrays.at("hard_log_var").data == vector_array(hp.log_var).data);
  // Every array in full, against the fit and the data rebuilt above: the biases b (N x K) as (K, N), the maps as
  // (K, N, D), the soft states of the training and test data as (T, K), the skills by horizon, the data.
  CHECK(r.arrays.at("gdm_b").shape == std::vector<std::size_t>{4, 10});
  CHECK(r.arrays.at("gdm_b").data == by_column(gp.b()));
  CHECK(r.arrays.at("hard_b").shape == std::vector<std::size_t>{4, 10});
  CHECK(r.arrays.at("hard_b").data == by_column(hp.b));
  CHECK(r.arrays.at("gdm_S").data == by_state_map(gp.S(), 4, 2));
  CHECK(r.arrays.at("hard_S").shape == std::vector<std::size_t>{4, 10, 2});
  CHECK(r.arrays.at("hard_S").data == by_state_map(hp.S, 4, 2));
  CHECK(r.arrays.at("gdm_train_states").shape == std::vector<std::size_t>{120, 4});
  CHECK(r.arrays.at("gdm_train_states").data == by_column(gtr));
  CHECK(r.arrays.at("gdm_states").data == by_column(gte));
  const ArHmmPosterior post_train = ar_hmm_posterior(hard.model(), train.y);
  CHECK(r.arrays.at("hard_train_states").shape == std::vector<std::size_t>{120, 4});
  CHECK(r.arrays.at("hard_train_states").data == by_column(post_train.smoothed));
  CHECK(r.arrays.at("hard_states").shape == std::vector<std::size_t>{80, 4});
  CHECK(r.arrays.at("hard_states").data == by_column(post.smoothed));
  CHECK(r.arrays.at("gdm_skill").data == skill_by_horizon(fc, test.y));
  CHECK(r.arrays.at("hard_skill").data == skill_by_horizon(ar_hmm_forecasts(hard.model(), test.y, post.filtered, 3), test.y));
  CHECK(r.arrays.at("log_likelihood").data == hard.log_likelihood_history());
  CHECK(r.arrays.at("y").data == by_column(test.y));
  CHECK(r.arrays.at("true_states").data == by_column(test.z));
  CHECK(r.arrays.at("latent").data == by_column(test.x));
  CHECK(r.arrays.at("projection").shape == std::vector<std::size_t>{2, 10});
  CHECK(r.arrays.at("projection").data == by_column(trainer.model().projection.transpose()));
  CHECK(r.arrays.at("projection").data == by_column(hard.model().projection.transpose()));
  // The hard model's state metrics on its smoothed states (states matched on the training data), and the fits' counters.
  const auto hard_perm = match_states(argmax_states(post_train.smoothed), ltr, 4);
  CHECK(r.scalars.at("hard_knn") == knn_accuracy(post_train.smoothed, ltr, post.smoothed, lte, 10));
  CHECK(r.scalars.at("hard_matched_accuracy") == matched_accuracy(argmax_states(post.smoothed), lte, hard_perm));
  CHECK(r.scalars.at("hard_tv_error") == soft_state_tv_error(post.smoothed, test.z, hard_perm));
  CHECK(r.scalars.at("gdm_iterations") == double(trainer.iterations()));
  CHECK(r.scalars.at("gdm_stopped_early") == (trainer.stopped_early() ? 1.0 : 0.0));
  CHECK(r.scalars.at("final_elbo") == trainer.elbo_history().back());
  CHECK(r.scalars.at("diverged") == 0.0);
  CHECK(r.scalars.at("em_iterations") == double(hard.iterations()));
  CHECK(r.scalars.at("em_converged") == (hard.converged() ? 1.0 : 0.0));
  CHECK(r.kind == "switching");
  CHECK(r.seed == 2);
}

TEST_CASE("switching: the user's series give what the same data give as NASCAR", "[switching][experiment]") {
  const Result nascar = [] {
    SwitchingExperiment e(small_switching_config());
    e.step(e.total());
    return e.result();
  }();
  NascarSettings s = nascar_settings(NascarVariant::soft_sticky);
  s.steps = 120;
  const NascarData train = generate_nascar(s, 2);
  s.steps = 80;
  const NascarData test = generate_nascar(s, 1002, &train.emission);
  json config = small_switching_config();
  config["data"] = {{"name", "series"}, {"train", series_array(train.y)}, {"test", series_array(test.y)},
                    {"train_states", series_array(train.z)}, {"test_states", series_array(test.z)}};
  SwitchingExperiment e(config);
  e.step(e.total());
  const Result user = e.result();
  CHECK(user.config["data"]["train"]["shape"] == json::array({120, 10}));
  for (const char* name : {"gdm_knn", "gdm_matched_accuracy", "gdm_tv_error", "gdm_skill_1", "raw_knn", "hard_knn",
                           "hard_skill_1", "final_elbo"})
    CHECK(user.scalars.at(name) == nascar.scalars.at(name));
  CHECK(user.arrays.count("latent") == 0);
  // Without states: forecasts and R^2, no state metrics.
  config["data"].erase("train_states");
  config["data"].erase("test_states");
  SwitchingExperiment plain(config);
  plain.step(plain.total());
  const Result p = plain.result();
  CHECK(p.scalars.count("gdm_knn") == 0);
  CHECK(p.scalars.at("gdm_skill_1") == nascar.scalars.at("gdm_skill_1"));
}

TEST_CASE("switching: a model with more or fewer states than NASCAR's 4 is scored over the larger count",
          "[switching][experiment]") {
  NascarSettings s = nascar_settings(NascarVariant::soft_sticky);
  s.steps = 120;
  const NascarData train = generate_nascar(s, 2);
  s.steps = 80;
  const NascarData test = generate_nascar(s, 1002, &train.emission);
  const auto ltr = argmax_states(train.z), lte = argmax_states(test.z);
  for (const int K : {2, 3, 5}) {
    CAPTURE(K);
    json config = small_switching_config();
    config["model"] = {{"states", K}};
    SwitchingExperiment e(config);
    e.step(e.total());
    const Result r = e.result();
    const auto rows = [](const ResultArray& a) {  // (T, K) C order as a K x T matrix
      return MatrixXd(Eigen::Map<const MatrixXd>(a.data.data(), Eigen::Index(a.shape[1]), Eigen::Index(a.shape[0])));
    };
    for (const std::string who : {"gdm", "hard"}) {
      const MatrixXd tr = rows(r.arrays.at(who + "_train_states")), te = rows(r.arrays.at(who + "_states"));
      REQUIRE(te.rows() == K);
      const auto perm = match_states(argmax_states(tr), ltr, std::max(K, 4));
      CHECK(perm.size() == std::size_t(std::max(K, 4)));
      CHECK(r.scalars.at(who + "_matched_accuracy") == matched_accuracy(argmax_states(te), lte, perm));
      CHECK(r.scalars.at(who + "_tv_error") == soft_state_tv_error(te, test.z, perm));
      // With fewer states than the truth some true state is never matched: at most K of 4 kinds of steps are right.
      CHECK(r.scalars.at(who + "_matched_accuracy") <= 1.0);
      CHECK(r.scalars.at(who + "_tv_error") >= 0.0);
    }
  }
}

TEST_CASE("switching: a series that overflows stops training with the last finite state", "[switching][experiment]") {
  MatrixXd y = MatrixXd::Constant(3, 20, 1e200);
  y(0, 3) = -1e200;
  json config = json::parse(R"({"kind": "switching", "model": {"states": 2}, "baseline": {"fit": false},
    "training": {"iterations": 5, "samples": 1}, "evaluation": {"posterior_samples": 1, "paths": 1, "horizon": 2}})");
  config["data"] = {{"name", "series"}, {"train", series_array(y)}};
  SwitchingExperiment e(config);
  CHECK_THROWS_AS(e.step(5), Diverged);
  const Result r = e.result();
  CHECK(r.scalars.at("diverged") == 1.0);
  CHECK(r.scalars.at("gdm_iterations") == 0.0);
}


TEST_CASE("switching: the evaluation runs in units of step() and gives the bits of the whole computation", "[switching][experiment]") {
  // 400 train and 600 test steps, 50 posterior samples, 20 paths of horizon 10: the soft states split into
  // 1 + 1 units (20000 and 30000 draws, 38095 a unit), the forecasts' 599 origins into 8 (83 a unit).
  const json config = json::parse(R"({"kind": "switching", "seed": 4, "data": {"steps": 400, "test_steps": 600},
    "training": {"iterations": 3, "samples": 2}, "baseline": {"iterations": 2, "kmeans_restarts": 1},
    "evaluation": {"posterior_samples": 50, "horizon": 10, "paths": 20}})");
  SwitchingExperiment e(config);
  CHECK(e.total() == 3 + 2 + (1 + 1 + 8 + 1) + (1 + 1) + 4);
  e.step(5);
  CHECK(e.position() == 5);  // trained; the scores are still to do
  long units = 0;
  while (!e.done()) units += e.step(1);
  CHECK(units == 17);
  const Result r = e.result();
  // The same bits as the whole functions (the evaluation before it had units), from the streams of the README.
  NascarSettings s = nascar_settings(NascarVariant::standard);
  s.steps = 400;
  const NascarData train = generate_nascar(s, 4);
  s.steps = 600;
  const NascarData test = generate_nascar(s, 1004, &train.emission);
  Rng init(4, 1);
  GdmTrainingSettings ts;
  ts.max_iterations = 3;
  ts.samples = 2;
  GdmTrainer trainer(train.y, initial_gdm_model({10, 4, 2}, 0.99, init), ts, Rng(4, 2));
  trainer.run(3);
  Rng eval(4, 3);
  const MatrixXd gtr = gdm_soft_states(trainer.model(), train.y, 50, eval);
  const MatrixXd gte = gdm_soft_states(trainer.model(), test.y, 50, eval);
  const auto fc = gdm_forecasts(trainer.model(), test.y, 10, 20, eval);
  std::vector<double> skill;
  for (int h = 1; h <= 10; ++h) skill.push_back(forecast_skill(fc[std::size_t(h - 1)], test.y, h));
  CHECK(r.arrays.at("gdm_train_states").data == by_column(gtr));
  CHECK(r.arrays.at("gdm_states").data == by_column(gte));
  CHECK(r.arrays.at("gdm_skill").data == skill);
  const auto ltr = argmax_states(train.z), lte = argmax_states(test.z);
  CHECK(r.scalars.at("gdm_knn") == knn_accuracy(gtr, ltr, gte, lte, 10));
  CHECK(r.scalars.at("raw_increment_knn") == knn_accuracy(with_increments(train.y), ltr, with_increments(test.y), lte, 10));
  CHECK(r.scalars.at("gdm_level_r2") == level_r2(gdm_reconstruction(trainer.model(), test.y, gte), test.y));
  // A Stop mid-evaluation, then result(): it finishes the units (quick at this size) with the same bits.
  SwitchingExperiment stopped(config);
  stopped.step(9);
  const Result early = stopped.result();
  CHECK(early.scalars.at("stopped_early") == 1.0);
  CHECK(early.arrays.at("gdm_skill").data == skill);
  CHECK(early.scalars.at("hard_skill_h") == r.scalars.at("hard_skill_h"));
  CHECK(stopped.position() == 9);  // result() did not advance the run
}

TEST_CASE("switching: after a Stop, result() leaves out scores that would take more than about a second", "[switching][experiment]") {
  // 20000 test steps x 20 paths x 10 horizon: some 10 s of forecasts natively, more than the 3 s a front end
  // waits for a stopped run. The fitted parameters and the data are kept.
  SwitchingExperiment e(json::parse(R"({"kind": "switching", "data": {"steps": 200, "test_steps": 20000},
    "training": {"iterations": 2, "samples": 1}, "baseline": {"fit": false}})"));
  e.step(1);
  const Result r = e.result();
  CHECK(r.scalars.at("stopped_early") == 1.0);
  CHECK(r.scalars.count("gdm_skill_1") == 0);
  CHECK(r.scalars.count("gdm_knn") == 0);
  CHECK(r.arrays.count("gdm_states") == 0);
  CHECK(r.arrays.count("gdm_R") == 1);
  CHECK(r.arrays.at("y").shape == std::vector<std::size_t>{20000, 10});
}

}  // namespace switching_experiment_test
