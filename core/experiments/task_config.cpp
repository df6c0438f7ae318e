#include "experiments/task_config.hpp"

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "tasks/dataset.hpp"
#include "tasks/decision.hpp"
#include "tasks/flip_flop.hpp"
#include "tasks/memory_pro.hpp"
#include "tasks/sine_wave.hpp"

namespace rnnbook {

namespace {

template <class Decision>
std::shared_ptr<const Task> parse_decision(Fields& f) {
  auto t = std::make_shared<Decision>();
  t->stim_steps = int(f.integer("stim_steps", 7, 1, 1000));
  t->decision_steps = int(f.integer("decision_steps", 1, 1, 1000));
  t->noise = f.number("noise", 0.1, 0.0, 10.0);
  return t;
}

// User data (README.md, the dataset task): the config echoes the shapes, not the values.
std::shared_ptr<const Task> parse_dataset(Fields& f) {
  const LossKind loss = loss_from_name(f.choice("loss", "mse", {"mse", "cross_entropy"}));
  const auto array = [&](const char* key, std::size_t rank, const char* axes, bool required) {
    const json* v = f.raw(key);
    if (!v) {
      if (required)
        throw Error(f.name(key) + ": missing; the dataset task needs inputs (T, B, I) and targets (T, B, O)");
      return ResultArray{};
    }
    ResultArray a = read_config_array(*v, f.name(key), rank, axes, kMaxDatasetValues);
    f.fill(key, {{"shape", a.shape}});
    return a;
  };
  const ResultArray x = array("inputs", 3, "(T, B, I)", true);
  const ResultArray y = array("targets", 3, "(T, B, O)", true);
  const ResultArray m = array("mask", 2, "(T, B)", false);
  if (x.shape[0] > kMaxDatasetSteps)
    throw Error(f.name("inputs") + ": T = " + std::to_string(x.shape[0]) + " time steps, over the limit of " +
                std::to_string(kMaxDatasetSteps));
  if (x.shape[2] > kMaxDatasetChannels)
    throw Error(f.name("inputs") + ": I = " + std::to_string(x.shape[2]) + " input channels, over the limit of " +
                std::to_string(kMaxDatasetChannels));
  if (y.shape[2] > kMaxDatasetChannels)
    throw Error(f.name("targets") + ": O = " + std::to_string(y.shape[2]) + " output channels, over the limit of " +
                std::to_string(kMaxDatasetChannels));
  Batch data;
  data.x = xt::xtensor<double, 3>::from_shape({x.shape[0], x.shape[1], x.shape[2]});
  std::copy(x.data.begin(), x.data.end(), data.x.begin());
  data.y = xt::xtensor<double, 3>::from_shape({y.shape[0], y.shape[1], y.shape[2]});
  std::copy(y.data.begin(), y.data.end(), data.y.begin());
  if (!m.data.empty()) {
    data.mask = xt::xtensor<double, 2>::from_shape({m.shape[0], m.shape[1]});
    std::copy(m.data.begin(), m.data.end(), data.mask.begin());
  }
  return std::make_shared<Dataset>(std::move(data), loss, f.name(""));
}

}  // namespace

std::shared_ptr<const Task> parse_task(Fields& f) {
  const std::string name =
      f.choice("name", "flip_flop", {"flip_flop", "memory_pro", "two_afc", "context", "sine_wave", "dataset"});
  std::shared_ptr<const Task> task;
  if (name == "flip_flop") {
    auto t = std::make_shared<FlipFlop>();
    t->bits = int(f.integer("bits", 3, 1, 16));
    t->length = int(f.integer("steps", 50, 1, 5000));
    t->pulse_prob = f.number("pulse_prob", 0.05, 0.0, 1.0);
    task = t;
  } else if (name == "memory_pro") {
    auto t = std::make_shared<MemoryPro>();
    t->stim_steps = int(f.integer("stim_steps", 30, 1, 2000));
    t->memory_steps = int(f.integer("memory_steps", 30, 0, 2000));
    t->response_steps = int(f.integer("response_steps", 30, 1, 2000));
    t->input_noise = f.number("input_noise", 0.1 * 1.4142135623730951, 0.0, 10.0);
    task = t;
  } else if (name == "two_afc") {
    task = parse_decision<TwoAlternativeChoice>(f);
  } else if (name == "context") {
    task = parse_decision<ContextDecision>(f);
  } else if (name == "dataset") {
    task = parse_dataset(f);
  } else {
    auto t = std::make_shared<SineWave>();
    t->length = int(f.integer("steps", 100, 2, 5000));
    t->min_cycles = f.number("min_cycles", 1.0, 0.0, 1000.0);
    t->max_cycles = f.number("max_cycles", 4.0, 0.0, 1000.0, true, false);
    if (t->min_cycles > t->max_cycles)
      throw Error(f.name("min_cycles") + ": must not exceed " + f.name("max_cycles"));
    task = t;
  }
  f.finish();
  return task;
}

}  // namespace rnnbook
