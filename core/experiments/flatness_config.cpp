// Reading and validating the config of the flatness experiment (README.md, "The flatness experiment").
#include <algorithm>

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "experiments/flatness_experiment.hpp"
#include "tasks/dataset.hpp"

namespace rnnbook {

namespace {

constexpr int kMaxDepth = 16, kMaxWidth = 1024;
constexpr std::int64_t kMaxPoints = 100000;

std::vector<int> read_widths(Fields& model) {
  const std::string name = model.name("hidden");
  const json* v = model.raw("hidden");
  std::vector<int> widths = {64, 64, 64};
  if (v) {
    const std::string msg = name + ": must be an array of 0 to " + std::to_string(kMaxDepth) +
                            " hidden-layer widths, each an integer in [1, " + std::to_string(kMaxWidth) + "], got " +
                            (v->dump().size() > 40 ? v->dump().substr(0, 37) + "..." : v->dump());
    if (!v->is_array() || v->size() > std::size_t(kMaxDepth)) throw Error(msg);
    widths.clear();
    for (const json& w : *v) {
      if (!w.is_number_integer() || w.get<std::int64_t>() < 1 || w.get<std::int64_t>() > kMaxWidth) throw Error(msg);
      widths.push_back(int(w.get<std::int64_t>()));
    }
  }
  model.fill("hidden", widths);
  return widths;
}

// An (n, width) array of the config as a width x n matrix (C order (n, w) is column-major w x n).
Eigen::MatrixXd read_points(Fields& f, const char* key, const char* axes) {
  const ResultArray a = read_config_array(*f.raw(key), f.name(key), 2, axes, kMaxDatasetValues);
  if (a.shape[0] > std::size_t(kMaxPoints))
    throw Error(f.name(key) + ": " + std::to_string(a.shape[0]) + " points, over the limit of " +
                std::to_string(kMaxPoints));
  if (a.shape[1] > std::size_t(kMaxWidth))
    throw Error(f.name(key) + ": " + std::to_string(a.shape[1]) + " columns, over the limit of " +
                std::to_string(kMaxWidth));
  f.fill(key, {{"shape", a.shape}});
  return Eigen::Map<const Eigen::MatrixXd>(a.data.data(), Eigen::Index(a.shape[1]), Eigen::Index(a.shape[0]));
}

void parse_data(Fields& data, FlatnessConfig& c) {
  c.clusters = data.choice("name", "clusters", {"clusters", "dataset"}) == "clusters";
  if (c.clusters) {
    c.cluster.classes = int(data.integer("classes", 10, 2, 1024));
    c.cluster.dim = int(data.integer("dim", 20, 1, kMaxWidth));
    c.cluster.noise = data.number("noise", 1.0, 0.0, 100.0);
    c.cluster.scale = data.number("scale", 0.7071067811865476, 0.0, 100.0, true, false);
    c.train_points = data.integer("train", 1000, 1, kMaxPoints);
    c.test_points = data.integer("test", 1000, 0, kMaxPoints);
    const auto check_values = [&](const char* key, Eigen::Index n) {
      const double values = double(n) * c.cluster.dim;
      if (values > double(kMaxDatasetValues))
        throw Error(data.name(key) + ": " + key + " x dim = " + std::to_string(std::int64_t(values)) +
                    " values, over the limit of " + std::to_string(kMaxDatasetValues));
    };
    check_values("train", c.train_points);
    check_values("test", c.test_points);
    c.shape.inputs = c.cluster.dim;
    c.shape.outputs = c.cluster.classes;
  } else {
    for (const char* key : {"inputs", "targets"})
      if (!data.raw(key))
        throw Error(data.name(key) + ": missing; the dataset needs inputs (n, d) and targets (n, k)");
    c.user_train.x = read_points(data, "inputs", "(n, d)");
    c.user_train.y = read_points(data, "targets", "(n, k)");
    if (c.user_train.y.cols() != c.user_train.x.cols())
      throw Error(data.name("targets") + ": " + std::to_string(c.user_train.y.cols()) + " rows, but " +
                  data.name("inputs") + " has " + std::to_string(c.user_train.x.cols()) + "; one target row per point");
    const bool test_x = data.raw("test_inputs") != nullptr, test_y = data.raw("test_targets") != nullptr;
    if (test_x != test_y)
      throw Error(data.name(test_x ? "test_targets" : "test_inputs") +
                  ": missing; test_inputs and test_targets come together");
    if (test_x) {
      c.user_test.x = read_points(data, "test_inputs", "(m, d)");
      c.user_test.y = read_points(data, "test_targets", "(m, k)");
      if (c.user_test.x.rows() != c.user_train.x.rows())
        throw Error(data.name("test_inputs") + ": " + std::to_string(c.user_test.x.rows()) +
                    " columns, but inputs have " + std::to_string(c.user_train.x.rows()));
      if (c.user_test.y.rows() != c.user_train.y.rows() || c.user_test.y.cols() != c.user_test.x.cols())
        throw Error(data.name("test_targets") + ": must be (" + std::to_string(c.user_test.x.cols()) + ", " +
                    std::to_string(c.user_train.y.rows()) + ") to match test_inputs and targets");
    }
    c.train_points = c.user_train.points();
    c.test_points = c.user_test.points();
    c.shape.inputs = int(c.user_train.x.rows());
    c.shape.outputs = int(c.user_train.y.rows());
  }
  data.finish();
}

}  // namespace

FlatnessConfig FlatnessConfig::parse(const json& config) {
  FlatnessConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "flatness", {"flatness"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));
  c.steps = root.integer("steps", 6000, 0, 1000000);
  c.precision = read_precision(root);
  c.batch_size = int(root.integer("batch_size", 8, 1, 4096));
  c.loss = loss_from_name(root.choice("loss", "mse", {"mse", "cross_entropy"}));

  Fields data = root.object("data");
  parse_data(data, c);

  Fields model = root.object("model");
  c.shape.hidden = read_widths(model);
  c.shape.activation =
      activation_from_name(model.choice("activation", "tanh", {"tanh", "relu", "softplus", "identity"}));
  model.finish();
  if (c.shape.parameter_count() > kMaxMlpParameters)
    throw Error("model.hidden: the network has " + std::to_string(c.shape.parameter_count()) +
                " parameters, over the limit of " + std::to_string(kMaxMlpParameters) + "; use fewer or narrower layers");

  Fields opt = root.object("optimizer");
  c.optimizer = opt.choice("name", "sgd", {"sgd", "adam"});
  const double lr = opt.number("lr", c.optimizer == "sgd" ? 0.1 : 1e-3, 0.0, 10.0, true, false);
  if (c.optimizer == "sgd") {
    c.sgd.lr = lr;
    c.sgd.momentum = opt.number("momentum", 0.0, 0.0, 1.0, false, true);
    c.sgd.weight_decay = opt.number("weight_decay", 0.0, 0.0, 10.0);
  } else {
    c.adam.lr = lr;
    c.adam.beta1 = opt.number("beta1", 0.9, 0.0, 1.0, false, true);
    c.adam.beta2 = opt.number("beta2", 0.999, 0.0, 1.0, false, true);
    c.adam.eps = opt.number("eps", 1e-8, 0.0, 1.0, true, false);
    c.adam.weight_decay = opt.number("weight_decay", 0.0, 0.0, 10.0);
  }
  opt.finish();

  Fields m = root.object("measures");
  c.every = m.integer("every", 500, 1, 1000000);
  c.points = m.integer("points", std::min<std::int64_t>(300, c.train_points), 1, c.train_points);
  const int most = std::min(c.shape.inputs, c.shape.outputs);
  c.log_volume_rank = int(m.integer("log_volume_rank", std::min(3, most), 1, most));
  const Eigen::Index held = c.test_points > 0 ? c.test_points : c.train_points;
  c.layer_points = m.integer("layer_points", std::min<Eigen::Index>(1000, held), 0, held);
  if (c.layer_points == 1)
    throw Error(m.name("layer_points") + ": must be 0 (off) or an integer in [2, " + std::to_string(held) +
                "] (a covariance needs two points), got 1");
  c.layer_twonn = m.boolean("layer_twonn", true);
  c.hessian_samples = int(m.integer("hessian_samples", 0, 0, 10000));
  if (c.hessian_samples == 1)
    throw Error(m.name("hessian_samples") + ": must be 0 (off) or an integer in [2, 10000] (a standard error needs two probes), got 1");
  c.hessian_iterations = int(m.integer("hessian_iterations", 0, 0, 10000));
  c.hessian_tol = m.number("hessian_tol", 1e-3, 0.0, 1.0, true, true);
  m.finish();
  root.finish();
  return c;
}

}  // namespace rnnbook
