// The flatness experiment: config with defaults, checkpoints and their arrays, every measure against
// the core function it reports, user data equal to the same points given as clusters, series for
// live curves, reproducibility in chunks, the numerical guard.
#include <catch2/catch.hpp>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "experiments/flatness_experiment.hpp"
#include "dimension/twonn.hpp"
#include "measures/effective_rank.hpp"
#include "measures/mlp_sensitivity.hpp"
#include "measures/sharpness.hpp"
#include "mlp/cluster_data.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Eigen::MatrixXd;

namespace {

// A small run: 3 clusters in 4-D, 2 hidden layers, checkpoints at 0, 10, 20, 25.
json small_flatness_config() {
  return json::parse(R"({"kind": "flatness", "seed": 3, "steps": 25, "batch_size": 5,
    "data": {"name": "clusters", "classes": 3, "dim": 4, "train": 60, "test": 40},
    "model": {"hidden": [8, 6]}, "optimizer": {"lr": 0.2},
    "measures": {"every": 10, "points": 20, "log_volume_rank": 2, "layer_points": 30}})");
}

// The run's data, drawn as the experiment draws it (streams 3 and 4).
LabelledPoints cluster_points(std::uint64_t seed, int classes, int dim, Eigen::Index n, bool test) {
  ClusterSettings cs;
  cs.classes = classes;
  cs.dim = dim;
  Rng data_rng(seed, 3), test_rng(seed, 4);
  const GaussianClusters c(cs, data_rng);
  return test ? c.sample(n, test_rng) : c.sample(n, data_rng);
}

json as_array(const MatrixXd& columns) {  // (n, w) C order from a w x n matrix
  return {{"shape", {columns.cols(), columns.rows()}},
          {"data", std::vector<double>(columns.data(), columns.data() + columns.size())}};
}

double participation_of_points(const MatrixXd& A) {
  const MatrixXd c = A.colwise() - A.rowwise().mean();
  return participation_ratio_psd(c * c.transpose() / double(A.cols() - 1));
}

}  // namespace

TEST_CASE("flatness: defaults, checkpoints and array shapes", "[flatness]") {
  SECTION("the config with defaults") {
    const Result r = FlatnessExperiment(json::parse(R"({"kind": "flatness", "steps": 0})")).result();
    const json& c = r.config;
    CHECK(c["model"]["hidden"] == json::array({64, 64, 64}));
    CHECK(c["model"]["activation"] == "tanh");
    CHECK(c["data"]["name"] == "clusters");
    CHECK(c["data"]["classes"] == 10);
    CHECK(c["data"]["dim"] == 20);
    CHECK(c["optimizer"]["name"] == "sgd");
    CHECK(c["optimizer"]["lr"] == 0.1);
    CHECK(c["batch_size"] == 8);
    CHECK(c["loss"] == "mse");
    CHECK(c["measures"]["every"] == 500);
    CHECK(c["measures"]["points"] == 300);
    CHECK(c["measures"]["log_volume_rank"] == 3);
    CHECK(c["measures"]["layer_points"] == 1000);
    CHECK(r.scalars.at("parameters") == 64 * 21 + 64 * 65 * 2 + 10 * 65);
    // steps = 0: one checkpoint, of the initial network.
    CHECK(r.arrays.at("checkpoint_steps").data == std::vector<double>{0});
    CHECK(r.arrays.at("layer_pr").shape == std::vector<std::size_t>{1, 5});
  }
  SECTION("a short run") {
    FlatnessExperiment e(small_flatness_config());
    CHECK(e.total() == 25);
    e.step(25);
    const Result r = e.result();
    CHECK(r.kind == "flatness");
    CHECK(r.scalars.at("steps_done") == 25);
    CHECK(r.scalars.at("checkpoints") == 4);
    CHECK(r.arrays.at("checkpoint_steps").data == std::vector<double>{0, 10, 20, 25});
    CHECK(r.arrays.at("loss").shape == std::vector<std::size_t>{25});
    for (const char* name : {"train_loss", "train_accuracy", "test_loss", "test_accuracy", "sharpness", "gn_trace",
                             "local_dimension", "mls", "log_volume", "nmls", "nvr", "jacobian_frobenius_sq",
                             "bound1_mls_ratio", "bound1_ratio", "bound2_b", "bound2_c", "bound2_d", "bound3",
                             "bound4", "bound4_gap"}) {
      INFO(name);
      REQUIRE(r.arrays.count(name) == 1);
      CHECK(r.arrays.at(name).shape == std::vector<std::size_t>{4});
    }
    CHECK(r.arrays.at("layer_pr").shape == std::vector<std::size_t>{4, 4});  // input, 2 hidden, output
    CHECK(r.arrays.at("layer_twonn").shape == std::vector<std::size_t>{4, 4});
    CHECK(r.arrays.count("hessian_trace") == 0);
    CHECK(r.arrays.count("hessian_max") == 0);
  }
}

TEST_CASE("flatness: each recorded measure is the core measure of the network at that checkpoint", "[flatness]") {
  json config = small_flatness_config();
  config["steps"] = 20;
  config["measures"]["hessian_samples"] = 8;
  config["measures"]["hessian_iterations"] = 50;
  FlatnessExperiment e(config);
  e.step(20);
  const Result r = e.result();
  const MlpParameters& p = e.parameters();
  const LabelledPoints train = cluster_points(3, 3, 4, 60, false), test = cluster_points(3, 3, 4, 40, true);
  const LabelledPoints at = train.head(20);
  const MlpSensitivity m = mlp_sensitivity(p, at.x, 2);
  const auto last = [&](const char* name) { return r.arrays.at(name).data.back(); };
  CHECK(last("sharpness") == m.sharpness);
  CHECK(last("mls") == Approx(m.max_sensitivity.mean()).epsilon(1e-14));
  CHECK(last("local_dimension") == Approx(m.local_dimension.mean()).epsilon(1e-14));
  CHECK(last("log_volume") == Approx(m.log_volume.mean()).epsilon(1e-14));
  CHECK(last("nmls") == Approx(m.nmls.mean()).epsilon(1e-14));
  CHECK(last("bound3") == m.bounds.bound3);
  // MSE: sharp^2 is the Gauss-Newton trace.
  CHECK(last("gn_trace") == Approx(m.sharpness * m.sharpness).epsilon(1e-12));
  MlpActivations acts;
  mlp_forward(p, train.x, acts);
  CHECK(last("train_loss") == mlp_output_loss(acts.output(), train.y, LossKind::mse));
  mlp_forward(p, test.x, acts);
  CHECK(last("test_accuracy") == mlp_accuracy(acts.output(), test.y));
  Rng probes(3, 5), start(3, 6);
  const Estimate h = mlp_hessian_trace(p, at.x, at.y, LossKind::mse, 8, probes);
  CHECK(last("hessian_trace") == h.value);
  CHECK(last("hessian_trace_se") == h.std_error);
  CHECK(last("hessian_max") == mlp_hessian_max(p, at.x, at.y, LossKind::mse, start, {1e-3, 50}).value);
  // Layer PR on the first 30 test points: column 0 (the inputs) never changes.
  mlp_forward(p, test.x.leftCols(30), acts);
  const ResultArray& pr = r.arrays.at("layer_pr");
  CHECK(pr.data[2 * 4 + 0] == Approx(participation_of_points(test.x.leftCols(30))).epsilon(1e-12));
  CHECK(pr.data[0] == pr.data[2 * 4 + 0]);
  CHECK(pr.data[2 * 4 + 2] == Approx(participation_of_points(acts.a[2])).epsilon(1e-12));
  CHECK(pr.data[2 * 4 + 3] == Approx(participation_of_points(acts.output())).epsilon(1e-12));
  // TwoNN (MLE) of each layer on the same points (rows = points).
  const ResultArray& tn = r.arrays.at("layer_twonn");
  CHECK(tn.data[2 * 4 + 0] == twonn(test.x.leftCols(30).transpose()).mle);
  CHECK(tn.data[2 * 4 + 1] == twonn(acts.a[1].transpose()).mle);
  CHECK(tn.data[2 * 4 + 3] == twonn(acts.output().transpose()).mle);
  // The rest of the per-checkpoint measures at the last checkpoint.
  CHECK(last("nvr") == Approx(m.nvr.mean()).epsilon(1e-14));
  CHECK(last("jacobian_frobenius_sq") == Approx(m.frobenius_sq.mean()).epsilon(1e-14));
  CHECK(last("bound1_mls_ratio") == m.bounds.bound1_mls_ratio);
  CHECK(last("bound1_ratio") == m.bounds.bound1_ratio);
  CHECK(last("bound2_b") == m.bounds.bound2_b);
  CHECK(last("bound2_c") == m.bounds.bound2_c);
  CHECK(last("bound2_d") == m.bounds.bound2_d);
  CHECK(last("bound4") == m.bounds.bound4);
  CHECK(last("bound4_gap") == m.bounds.bound4_gap);
  // Bound 2's D written out: sqrt(sum_l ||W_l||_2^2) sqrt(mean_i 1 / ||x_i||^2) sharp.
  double w2 = 0.0, inverse_sq = 0.0;
  for (int l = 0; l < p.shape().layers(); ++l) w2 += std::pow(Eigen::JacobiSVD<MatrixXd>(p.W(l)).singularValues()(0), 2);
  for (Eigen::Index i = 0; i < at.x.cols(); ++i) inverse_sq += 1.0 / at.x.col(i).squaredNorm() / double(at.x.cols());
  CHECK(last("bound2_d") == Approx(std::sqrt(w2) * std::sqrt(inverse_sq) * m.sharpness).epsilon(1e-10));
  mlp_forward(p, train.x, acts);
  CHECK(last("train_accuracy") == mlp_accuracy(acts.output(), train.y));
  mlp_forward(p, test.x, acts);
  CHECK(last("test_loss") == mlp_output_loss(acts.output(), test.y, LossKind::mse));
  Rng start_again(3, 6);
  const PowerIterationResult hm = mlp_hessian_max(p, at.x, at.y, LossKind::mse, start_again, {1e-3, 50});
  CHECK(last("hessian_iterations") == double(hm.iterations));
  mlp_forward(p, test.x.leftCols(30), acts);
  CHECK(pr.data[2 * 4 + 1] == Approx(participation_of_points(acts.a[1])).epsilon(1e-12));
  CHECK(tn.data[2 * 4 + 2] == twonn(acts.a[2].transpose()).mle);
  // The losses and counters of the run.
  const auto& loss = r.arrays.at("loss").data;
  REQUIRE(loss.size() == 20);
  CHECK(r.scalars.at("initial_loss") == loss.front());
  CHECK(r.scalars.at("final_loss") == loss.back());
  CHECK(r.scalars.at("parameters") == 8 * 5 + 6 * 9 + 3 * 7);
  CHECK(r.scalars.at("checkpoints") == 3);
  CHECK(r.scalars.at("stopped_early") == 0);
  CHECK(r.scalars.at("diverged") == 0);
  SECTION("the first checkpoint measures the initial network, the second the network after 10 steps") {
    FlatnessExperiment again(config);
    const MlpParameters initial = again.parameters();
    again.step(10);
    const MlpParameters* nets[] = {&initial, &again.parameters()};
    for (std::size_t k = 0; k < 2; ++k) {
      INFO("checkpoint " << k);
      const MlpParameters* net = nets[k];
      const MlpSensitivity mk = mlp_sensitivity(*net, at.x, 2);
      CHECK(r.arrays.at("sharpness").data[k] == mk.sharpness);
      CHECK(r.arrays.at("nvr").data[k] == Approx(mk.nvr.mean()).epsilon(1e-14));
      mlp_forward(*net, train.x, acts);
      CHECK(r.arrays.at("train_loss").data[k] == mlp_output_loss(acts.output(), train.y, LossKind::mse));
    }
    CHECK(r.arrays.at("sharpness").data[0] != r.arrays.at("sharpness").data[1]);
  }
  SECTION("layer_twonn false leaves it out") {
    config["measures"]["layer_twonn"] = false;
    CHECK(run_experiment(config.dump()).arrays.count("layer_twonn") == 0);
  }
}

TEST_CASE("flatness: user arrays give the same run as the same points drawn as clusters", "[flatness]") {
  const LabelledPoints train = cluster_points(3, 3, 4, 60, false), test = cluster_points(3, 3, 4, 40, true);
  json user = small_flatness_config();
  user["data"] = {{"name", "dataset"}, {"inputs", as_array(train.x)}, {"targets", as_array(train.y)},
                  {"test_inputs", as_array(test.x)}, {"test_targets", as_array(test.y)}};
  const Result a = run_experiment(small_flatness_config().dump()), b = run_experiment(user.dump());
  CHECK(b.config["data"]["inputs"] == json({{"shape", {60, 4}}}));
  CHECK(a.arrays.at("loss").data == b.arrays.at("loss").data);
  CHECK(a.arrays.at("sharpness").data == b.arrays.at("sharpness").data);
  CHECK(a.arrays.at("layer_pr").data == b.arrays.at("layer_pr").data);
  SECTION("without a test set the layer PR uses training points and no test arrays are recorded") {
    user["data"].erase("test_inputs");
    user["data"].erase("test_targets");
    const Result c = run_experiment(user.dump());
    CHECK(c.arrays.count("test_loss") == 0);
    CHECK(c.config["measures"]["layer_points"] == 30);
    CHECK(c.arrays.at("layer_pr").data[0] == Approx(participation_of_points(train.x.leftCols(30))).epsilon(1e-12));
  }
  SECTION("targets that are not one-hot: no accuracies") {
    MatrixXd y = train.y;
    y(0, 0) = 0.5;
    user["data"]["targets"] = as_array(y);
    const Result c = run_experiment(user.dump());
    CHECK(c.arrays.count("train_accuracy") == 0);
    CHECK(c.arrays.count("test_accuracy") == 0);
  }
}

TEST_CASE("flatness: seeded runs repeat exactly, in one go or in chunks, and stream series for live curves", "[flatness]") {
  const Result whole = run_experiment(small_flatness_config().dump());
  FlatnessExperiment e(small_flatness_config());
  e.step(7);
  CHECK(e.series("loss", 0).size() == 7);
  CHECK(e.series("sharpness", 0).size() == 1);  // step 0
  e.step(6);
  CHECK(e.series("loss", 7).size() == 6);
  CHECK(e.series("checkpoint_steps", 0) == std::vector<double>{0, 10});
  CHECK(e.series("sharpness", 1).size() == 1);
  CHECK(e.series("sharpness", 5).empty());
  while (!e.done()) e.step(4);
  const Result chunked = e.result();
  CHECK(chunked.arrays.at("loss").data == whole.arrays.at("loss").data);
  CHECK(chunked.arrays.at("mls").data == whole.arrays.at("mls").data);
  CHECK_THROWS_WITH(e.series("bogus", 0), Contains("series: unknown name \"bogus\"; allowed: loss, checkpoint_steps, "
                                                    "train_loss, train_accuracy, test_loss, test_accuracy, sharpness"));
  SECTION("the names a config allows are exactly the per-checkpoint arrays it records") {
    std::string listed;
    try {
      e.series("bogus", 0);
    } catch (const Error& err) {
      listed = err.what();
    }
    std::vector<std::string> names;
    for (const auto& [name, a] : chunked.arrays)
      if (name != "loss" && name.rfind("layer_", 0) != 0) names.push_back(name);
    CHECK(names.size() == 21);
    for (const std::string& n : names) CHECK_THAT(listed, Contains(", " + n));
    CHECK(std::count(listed.begin(), listed.end(), ',') == 21);
    FlatnessExperiment fresh(small_flatness_config());
    CHECK(fresh.series("sharpness", 0).empty());  // known, not yet measured
  }
  SECTION("a run stopped early returns its checkpoints so far") {
    FlatnessExperiment f(small_flatness_config());
    f.step(12);
    const Result r = f.result();
    CHECK(r.scalars.at("stopped_early") == 1.0);
    CHECK(r.arrays.at("checkpoint_steps").data == std::vector<double>{0, 10});
    CHECK(r.arrays.at("layer_pr").shape == std::vector<std::size_t>{2, 4});
  }
  SECTION("a different seed gives different numbers") {
    json other = small_flatness_config();
    other["seed"] = 4;
    CHECK(run_experiment(other.dump()).arrays.at("loss").data != whole.arrays.at("loss").data);
  }
}

TEST_CASE("flatness: training on the clusters learns, and cross-entropy and Adam run", "[flatness]") {
  json config = small_flatness_config();
  config["steps"] = 400;
  config["data"]["noise"] = 0.3;  // well separated: the Bayes accuracy is near 1
  config["measures"]["every"] = 400;
  const Result mse = run_experiment(config.dump());
  CHECK(mse.arrays.at("train_loss").data.back() < 0.5 * mse.arrays.at("train_loss").data.front());
  CHECK(mse.arrays.at("test_accuracy").data.back() > 0.9);
  config["loss"] = "cross_entropy";
  config["optimizer"] = {{"name", "adam"}, {"lr", 0.01}};
  const Result ce = run_experiment(config.dump());
  CHECK(ce.arrays.at("train_loss").data.back() < 0.5 * ce.arrays.at("train_loss").data.front());
  CHECK(ce.arrays.at("test_accuracy").data.back() > 0.9);
  // Cross-entropy Gauss-Newton trace is not sharp^2.
  CHECK(std::abs(ce.arrays.at("gn_trace").data.back() - std::pow(ce.arrays.at("sharpness").data.back(), 2)) > 1e-6);
}

TEST_CASE("flatness: a diverging run stops, naming the step, and keeps its last finite state", "[flatness]") {
  json config = small_flatness_config();
  config["steps"] = 200;
  config["model"]["activation"] = "identity";
  config["data"]["scale"] = 30.0;
  config["optimizer"]["lr"] = 10.0;
  FlatnessExperiment e(config);
  CHECK_THROWS_WITH(e.step(200), Contains("training diverged at step") && Contains("lower optimizer.lr"));
  const long at = e.position();
  CHECK_THROWS_AS(e.step(1), Diverged);
  CHECK(e.position() == at);
  CHECK(e.parameters().flat().allFinite());
  const Result r = e.result();
  CHECK(r.scalars.at("diverged") == 1.0);
  CHECK(r.scalars.at("diverged_at_step") == double(at));
}

TEST_CASE("flatness: a measure that fails names the step and records nothing of that checkpoint", "[flatness]") {
  // Finite inputs whose squares overflow: the layer covariances are not finite.
  json config = small_flatness_config();
  MatrixXd x = MatrixXd::Constant(4, 6, 1e200), y = MatrixXd::Zero(3, 6);
  x(0, 0) = -1e200;
  y.row(0).setOnes();
  config["data"] = {{"name", "dataset"}, {"inputs", as_array(x)}, {"targets", as_array(y)}};
  config["measures"] = {{"points", 6}, {"layer_points", 6}};
  FlatnessExperiment e(config);
  CHECK_THROWS_WITH(e.step(1), Contains("measures at step 0: layer_pr: the covariance of layer 0 overflows double "
                                        "precision; scale the inputs down"));
  CHECK(e.series("checkpoint_steps", 0).empty());
  SECTION("without the layer measure, the NaN of an overflowing measure is refused too") {
    config["measures"]["layer_points"] = 0;
    FlatnessExperiment f(config);
    // (bound 2's B is free of the inputs' scale and stays finite; C, with ||W_1|| sqrt(mean 1/||x||^2), is not)
    CHECK_THROWS_WITH(f.step(1), Contains("measures at step 0: bound2_c is not a number: some layer's activity "
                                          "overflows double precision; scale the inputs down"));
  }
}

TEST_CASE("flatness: inputs near 1e-180 run, and their TwoNN is that of the same inputs near 1", "[flatness]") {
  // data.scale 2^-600: distinct inputs whose squared distances underflow to 0; the measures failed with
  // "layer_twonn: layer 0: points: point 0 has a duplicate (r1 = 0)", and then bound 2's B with "bound2_b
  // is not a number" (0 x inf). The inputs are 2^-600 times those of scale 1, exactly, and TwoNN is
  // scale-free: the same number; B is finite.
  json config = small_flatness_config();
  config["steps"] = 0;
  config["data"]["scale"] = 1.0;
  const Result one = run_experiment(config.dump());
  config["data"]["scale"] = std::ldexp(1.0, -600);
  const Result tiny = run_experiment(config.dump());
  REQUIRE(tiny.arrays.at("layer_twonn").data.size() == one.arrays.at("layer_twonn").data.size());
  CHECK(one.arrays.at("layer_twonn").data[0] > 0.0);
  CHECK(tiny.arrays.at("layer_twonn").data[0] == one.arrays.at("layer_twonn").data[0]);
  CHECK(std::isfinite(tiny.arrays.at("bound2_b").data[0]));
  CHECK(tiny.arrays.at("bound2_b").data[0] > 0.0);
}

TEST_CASE("flatness: snapshot and restore are not offered", "[flatness]") {
  FlatnessExperiment e(small_flatness_config());
  CHECK_FALSE(e.has_state());
  CHECK_THROWS_WITH(e.snapshot(), Contains("snapshot: this experiment has no saved state"));
  CHECK_THROWS_WITH(e.restore(Checkpoint{}), Contains("restore: this experiment has no saved state"));
}
