// Reading and validating the config of the causality experiment.
#include <Eigen/Eigenvalues>

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "experiments/causality_experiment.hpp"
#include "timeseries/series_input.hpp"
#include "timeseries/standardize.hpp"

namespace rnnbook {

namespace {
constexpr std::int64_t kMaxCausalitySteps = 100000;
constexpr int kMaxCausalityNeurons = 64;

// A neuron that is a copy (or a linear combination) of others makes the lagged regressions singular:
// refused here rather than after the first step. Lag k of an order-p regression on targets [p, end)
// reads rows [p - k, end - k); every such window holds rows [max_order - 1, end - max_order), so
// independence there suffices. The smallest eigenvalue of the neurons' covariance is round-off
// (about 1e-16 of the largest) for an exact dependence.
void check_independent_neurons(const Eigen::MatrixXd& y, Eigen::Index first, Eigen::Index end, const std::string& field) {
  const auto rows = y.middleRows(first, end - first);
  const Eigen::MatrixXd z = rows.rowwise() - rows.colwise().mean();
  const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(z.transpose() * z, Eigen::EigenvaluesOnly).eigenvalues();
  if (!(ev(0) > 1e-12 * ev(ev.size() - 1)))
    throw Error(field + ": the neurons are linearly dependent over the Granger rows (rows " + std::to_string(first) + " to " +
                std::to_string(end - 1) + "), e.g. a duplicated neuron or one that is the sum of others; Granger causality "
                "needs independent neurons");
}
}  // namespace

CausalityConfig CausalityConfig::parse(const json& config) {
  CausalityConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "causality", {"causality"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));

  Fields data = root.object("data");
  c.data = data.choice("name", "rate", {"rate", "izhikevich", "series"});
  Eigen::Index rows = 0, neurons = 0;
  if (c.data == "rate") {
    RateNetworkSettings& r = c.rate;
    r.neurons = int(data.integer("neurons", 20, 2, kMaxCausalityNeurons));
    r.density = data.number("density", 0.2, 0.0, 1.0, true, false);
    r.gain = data.number("g", 1.6, 0.0, 10.0);
    r.noise = data.number("sigma", 1.0, 0.0, 10.0, true, false);  // without noise the network settles: constant neurons
    r.dt = data.number("dt", 0.1, 0.0, 1.0, true, false);
    r.sub = int(data.integer("sub", 10, 1, 100));
    r.samples = data.integer("samples", 5000, 100, kMaxCausalitySteps);
    r.burn_in = data.integer("burn_in", 500, 0, kMaxCausalitySteps);
    rows = r.samples, neurons = r.neurons;
  } else if (c.data == "izhikevich") {
    IzhikevichSettings& z = c.izhikevich;
    z.neurons = int(data.integer("neurons", 20, 2, kMaxCausalityNeurons));
    z.density = data.number("density", 0.2, 0.0, 1.0, true, false);
    z.strength = data.number("strength", 5.0, 0.0, 100.0);
    z.input_mean = data.number("input_mean", 5.0, -100.0, 100.0);
    z.input_var = data.number("input_var", 5.0, 0.0, 100.0);
    z.steps = data.integer("steps", 5000, 100, kMaxCausalitySteps);
    rows = z.steps, neurons = z.neurons;
  } else {
    if (!data.raw("values")) throw Error(data.name("values") + ": missing; a recording is (T, neurons), rows are time");
    const ResultArray a = read_config_array(*data.raw("values"), data.name("values"), 2, "(T, neurons)", kMaxSeriesValues);
    if (a.shape[1] > std::size_t(kMaxCausalityNeurons) || a.shape[1] < 2)
      throw Error(data.name("values") + ": " + std::to_string(a.shape[1]) + " neurons; allowed 2 to " +
                  std::to_string(kMaxCausalityNeurons));
    const Eigen::MatrixXd y = series_from_array(a.shape, a.data, data.name("values"), 100);
    c.user_series = fit_scaling(y, 0, y.rows()).to_z(y);
    data.fill("values", {{"shape", a.shape}});
    if (const json* w = data.raw("weights")) {
      const ResultArray b = read_config_array(*w, data.name("weights"), 2, "(neurons, neurons)", 4096);
      if (b.shape[0] != a.shape[1] || b.shape[1] != a.shape[1])
        throw Error(data.name("weights") + ": must be (" + std::to_string(a.shape[1]) + ", " + std::to_string(a.shape[1]) +
                    "), one row per target neuron, got " + shape_text(b.shape));
      c.user_weights = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          b.data.data(), Eigen::Index(b.shape[0]), Eigen::Index(b.shape[1]));
      data.fill("weights", {{"shape", b.shape}});
    }
    rows = c.user_series.rows(), neurons = c.user_series.cols();
  }
  data.finish();

  Fields granger = root.object("granger");
  c.granger_max_order = int(granger.integer("max_order", 10, 1, 50));
  c.granger_fraction = granger.number("fraction", 0.8, 0.0, 1.0, true, false);
  granger.finish();
  const double dim = 1.0 + double(c.granger_max_order) * double(neurons);
  if (double(rows) * c.granger_fraction - c.granger_max_order <= dim)
    throw Error("granger.max_order: " + std::to_string(c.granger_max_order) + " lags of " + std::to_string(neurons) +
                " neurons need more than " + std::to_string(std::int64_t(dim)) + " rows in the Granger segment; the recording has " +
                std::to_string(rows) + " rows x granger.fraction " + shown_value(json(c.granger_fraction)));
  if (c.data == "series")
    check_independent_neurons(c.user_series, c.granger_max_order - 1,
                              Eigen::Index(c.granger_fraction * double(rows)) - c.granger_max_order, data.name("values"));

  Fields split = root.object("split");
  c.train_fraction = split.number("train", 0.6, 0.0, 1.0, true, true);
  c.test_fraction = split.number("test", 0.2, 0.0, 1.0 - c.train_fraction, true, false);
  split.finish();

  Fields att = root.object("attention");
  c.attention = att.boolean("enabled", true);
  AttentionSettings& s = c.attention_settings;
  s.context = int(att.integer("context", 10, 1, 100));
  s.width = int(att.integer("width", 32, 1, 256));
  s.heads = int(att.integer("heads", 2, 1, 16));
  s.key_width = int(att.integer("key_width", 16, 1, 128));
  s.hidden = int(att.integer("hidden", 32, 1, 256));
  s.epochs = int(att.integer("epochs", 40, 0, 1000));
  s.batch = int(att.integer("batch", 32, 1, 1024));
  s.lr = att.number("lr", 2e-3, 0.0, 1.0, true, false);
  s.weight_decay = att.number("weight_decay", 1e-3, 0.0, 1.0);
  s.warmup = att.number("warmup", 0.1, 0.0, 1.0, false, true);
  c.attention_seed = std::uint64_t(att.integer("seed", std::int64_t(1000 * c.seed), 0, INT64_C(9007199254740991)));
  att.finish();
  // At least one training window, and two test windows: the R^2 of a single target is undefined.
  const double train_windows = double(rows) * c.train_fraction - s.context;
  if (c.attention && (train_windows < 1 || double(rows) * c.test_fraction < s.context + 2))
    throw Error("attention.context: windows of " + std::to_string(s.context) + " steps do not fit the " +
                std::to_string(rows) + "-row recording's training and test segments (the test segment needs " +
                std::to_string(s.context + 2) + " rows for two windows); lower attention.context or raise split.test");
  if (c.attention && train_windows / s.batch * s.epochs > 1e6)
    throw Error("attention.epochs: " + std::to_string(s.epochs) + " epochs make over 1e6 training steps");
  root.finish();
  return c;
}

}  // namespace rnnbook
