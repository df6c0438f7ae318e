#include "experiments/task_config.hpp"

#include "common/error.hpp"
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

}  // namespace

std::shared_ptr<const Task> parse_task(Fields& f) {
  const std::string name =
      f.choice("name", "flip_flop", {"flip_flop", "memory_pro", "two_afc", "context", "sine_wave"});
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
