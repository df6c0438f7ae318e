#include "experiments/experiment.hpp"

#include "common/error.hpp"
#include "experiments/measure_experiment.hpp"
#include "experiments/train_experiment.hpp"

namespace rnnbook {

Checkpoint Experiment::snapshot() const { throw Error("snapshot: this experiment has no saved state"); }

void Experiment::restore(const Checkpoint&) { throw Error("restore: this experiment has no saved state"); }

std::unique_ptr<Experiment> make_experiment(const std::string& config_json) {
  const json config = parse_config_text(config_json);
  if (!config.is_object()) throw Error("config: must be a JSON object");
  auto it = config.find("kind");
  if (it == config.end()) throw Error("kind: missing; must be one of \"train\", \"measure\"");
  if (it->is_string() && *it == "train") return std::make_unique<TrainExperiment>(config);
  if (it->is_string() && *it == "measure") return std::make_unique<MeasureExperiment>(config);
  throw Error("kind: must be one of \"train\", \"measure\", got " + it->dump());
}

Result run_experiment(const std::string& config_json) {
  auto e = make_experiment(config_json);
  while (!e->done()) e->step(e->total() - e->position());
  return e->result();
}

}  // namespace rnnbook
