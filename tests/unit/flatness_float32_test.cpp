// The MLP in float32 and the flatness kind's precision "float32" (issue 21): float32 loss and gradient
// against float64 on random networks of every activation and loss, training that follows float64's,
// measures taken from the float32 weights, exact repeats, and the error naming the field.
#include <catch2/catch.hpp>

#include "experiments/experiment.hpp"
#include "experiments/flatness_experiment.hpp"
#include "random_mlp.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;
using Catch::Matchers::Equals;

namespace {

json flatness_float32_config(const std::string& optimizer) {
  json c = json::parse(R"({"kind": "flatness", "seed": 5, "steps": 60, "batch_size": 8, "precision": "float32",
    "data": {"name": "clusters", "classes": 4, "dim": 6, "train": 80, "test": 40},
    "model": {"hidden": [16, 12]},
    "measures": {"every": 30, "points": 20, "log_volume_rank": 2, "layer_points": 30}})");
  c["optimizer"] = json::parse(optimizer);
  return c;
}

bool flatness_float_representable(const Eigen::VectorXd& v) { return v.cast<float>().cast<double>() == v; }

}  // namespace

TEST_CASE("float32 MLP loss and gradient agree with float64 on random networks", "[mlp][float32]") {
  for (Activation f : {Activation::tanh, Activation::relu, Activation::softplus, Activation::identity}) {
    for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
      INFO("activation " << int(f) << " loss " << int(kind));
      const MlpShape s = mlp_shape(7, {20, 15}, 5, f);
      const MlpParameters p64 = random_mlp(s, 11);
      FloatMlpParameters p32(s);
      p32.flat() = p64.flat().cast<float>();
      MlpParameters at64(s);  // the float64 network at the float32 weights: only the arithmetic differs
      at64.flat() = p32.flat().cast<double>();
      const Eigen::MatrixXd X = random_points(7, 33, 12);
      const Eigen::MatrixXd Y = random_targets(5, 33, kind == LossKind::cross_entropy, 13);
      MlpActivations a64;
      FloatMlpActivations a32;
      MlpParameters g64(s);
      FloatMlpParameters g32(s);
      const double l64 = mlp_loss_and_gradient(at64, X, Y, kind, a64, g64);
      const double l32 = mlp_loss_and_gradient(p32, X.cast<float>(), Y, kind, a32, g32);
      CHECK(std::abs(l32 - l64) <= 1e-5 * std::abs(l64));
      CHECK((g32.flat().cast<double>() - g64.flat()).norm() <= 1e-4 * g64.flat().norm());
      CHECK((a32.output().cast<double>() - a64.output()).norm() <= 1e-5 * a64.output().norm());
    }
  }
  SECTION("SiLU layers are float64 only") {
    MlpShape s = mlp_shape(3, {4}, 2, Activation::tanh);
    s.silu = true;
    FloatMlpParameters p(s);
    FloatMlpActivations acts;
    CHECK_THROWS_WITH(mlp_forward(p, Eigen::MatrixXf::Ones(3, 2), acts), Equals("mlp: SiLU layers train in float64 only"));
  }
}

TEST_CASE("flatness in float32 follows float64 and measures the float32 weights", "[flatness][float32]") {
  for (const char* optimizer : {R"({"name": "sgd", "lr": 0.1, "momentum": 0.5})", R"({"name": "adam", "lr": 0.003})"}) {
    INFO(optimizer);
    json c32 = flatness_float32_config(optimizer), c64 = c32;
    c64["precision"] = "float64";
    FlatnessExperiment f32(c32), f64(c64);
    CHECK(f32.step(60) == 60);
    f64.step(60);
    CHECK(flatness_float_representable(f32.parameters().flat()));
    CHECK_FALSE(flatness_float_representable(f64.parameters().flat()));
    const Result r32 = f32.result(), r64 = f64.result();
    CHECK(r32.config["precision"] == "float32");
    CHECK(r64.config["precision"] == "float64");
    const auto& l32 = r32.arrays.at("loss").data;
    const auto& l64 = r64.arrays.at("loss").data;
    CHECK(std::abs(l32.front() - l64.front()) <= 1e-5 * l64.front());
    CHECK(std::abs(l32.back() - l64.back()) <= 1e-2 * l64.back());
    CHECK(l32.back() < 0.8 * l32.front());  // it trains
    // Measures come from the float32 weights in float64: the same as a float64 run's measures of them.
    const auto& s32 = r32.arrays.at("sharpness").data;
    const auto& s64 = r64.arrays.at("sharpness").data;
    REQUIRE(s32.size() == s64.size());
    CHECK(std::abs(s32.back() - s64.back()) <= 2e-2 * std::abs(s64.back()));
  }
  SECTION("a seeded float32 run repeats exactly, in one go or in chunks") {
    const json c = flatness_float32_config(R"({"name": "sgd", "lr": 0.1})");
    FlatnessExperiment a(c), b(c);
    a.step(60);
    for (int i = 0; i < 6; ++i) b.step(10);
    CHECK(a.parameters().flat() == b.parameters().flat());
    CHECK(a.result().arrays.at("loss").data == b.result().arrays.at("loss").data);
  }
  SECTION("a bad precision names the field and the allowed values") {
    json c = flatness_float32_config(R"({"name": "sgd"})");
    c["precision"] = "float16";
    CHECK_THROWS_WITH(make_experiment(c.dump()),
                      Equals("precision: must be one of \"float64\", \"float32\", got \"float16\""));
  }
}
