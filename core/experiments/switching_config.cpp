// Reading and validating the config of the switching experiment (README.md, "The switching experiment").
#include <algorithm>

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "experiments/switching_experiment.hpp"
#include "tasks/dataset.hpp"

namespace rnnbook {

namespace {

constexpr std::int64_t kMaxSwitchingSteps = 100000, kMaxSwitchingObservations = 256;
// Work and memory bounds, checked before anything is allocated: the ELBO keeps two K x (M T)
// arrays; the forecasts roll paths x horizon steps from every test step; the kNN compares every
// test step with every train step.
constexpr double kMaxElboValues = 4e6, kMaxForecastSteps = 2e7, kMaxKnnPairs = 1e8;

// A (T, width) array of the config as a width x T matrix (C order (T, w) is column-major w x T).
Eigen::MatrixXd read_series(Fields& f, const char* key, const char* axes, std::int64_t max_width) {
  const ResultArray a = read_config_array(*f.raw(key), f.name(key), 2, axes, kMaxDatasetValues);
  if (a.shape[0] > std::size_t(kMaxSwitchingSteps))
    throw Error(f.name(key) + ": " + std::to_string(a.shape[0]) + " steps, over the limit of " + std::to_string(kMaxSwitchingSteps));
  if (a.shape[1] < 1 || a.shape[1] > std::size_t(max_width))
    throw Error(f.name(key) + ": " + std::to_string(a.shape[1]) + " columns; allowed 1 to " + std::to_string(max_width));
  f.fill(key, {{"shape", a.shape}});
  return Eigen::Map<const Eigen::MatrixXd>(a.data.data(), Eigen::Index(a.shape[1]), Eigen::Index(a.shape[0]));
}

void parse_switching_data(Fields& data, SwitchingConfig& c) {
  c.nascar = data.choice("name", "nascar", {"nascar", "series"}) == "nascar";
  if (c.nascar) {
    const std::string variant = data.choice("variant", "standard", {"standard", "soft_sticky"});
    const NascarSettings d = nascar_settings(variant == "standard" ? NascarVariant::standard : NascarVariant::soft_sticky);
    c.data.variant = d.variant;
    c.data.steps = data.integer("steps", 1000, 2, kMaxSwitchingSteps);
    c.test_steps = data.integer("test_steps", 1000, 0, kMaxSwitchingSteps);
    c.data.observations = data.integer("observations", 10, 1, kMaxSwitchingObservations);
    c.data.scale = data.number("scale", d.scale, -1000.0, 1000.0);
    c.data.tau = data.number("tau", d.tau, 0.0, 100.0, true, false);
    c.data.gamma = data.number("gamma", d.gamma, -10.0, 10.0);
    c.data.noise = data.number("noise", d.noise, 0.0, 100.0);
    if (c.test_steps == 1)
      throw Error(data.name("test_steps") + ": must be 0 (score on the training data) or an integer in [2, " +
                  std::to_string(kMaxSwitchingSteps) + "], got 1");
    const auto check_values = [&](const char* key, Eigen::Index steps) {
      const double values = double(steps) * double(c.data.observations);
      if (values > double(kMaxDatasetValues))
        throw Error(data.name(key) + ": " + key + " x observations = " + std::to_string(std::int64_t(values)) +
                    " values, over the limit of " + std::to_string(kMaxDatasetValues));
    };
    check_values("steps", c.data.steps);
    check_values("test_steps", c.test_steps);
  } else {
    if (!data.raw("train")) throw Error(data.name("train") + ": missing; a series needs train (T, N)");
    c.user_train = read_series(data, "train", "(T, N)", kMaxSwitchingObservations);
    if (c.user_train.cols() < 2) throw Error(data.name("train") + ": needs at least 2 steps, got " + std::to_string(c.user_train.cols()));
    if (data.raw("test")) {
      c.user_test = read_series(data, "test", "(T, N)", kMaxSwitchingObservations);
      if (c.user_test.rows() != c.user_train.rows())
        throw Error(data.name("test") + ": " + std::to_string(c.user_test.rows()) + " columns, but train has " +
                    std::to_string(c.user_train.rows()));
      if (c.user_test.cols() < 2) throw Error(data.name("test") + ": needs at least 2 steps, got " + std::to_string(c.user_test.cols()));
    }
    const bool train_states = data.raw("train_states") != nullptr, test_states = data.raw("test_states") != nullptr;
    if (test_states && !train_states)
      throw Error(data.name("train_states") + ": missing; test_states are scored against a kNN fitted on train_states");
    if (test_states && c.user_test.size() == 0)
      throw Error(data.name("test_states") + ": given without data.test");
    if (train_states) c.user_train_states = read_series(data, "train_states", "(T, K)", 16);
    if (test_states) c.user_test_states = read_series(data, "test_states", "(T, K)", 16);
    if (train_states && c.user_train_states.cols() != c.user_train.cols())
      throw Error(data.name("train_states") + ": " + std::to_string(c.user_train_states.cols()) + " steps, but train has " +
                  std::to_string(c.user_train.cols()));
    if (test_states && (c.user_test_states.cols() != c.user_test.cols() || c.user_test_states.rows() != c.user_train_states.rows()))
      throw Error(data.name("test_states") + ": must be (" + std::to_string(c.user_test.cols()) + ", " +
                  std::to_string(c.user_train_states.rows()) + ") to match test and train_states");
    c.data.steps = c.user_train.cols();
    c.data.observations = c.user_train.rows();
    c.test_steps = c.user_test.cols();
  }
  data.finish();
}

}  // namespace

SwitchingConfig SwitchingConfig::parse(const json& config) {
  SwitchingConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "switching", {"switching"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));
  Fields data = root.object("data");
  parse_switching_data(data, c);
  const Eigen::Index N = c.data.observations, T = c.data.steps, Teval = c.test_steps > 0 ? c.test_steps : T;

  Fields model = root.object("model");
  c.shape.observations = N;
  c.shape.states = model.integer("states", 4, 1, 16);
  c.shape.projection = model.integer("projection", 2, 1, 16);
  c.tau = model.number("tau", 0.99, 0.0, 100.0, true, false);
  c.shape.posterior = model.choice("posterior", "observation", {"observation", "increment"}) == "increment"
                          ? GdmPosteriorInput::increment
                          : GdmPosteriorInput::observation;
  model.finish();
  if (c.user_train_states.size() > 0 && c.user_train_states.rows() != c.shape.states)
    throw Error("data.train_states: " + std::to_string(c.user_train_states.rows()) + " states per step, but model.states is " +
                std::to_string(c.shape.states));

  Fields tr = root.object("training");
  GdmTrainingSettings& t = c.training;
  t.max_iterations = int(tr.integer("iterations", 1000, 0, 100000));
  t.samples = int(tr.integer("samples", 10, 1, 100));
  t.learning_rate = tr.number("lr", 1e-2, 0.0, 10.0, true, false);
  t.weight_decay = tr.number("weight_decay", 1e-4, 0.0, 1.0);
  t.clip_norm = tr.number("clip_norm", 1.0, 0.0, 1e6, true, false);
  t.warmup = int(tr.integer("warmup", 200, 0, 100000));
  t.entropy_bonus = tr.boolean("entropy_bonus", true);
  t.early_stopping = tr.boolean("early_stopping", true);
  t.stop_window = int(tr.integer("stop_window", 100, 2, 100000));
  t.stop_increment = tr.number("stop_increment", 1e-4, -1e12, 1e12);
  tr.finish();
  const double elbo_values = double(t.samples) * double(T) * double(c.shape.states);
  if (elbo_values > kMaxElboValues)
    throw Error("training.samples: samples x steps x states = " + std::to_string(std::int64_t(elbo_values)) +
                " values, over the limit of " + std::to_string(std::int64_t(kMaxElboValues)));

  Fields b = root.object("baseline");
  c.baseline = b.boolean("fit", true);
  c.hard.states = int(c.shape.states);
  c.hard.max_iterations = int(b.integer("iterations", 50, 0, 1000));
  c.hard.kmeans_restarts = int(b.integer("kmeans_restarts", 10, 1, 100));
  c.hard.transition_ridge = b.number("ridge", 1e-3, 0.0, 1e6, true, false);
  c.hard.tolerance = b.number("tolerance", 1e-6, 0.0, 1.0);
  b.finish();
  if (c.baseline && T < c.shape.states + 1)
    throw Error("baseline.fit: the hard model needs at least model.states + 1 = " + std::to_string(c.shape.states + 1) +
                " training steps, got " + std::to_string(T) + "; set baseline.fit to false or give more steps");

  Fields e = root.object("evaluation");
  c.posterior_samples = int(e.integer("posterior_samples", 20, 1, 1000));
  c.horizon = int(e.integer("horizon", std::min<Eigen::Index>(10, Teval - 1), 1, Teval - 1));
  c.paths = int(e.integer("paths", 20, 1, 1000));
  c.knn = int(e.integer("knn", std::min<Eigen::Index>(10, T), 1, T));
  e.finish();
  const double rollouts = double(Teval) * double(c.paths) * double(c.horizon);
  if (rollouts > kMaxForecastSteps)
    throw Error("evaluation.paths: steps x paths x horizon = " + std::to_string(std::int64_t(rollouts)) +
                " forecast steps, over the limit of " + std::to_string(std::int64_t(kMaxForecastSteps)));
  if (double(T) * double(Teval) > kMaxKnnPairs)
    throw Error("data: train steps x test steps = " + std::to_string(std::int64_t(double(T) * double(Teval))) +
                " kNN distances, over the limit of " + std::to_string(std::int64_t(kMaxKnnPairs)));
  root.finish();
  return c;
}

}  // namespace rnnbook
