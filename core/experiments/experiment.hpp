#pragma once
// The one entry point both fronts (wasm and the CLI) use: a JSON config in, an Experiment out.
// Long experiments advance in chunks with step(n) so a front end can draw partial results,
// report progress and stop; result() returns what has been done so far.
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "experiments/checkpoint.hpp"
#include "experiments/result.hpp"

namespace rnnbook {

// Thrown by step() when the numbers stopped being finite; the experiment keeps its last finite
// state, so result() and snapshot() still work.
class Diverged : public Error {
 public:
  using Error::Error;
};

class Experiment {
 public:
  virtual ~Experiment() = default;

  virtual long step(long n) = 0;       // does up to n units of work; returns how many it did
  virtual long position() const = 0;   // units done
  virtual long total() const = 0;      // units planned
  bool done() const { return position() >= total(); }

  // Values of a recorded series (e.g. "loss") from index `from` on, for live curves.
  virtual std::vector<double> series(const std::string& name, long from) const = 0;

  virtual Result result() = 0;

  // The state that decides the rest of the run (weights, optimiser state, RNG, step index):
  // restore() of a snapshot into a fresh experiment of the same config continues bit for bit.
  // Kinds without state throw rnnbook::Error; has_state() says which is which (the CLI writes a
  // checkpoint only for kinds with state).
  virtual Checkpoint snapshot() const;
  virtual void restore(const Checkpoint& checkpoint);
  virtual bool has_state() const { return false; }
};

// The values of a recorded series from index `from` on (none past its end; from < 0 is 0): what every
// kind's series() returns once it has picked the vector.
std::vector<double> series_from(const std::vector<double>& values, long from);

// Validates the config (kind picks the experiment) and builds the experiment; throws
// rnnbook::Error naming the field on bad input.
std::unique_ptr<Experiment> make_experiment(const std::string& config_json);

// Runs an experiment to the end.
Result run_experiment(const std::string& config_json);

}  // namespace rnnbook
