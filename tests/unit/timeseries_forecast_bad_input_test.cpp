// The "forecast" experiment refuses bad configs with messages that name the field and the range,
// before allocating.
#include <catch2/catch.hpp>

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
  // Too short for the orders: the regression's message, at the first step.
  auto e = make_experiment(R"({"kind": "forecast", "data": {"frames": 400}, "leads": 10})");
  CHECK_THROWS_WITH(e->step(1), Catch::Contains("cannot fit"));
}
