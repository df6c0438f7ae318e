// The train experiment with precision "float32" (issue 21): float32 weights and optimiser, the result
// echoing the precision, a loss curve that follows float64's, exact checkpoints, and clear errors.
#include <catch2/catch.hpp>

#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

namespace {

json float32_config(const std::string& optimizer) {
  json c = json::parse(R"({"kind": "train", "seed": 7, "steps": 40, "batch_size": 8, "precision": "float32",
                           "model": {"hidden": 24, "leak": 0.6}, "task": {"bits": 2, "steps": 15, "pulse_prob": 0.2}})");
  c["optimizer"] = json::parse(optimizer);
  return c;
}

bool float_representable(const Eigen::VectorXd& v) { return v.cast<float>().cast<double>() == v; }

}  // namespace

TEST_CASE("float32 training follows float64 and keeps float32 weights", "[train][float32]") {
  for (const char* optimizer : {R"({"name": "adam", "lr": 0.01})", R"({"name": "amsgrad", "lr": 0.01, "clip": 0.5})",
                                R"({"name": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.001})"}) {
    INFO(optimizer);
    json c32 = float32_config(optimizer), c64 = c32;
    c64["precision"] = "float64";
    TrainExperiment f32(c32), f64(c64);
    f32.step(40);
    f64.step(40);
    CHECK(float_representable(f32.parameters().flat()));
    CHECK_FALSE(float_representable(f64.parameters().flat()));
    const Result r32 = f32.result(), r64 = f64.result();
    CHECK(r32.config["precision"] == "float32");
    CHECK(r64.config["precision"] == "float64");
    // The first loss differs by float32 rounding only; later ones drift apart slowly but stay close.
    const auto& l32 = r32.arrays.at("loss").data;
    const auto& l64 = r64.arrays.at("loss").data;
    CHECK(std::abs(l32[0] - l64[0]) <= 1e-5 * l64[0]);
    CHECK(l32[0] != l64[0]);
    CHECK(std::abs(l32.back() - l64.back()) <= 1e-2 * l64.back());
    CHECK(r32.scalars.at("final_loss") < 0.8 * r32.scalars.at("initial_loss"));
  }
}

TEST_CASE("a float32 checkpoint resumes bit for bit, and only in float32", "[train][float32][checkpoint]") {
  for (const char* optimizer : {R"({"name": "adam", "lr": 0.02})", R"({"name": "sgd", "lr": 0.05, "momentum": 0.9})"}) {
    INFO(optimizer);
    const json config = float32_config(optimizer);
    TrainExperiment whole(config);
    whole.step(40);
    TrainExperiment first(config);
    first.step(17);
    const Checkpoint cp = first.snapshot();
    CHECK(float_representable(Eigen::Map<const Eigen::VectorXd>(cp.arrays.at("theta").data.data(),
                                                                Eigen::Index(cp.arrays.at("theta").data.size()))));
    TrainExperiment second(config);
    second.restore(cp);
    CHECK(second.step(100) == 23);
    CHECK(second.result().arrays.at("loss").data == whole.result().arrays.at("loss").data);
    CHECK(second.parameters().flat() == whole.parameters().flat());

    json other = config;
    other["precision"] = "float64";
    TrainExperiment in64(other);
    CHECK_THROWS_WITH(in64.restore(cp), Equals("snapshot.config.precision: the checkpoint trained in \"float32\" and "
                                               "this experiment in \"float64\"; a run resumes only in its own precision"));
    CHECK(in64.position() == 0);
  }
}

TEST_CASE("precision: bad values and float32 with lrng are refused, naming the field", "[train][float32]") {
  json c = float32_config(R"({"name": "adam"})");
  c["precision"] = "half";
  CHECK_THROWS_WITH(make_experiment(c.dump()), Equals("precision: must be one of \"float64\", \"float32\", got \"half\""));
  c = float32_config(R"({"name": "lrng"})");
  CHECK_THROWS_WITH(make_experiment(c.dump()), Equals("precision: \"float32\" trains with adam, amsgrad or sgd; "
                                               "optimizer.name \"lrng\" needs precision \"float64\""));
}

TEST_CASE("a float32 run gives the same bits natively and in wasm", "[train][float32]") {
  TrainExperiment e(float32_config(R"({"name": "adam", "lr": 0.01})"));
  e.step(40);
  const auto& loss = e.losses();
  CHECK(loss.back() == 0x1.ee7565f6205abp-3);
  CHECK(e.parameters().flat().sum() == 0x1.8c025e916p+1);
}
