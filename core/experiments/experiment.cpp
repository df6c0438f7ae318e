#include "experiments/experiment.hpp"

#include "common/error.hpp"
#include "experiments/causality_experiment.hpp"
#include "experiments/flatness_experiment.hpp"
#include "experiments/forecast_experiment.hpp"
#include "experiments/lowrank_experiment.hpp"
#include "experiments/measure_experiment.hpp"
#include "experiments/pitchfork_experiment.hpp"
#include "experiments/sample_experiment.hpp"
#include "experiments/sntk_experiment.hpp"
#include "experiments/switching_experiment.hpp"
#include "experiments/train_experiment.hpp"

namespace rnnbook {

Checkpoint Experiment::snapshot() const { throw Error("snapshot: this experiment has no saved state"); }

void Experiment::restore(const Checkpoint&) { throw Error("restore: this experiment has no saved state"); }

std::vector<double> series_from(const std::vector<double>& values, long from) {
  if (from < 0) from = 0;
  if (from >= long(values.size())) return {};
  return {values.begin() + from, values.end()};
}

std::unique_ptr<Experiment> make_experiment(const std::string& config_json) {
  const json config = parse_config_text(config_json);
  if (!config.is_object()) throw Error("config: must be a JSON object");
  auto it = config.find("kind");
  const char* const allowed = "must be one of \"train\", \"sntk\", \"pitchfork\", \"measure\", \"sample\", \"flatness\", \"forecast\", \"switching\", \"causality\", \"lowrank\"";
  if (it == config.end()) throw Error(std::string("kind: missing; ") + allowed);
  if (it->is_string() && *it == "train") return std::make_unique<TrainExperiment>(config);
  if (it->is_string() && *it == "sntk") return std::make_unique<SntkExperiment>(config);
  if (it->is_string() && *it == "pitchfork") return std::make_unique<PitchforkExperiment>(config);
  if (it->is_string() && *it == "measure") return std::make_unique<MeasureExperiment>(config);
  if (it->is_string() && *it == "sample") return std::make_unique<SampleExperiment>(config);
  if (it->is_string() && *it == "flatness") return std::make_unique<FlatnessExperiment>(config);
  if (it->is_string() && *it == "forecast") return std::make_unique<ForecastExperiment>(config);
  if (it->is_string() && *it == "switching") return std::make_unique<SwitchingExperiment>(config);
  if (it->is_string() && *it == "causality") return std::make_unique<CausalityExperiment>(config);
  if (it->is_string() && *it == "lowrank") return std::make_unique<LowRankExperiment>(config);
  throw Error(std::string("kind: ") + allowed + ", got " + it->dump());
}

Result run_experiment(const std::string& config_json) {
  auto e = make_experiment(config_json);
  while (!e->done()) e->step(e->total() - e->position());
  return e->result();
}

}  // namespace rnnbook
