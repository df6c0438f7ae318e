// Reading and validating the config of the forecast experiment.
#include <algorithm>

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "experiments/forecast_experiment.hpp"
#include "timeseries/series_input.hpp"

namespace rnnbook {

namespace {
constexpr std::int64_t kMaxForecastFrames = 200000;
constexpr std::int64_t kMaxForecastLeads = 1000;

// The series must hold the orders and horizons asked for (the split's rows as chronological_split
// cuts them); each refusal names the field to change, before anything is allocated.
void check_forecast_lengths(const ForecastConfig& c, Eigen::Index frames, int validation_leads) {
  const ForecastBenchmarkSettings& b = c.bench;
  const Eigen::Index train_end = Eigen::Index(double(frames) * b.train_fraction);
  const Eigen::Index validation_end = Eigen::Index(double(frames) * (b.train_fraction + b.validation_fraction));
  const std::string rows = " (" + std::to_string(frames) + " frames, split.train " + shown_value(json(b.train_fraction)) +
                           ", split.validation " + shown_value(json(b.validation_fraction)) + ")";
  if (validation_end - 1 + b.leads >= frames)
    throw Error("leads: " + std::to_string(b.leads) + " leads do not fit the test segment of " +
                std::to_string(frames - validation_end) + " rows" + rows + "; lower leads or give a longer series");
  if (train_end - 1 + validation_leads >= validation_end)
    throw Error("validation.leads: " + std::to_string(validation_leads) + " leads do not fit the validation segment of " +
                std::to_string(validation_end - train_end) + " rows" + rows + "; lower validation.leads");
  const double channels = c.generated ? 4.0 : double(c.user_series.cols());
  const auto check_order = [&](const char* field, int p, double width) {
    const double regressors = 1 + p * width;
    if (double(train_end - p) <= regressors)
      throw Error(std::string(field) + ": " + std::to_string(p) + " lags need more than " +
                  std::to_string(std::int64_t(regressors)) + " training rows after the first " + std::to_string(p) +
                  "; the training segment has " + std::to_string(train_end) + " rows" + rows +
                  "; lower it or give a longer series");
  };
  check_order("models.ar.max_order", b.ar.max_order, 1.0);
  check_order("models.var.max_order", b.var.max_order, channels);
  const GruForecasterSettings& g = b.gru_settings;
  if (b.gru && g.context > validation_end)
    throw Error("models.gru.context: " + std::to_string(g.context) + " frames reach before the series' start from the first test origin");
  if (b.gru && train_end - g.horizon - 1 < g.context - 1)
    throw Error("models.gru.context: a context of " + std::to_string(g.context) + " and a horizon of " +
                std::to_string(g.horizon) + " do not fit the " + std::to_string(train_end) + " training rows" + rows);
}

}  // namespace

ForecastConfig ForecastConfig::parse(const json& config) {
  ForecastConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "forecast", {"forecast"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));

  Fields data = root.object("data");
  c.generated = data.choice("name", "cortex4", {"cortex4", "series"}) == "cortex4";
  if (c.generated) {
    Cortex4Settings& g = c.cortex4;
    g.frames = data.integer("frames", 21000, 100, kMaxForecastFrames);
    g.gain = data.number("g", 1.2, 0.0, 5.0);
    g.tau_u = data.number("tau_u", 0.3, 0.0, 10.0, true, false);
    // The Euler step u += (dt / tau_u)(-u + J tanh u) grows without bound once dt / tau_u >= 2.
    if (!(g.tau_u > 0.5 / g.rate_hz))
      throw Error(data.name("tau_u") + ": must be greater than half a frame, 1 / (2 x " + shown_value(json(g.rate_hz)) +
                  " Hz) = " + shown_value(json(0.5 / g.rate_hz)) + " s, for a stable Euler step; got " +
                  shown_value(json(g.tau_u)));
    g.latent_noise = data.number("sigma_u", 1.2, 0.0, 10.0);
    g.tau_ca = data.number("tau_ca", 0.35, 0.0, 10.0, true, false);
    g.global = data.number("c_glob", 0.7, 0.0, 1.0);
    g.directed = data.number("d_dir", 0.5, -5.0, 5.0);
    g.obs_noise = data.number("sigma_obs", 0.06, 0.0, 10.0);
    // Without noise the series is deterministic: every model forecasts it exactly, the Naive's MWQL is 0
    // and the relative scores 0 / 0 (or a short series is constant, and its z-scaling divides by 0).
    if (g.latent_noise == 0.0 && g.obs_noise == 0.0)
      throw Error(data.name("sigma_u") + ", " + data.name("sigma_obs") +
                  ": at least one must be > 0 (each allowed [0, 10]); a noise-free series leaves nothing to forecast");
    g.burn_in_s = data.number("burn_in_s", 20.0, 0.0, 600.0);
    c.rate_hz = g.rate_hz;
  } else {
    if (!data.raw("values")) throw Error(data.name("values") + ": missing; a series is (T) or (T, channels), rows are time");
    // (T) or (T, channels): the rank the user gave, read from the shape or the nesting.
    const json& v = *data.raw("values");
    const bool one_d = v.is_object() ? (v.contains("shape") && v["shape"].is_array() && v["shape"].size() == 1)
                                     : (v.is_array() && !v.empty() && v[0].is_number());
    const ResultArray a = read_config_array(v, data.name("values"), one_d ? 1 : 2, one_d ? "(T)" : "(T, channels)",
                                            kMaxSeriesValues);
    c.user_series = series_from_array(a.shape, a.data, data.name("values"), 10);
    data.fill("values", {{"shape", a.shape}});
    c.rate_hz = data.number("rate_hz", 35.0, 0.0, 1e6, true, false);
  }
  data.finish();
  const Eigen::Index frames = c.generated ? c.cortex4.frames : c.user_series.rows();

  Fields split = root.object("split");
  c.bench.train_fraction = split.number("train", 0.6, 0.0, 1.0, true, true);
  c.bench.validation_fraction = split.number("validation", 0.2, 0.0, 1.0 - c.bench.train_fraction, true, true);
  split.finish();

  c.bench.leads = int(root.integer("leads", std::min<std::int64_t>(105, frames / 10), 1, kMaxForecastLeads));
  c.bench.stride = int(root.integer("stride", 35, 1, kMaxForecastFrames));
  c.coverage_level = root.number("coverage", 0.8, 0.0, 1.0, true, true);

  Fields val = root.object("validation");
  const int vleads = int(val.integer("leads", std::min(35, c.bench.leads), 1, kMaxForecastLeads));
  const int vstride = int(val.integer("stride", vleads, 1, kMaxForecastFrames));
  val.finish();

  Fields models = root.object("models");
  Fields ar = models.object("ar");
  c.bench.ar = {int(ar.integer("max_order", 140, 1, 1000)), int(ar.integer("patience", 10, 1, 1000)), vleads, vstride,
                ar.number("ridge", 0.0, 0.0, 1.0)};
  ar.finish();
  Fields var = models.object("var");
  c.bench.var = {int(var.integer("max_order", 60, 1, 1000)), int(var.integer("patience", 10, 1, 1000)), vleads, vstride,
                 var.number("ridge", 1e-8, 0.0, 1.0)};
  var.finish();
  Fields gru = models.object("gru");
  c.bench.gru = gru.boolean("enabled", false);
  GruForecasterSettings& gs = c.bench.gru_settings;
  gs.context = int(gru.integer("context", 70, 1, 1000));
  gs.hidden = int(gru.integer("hidden", 32, 1, 256));
  gs.horizon = int(gru.integer("horizon", std::min(70, c.bench.leads), 1, c.bench.leads));
  gs.steps = int(gru.integer("steps", 800, 0, 100000));
  gs.batch = int(gru.integer("batch", 64, 1, 1024));
  gs.lr = gru.number("lr", 3e-3, 0.0, 1.0, true, false);
  gru.finish();
  models.finish();
  // The regression sizes before anything is allocated: (1 + p n)^2 Gram entries.
  const double channels = c.generated ? 4.0 : double(c.user_series.cols());
  const double dim = 1 + c.bench.var.max_order * channels;
  if (dim * dim > 4e6)
    throw Error("models.var.max_order: " + std::to_string(c.bench.var.max_order) + " lags of " +
                std::to_string(int(channels)) + " channels make a " + std::to_string(std::int64_t(dim)) +
                "-column regression, over the limit of 2000 columns");

  check_forecast_lengths(c, frames, vleads);

  Fields report = root.object("report");
  std::vector<int> leads;
  const json* rl = report.raw("mwql_leads");
  if (rl) {
    if (!rl->is_array() || rl->empty() || rl->size() > 20)
      throw Error(report.name("mwql_leads") + ": must be an array of 1 to 20 leads in [1, " + std::to_string(c.bench.leads) + "]");
    for (const json& v : *rl) {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > c.bench.leads)
        throw Error(report.name("mwql_leads") + ": must be an array of 1 to 20 leads in [1, " + std::to_string(c.bench.leads) +
                    "], got " + shown_value(*rl));
      leads.push_back(int(v.get<std::int64_t>()));
    }
  } else {
    for (int L : c.report_leads)
      if (L <= c.bench.leads) leads.push_back(L);
    if (leads.empty()) leads.push_back(c.bench.leads);
  }
  c.report_leads = leads;
  report.fill("mwql_leads", leads);
  report.finish();
  root.finish();
  return c;
}

}  // namespace rnnbook
