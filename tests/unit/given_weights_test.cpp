#include <catch2/catch.hpp>

#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"
#include "rnn/init.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;

namespace {

// N = 4 hidden units on a 2-bit flip-flop (I = O = 2).
json tiny_config() {
  return json::parse(R"({"kind": "train", "seed": 5, "steps": 3, "model": {"hidden": 4},
                         "task": {"bits": 2, "steps": 10}})");
}

// A rows x cols matrix with distinct entries, and the same as nested JSON rows (C order).
Eigen::MatrixXd distinct(Eigen::Index rows, Eigen::Index cols, double offset) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = offset + 0.1 * double(i) - 0.03 * double(j);
  return m;
}
json nested(const Eigen::MatrixXd& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
    rows.push_back(row);
  }
  return rows;
}
json flat(const Eigen::VectorXd& v) { return json(std::vector<double>(v.data(), v.data() + v.size())); }

RnnParameters initial(const json& config) { return TrainExperiment(config).parameters(); }

}  // namespace

TEST_CASE("model.weights: given blocks replace the seeded ones, in C order", "[train][init]") {
  const RnnParameters seeded = initial(tiny_config());
  const Eigen::MatrixXd W = distinct(4, 4, 0.2), U = distinct(4, 2, -0.5), C = distinct(2, 4, 0.7);
  const Eigen::VectorXd b = distinct(4, 1, 0.01).col(0), c = distinct(2, 1, -0.02).col(0);

  SECTION("W alone, as nested rows: the other blocks keep their seeded values") {
    json config = tiny_config();
    config["model"]["weights"]["W"] = nested(W);
    const RnnParameters p = initial(config);
    CHECK(p.W() == W);
    CHECK(p.U() == seeded.U());
    CHECK(p.C() == seeded.C());
  }
  SECTION("every block, W as {shape, data} in C order") {
    json config = tiny_config();
    std::vector<double> data;
    for (Eigen::Index i = 0; i < 4; ++i)
      for (Eigen::Index j = 0; j < 4; ++j) data.push_back(W(i, j));
    config["model"]["weights"] = {{"W", {{"shape", {4, 4}}, {"data", data}}}, {"U", nested(U)},
                                  {"b", flat(b)}, {"C", nested(C)}, {"c", flat(c)}};
    const RnnParameters p = initial(config);
    CHECK(p.W() == W);
    CHECK(p.U() == U);
    CHECK(p.b().col(0) == b);
    CHECK(p.C() == C);
    CHECK(p.c().col(0) == c);
    SECTION("the result echoes the shapes, not the values") {
      const Result r = run_experiment(config.dump());
      CHECK(r.config["model"]["weights"]["W"] == json({{"shape", {4, 4}}}));
      CHECK(r.config["model"]["weights"]["c"] == json({{"shape", {2}}}));
    }
  }
  SECTION("model.rank truncates the given W (same Frobenius norm)") {
    json config = tiny_config();
    config["model"]["weights"]["W"] = nested(W);
    config["model"]["rank"] = 1;
    CHECK(initial(config).W().isApprox(low_rank(W, 1), 1e-14));
  }
  SECTION("a frozen given block stays as given through training") {
    json config = tiny_config();
    config["model"]["weights"]["W"] = nested(W);
    config["trainable"]["W"] = false;
    TrainExperiment e(config);
    e.step(3);
    CHECK(e.parameters().W() == W);
  }
}

TEST_CASE("model.fixed_point plants d as a fixed point of the current cell", "[train][init]") {
  json config = tiny_config();
  config["model"]["cell"] = "current";
  const Eigen::VectorXd d = (Eigen::VectorXd(4) << 0.5, -1.0, 0.25, 2.0).finished();
  config["model"]["fixed_point"] = flat(d);
  const RnnParameters p = initial(config);
  // h = W tanh(h): with no input and no bias the current cell stays at d.
  CHECK((p.W() * d.array().tanh().matrix() - d).norm() < 1e-12 * d.norm());

  SECTION("after the given W and the rank truncation, in that order") {
    const Eigen::MatrixXd W = distinct(4, 4, 0.2);
    config["model"]["weights"]["W"] = nested(W);
    config["model"]["rank"] = 2;
    CHECK(initial(config).W().isApprox(plant_fixed_point(low_rank(W, 2), d), 1e-14));
  }
}

TEST_CASE("model.weights and model.fixed_point: bad input names the field", "[train][init][bad-input]") {
  const auto refused = [](const std::string& patch) {
    json config = tiny_config();
    config.merge_patch(json::parse(patch));
    return make_experiment(config.dump());
  };
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": {"W": [[1, 2, 3], [4, 5, 6]]}}})"),
                    "model.weights.W: must have shape [4, 4] (model.hidden x model.hidden), got [2, 3]");
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": {"U": [[1, 2, 3, 4]]}}})"),
                    "model.weights.U: must have shape [4, 2] (model.hidden x task inputs), got [1, 4]");
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": {"c": [1, 2, 3]}}})"),
                    "model.weights.c: must have shape [2] (task outputs), got [3]");
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": {"W": [1, 2, 3, 4]}}})"),
                    Contains("model.weights.W: must be a 2-d array (model.hidden x model.hidden)"));
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": {"V": [[1]]}}})"),
                    "model.weights.V: unknown field; allowed here: W, U, b, C, c");
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": [1]}})"), Contains("model.weights: must be an object"));
  CHECK_THROWS_WITH(refused(R"({"model": {"bias": false, "weights": {"b": [1, 2, 3, 4]}}})"),
                    "model.weights.b: the network has no bias (model.bias is false)");
  CHECK_THROWS_WITH(refused(R"({"model": {"weights": {"b": [1, null, 3, 4]}}})"),
                    Contains("model.weights.b[1]: must be a finite number, got null"));
  CHECK_THROWS_WITH(refused(R"({"model": {"fixed_point": [1, 2, 3, 4]}})"),
                    "model.fixed_point: needs model.cell \"current\" (a fixed point of h = W phi(h)), got \"rate\"");
  CHECK_THROWS_WITH(refused(R"({"model": {"cell": "current", "activation": "relu", "fixed_point": [1, 2, 3, 4]}})"),
                    "model.fixed_point: needs model.activation \"tanh\" (SCIENCE.md 1.7), got \"relu\"");
  CHECK_THROWS_WITH(refused(R"({"model": {"cell": "current", "fixed_point": [0, 0, 0, 0]}})"),
                    "model.fixed_point: must not be all zeros (h = 0 is always a fixed point)");
  CHECK_THROWS_WITH(refused(R"({"model": {"cell": "current", "fixed_point": [1, 2]}})"),
                    "model.fixed_point: must have shape [4] (model.hidden), got [2]");
}
