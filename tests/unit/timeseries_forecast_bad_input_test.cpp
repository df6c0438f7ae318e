// The "forecast" experiment refuses bad configs with messages that name the field and the range,
// before allocating.
#include <catch2/catch.hpp>

#include <cmath>

#include "experiments/experiment.hpp"

using namespace rnnbook;

namespace forecast_bad_input_test {

void refuses(const std::string& config, const std::string& part) {
  INFO(config);
  CHECK_THROWS_WITH(make_experiment(config), Catch::Contains(part));
}

}  // namespace forecast_bad_input_test

using namespace forecast_bad_input_test;

TEST_CASE("forecast experiment: bad input names the field", "[forecast-experiment]") {
  refuses(R"({"kind": "forecast", "lead": 5})", "lead");
  refuses(R"({"kind": "forecast", "data": {"name": "widefield"}})", "data.name");
  refuses(R"({"kind": "forecast", "data": {"frames": 50}})", "data.frames");
  refuses(R"({"kind": "forecast", "data": {"frames": 1e9}})", "data.frames");
  refuses(R"({"kind": "forecast", "data": {"tau_u": 0}})", "data.tau_u");
  // dt / tau_u = 2.01 at 35 Hz: the generator's Euler step blew up and the run failed with "scaling: channel 0
  // is constant over the training rows"; 0.0143 (dt / tau_u = 1.998) runs.
  refuses(R"({"kind": "forecast", "data": {"tau_u": 0.0142}})",
          "data.tau_u: must be greater than half a frame, 1 / (2 x 35.0 Hz) = 0.014285714285714285 s, for a stable Euler "
          "step; got 0.0142");
  const Result r = run_experiment(R"({"kind": "forecast", "data": {"frames": 1000, "tau_u": 0.0143}, "leads": 10,
    "validation": {"leads": 5}, "models": {"ar": {"max_order": 5}, "var": {"max_order": 3}}})");
  CHECK(std::isfinite(r.scalars.at("var_informative_horizon_s")));
  refuses(R"({"kind": "forecast", "data": {"name": "series"}})", "data.values: missing");
  refuses(R"({"kind": "forecast", "data": {"name": "series", "values": [1, 2, null]}})", "data.values");
  refuses(R"({"kind": "forecast", "data": {"name": "series", "values": [1, 2, 3]}})", "too short");
  refuses(R"({"kind": "forecast", "data": {"name": "series", "values": {"shape": [2, 2, 2], "data": [1,2,3,4,5,6,7,8]}}})",
          "data.values");
  refuses(R"({"kind": "forecast", "data": {"name": "series", "values": {"shape": [100000000, 2], "data": []}}})",
          "over the limit");
  refuses(R"({"kind": "forecast", "split": {"train": 0.9, "validation": 0.2}})", "split.validation");
  refuses(R"({"kind": "forecast", "leads": 0})", "leads");
  refuses(R"({"kind": "forecast", "models": {"var": {"max_order": 900}}})", "models.var.max_order");
  refuses(R"({"kind": "forecast", "models": {"gru": {"horizon": 500}}})", "models.gru.horizon");
  refuses(R"({"kind": "forecast", "models": {"gru": {"enable": true}}})", "models.gru.enable");
  refuses(R"({"kind": "forecast", "models": {"patchtst": {}}})", "models.patchtst");
  refuses(R"({"kind": "forecast", "report": {"mwql_leads": [200]}})", "report.mwql_leads");
  refuses(R"({"kind": "forecaster"})", "kind");
  // Too short for the orders or the horizons: refused before any work, naming the field.
  refuses(R"({"kind": "forecast", "data": {"frames": 400}, "leads": 10})",
          "models.ar.max_order: 140 lags need more than 141 training rows after the first 140; the training segment has "
          "240 rows (400 frames, split.train 0.6, split.validation 0.2)");
  refuses(R"({"kind": "forecast", "data": {"frames": 400}, "leads": 10, "models": {"ar": {"max_order": 40}}})",
          "models.var.max_order: 60 lags need more than 241 training rows");
  refuses(R"({"kind": "forecast", "data": {"frames": 1000}, "leads": 201})",
          "leads: 201 leads do not fit the test segment of 200 rows (1000 frames, split.train 0.6, split.validation 0.2)");
  refuses(R"({"kind": "forecast", "data": {"frames": 1000}, "leads": 100, "validation": {"leads": 201}})",
          "validation.leads: 201 leads do not fit the validation segment of 200 rows");
  refuses(R"({"kind": "forecast", "data": {"frames": 1000}, "models": {"ar": {"max_order": 20}, "var": {"max_order": 5},
          "gru": {"enabled": true, "context": 600}}})", "models.gru.context: a context of 600");
  // At the limit: 1000 frames hold AR(20), VAR(5), 100 leads and the GRU's default context of 70.
  CHECK_NOTHROW(make_experiment(R"({"kind": "forecast", "data": {"frames": 1000}, "leads": 100,
    "models": {"ar": {"max_order": 20}, "var": {"max_order": 5}, "gru": {"enabled": true}}})"));
}

TEST_CASE("forecast experiment: a noise-free generated series is refused, naming data.sigma_u and data.sigma_obs", "[forecast-experiment]") {
  // Both 0: at 101 frames the run failed with "scaling: channel 0 is constant over the training rows", at the
  // default 21000 frames the relative MWQLs were 0 / 0 (NaN) and x / 0 (infinity).
  refuses(R"({"kind": "forecast", "data": {"frames": 101, "sigma_u": 0, "sigma_obs": 0}, "leads": 10,
    "validation": {"leads": 5}, "models": {"ar": {"max_order": 5}, "var": {"max_order": 3}}})",
          "data.sigma_u, data.sigma_obs: at least one must be > 0 (each allowed [0, 10])");
  // Either alone runs.
  const Result r = run_experiment(R"({"kind": "forecast", "data": {"frames": 1000, "sigma_u": 0}, "leads": 10,
    "validation": {"leads": 5}, "models": {"ar": {"max_order": 5}, "var": {"max_order": 3}}})");
  CHECK(std::isfinite(r.scalars.at("ar_mwql_rel_" + std::to_string(10))));
}
