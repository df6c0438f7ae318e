// Embind layer: the JS face of core's experiment layer. No numerics here: configs go in as JSON
// strings, results come out as a JSON summary plus one Float64Array per array. A call the core
// refuses returns a placeholder and leaves its message for takeError() (guarded.hpp).
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <memory>
#include <string>
#include <vector>

#include "common/progress.hpp"
#include "experiments/experiment.hpp"
#include "guarded.hpp"

using emscripten::val;

namespace {

using rnnbook_wasm::guarded;
using rnnbook_wasm::to_f64;

class ExperimentHandle {
 public:
  explicit ExperimentHandle(std::unique_ptr<rnnbook::Experiment> e) : e_(std::move(e)) {}

  // With a progress function set, step(n) calls it, at most every interval_ms, with the fraction of its
  // n units done so far (from the core's reports inside long units: common/progress.hpp).
  double step(double n) {
    return guarded([&] {
      if (progress_.isNull() || progress_.isUndefined()) return double(e_->step(long(n)));
      const long start = e_->position();
      const rnnbook::ChunkProgressScope scope(
          long(n), [&] { return e_->position() - start; }, progress_interval_ms_, [&](double done) { progress_(done); });
      return double(e_->step(long(n)));
    });
  }
  // fn(fraction) during step() (see there), or null for none; interval_ms: the least time between calls.
  void setProgress(val fn, double interval_ms) {
    progress_ = fn;
    progress_interval_ms_ = interval_ms;
  }
  double position() const { return double(e_->position()); }
  double total() const { return double(e_->total()); }
  bool done() const { return e_->done(); }
  val series(const std::string& name, double from) const {
    return guarded([&] { return to_f64(e_->series(name, long(from))); });
  }
  // Builds the result of what has run so far; returns its JSON summary (arrays as shapes).
  std::string finish() {
    return guarded([&] {
      result_ = std::make_unique<rnnbook::Result>(e_->result());
      return result_->summary().dump();
    });
  }
  // Takes a snapshot of the state; returns its header as JSON (arrays as shapes) and keeps the
  // arrays for snapshotArray().
  std::string snapshot() {
    return guarded([&] {
      checkpoint_ = std::make_unique<rnnbook::Checkpoint>(e_->snapshot());
      return checkpoint_->summary().dump();
    });
  }
  val snapshotArray(const std::string& name) const {
    return guarded([&] {
      if (!checkpoint_) throw std::runtime_error("snapshotArray: call snapshot() first");
      return to_f64(checkpoint_->array(name).data);
    });
  }
  // header_json: a snapshot header whose "arrays" gives each array's shape; arrays: {name: typed array}.
  void restore(const std::string& header_json, val arrays) {
    guarded([&] {
      rnnbook::Checkpoint cp;
      cp.header = rnnbook::parse_config_text(header_json);
      const rnnbook::json shapes = rnnbook::checkpoint_field(cp.header, "arrays");
      cp.header.erase("arrays");
      for (auto it = shapes.begin(); it != shapes.end(); ++it) {
        auto& a = cp.arrays[it.key()];
        a.shape = rnnbook::checkpoint_field(*it, "shape", "arrays." + it.key()).get<std::vector<std::size_t>>();
        a.data = emscripten::convertJSArrayToNumberVector<double>(arrays[it.key()]);
      }
      e_->restore(cp);
    });
  }
  val array(const std::string& name) const {
    return guarded([&] {
      if (!result_) throw std::runtime_error("array: call finish() first");
      auto it = result_->arrays.find(name);
      if (it == result_->arrays.end()) throw std::runtime_error("array: no array named \"" + name + "\"");
      return to_f64(it->second.data);
    });
  }

 private:
  std::unique_ptr<rnnbook::Experiment> e_;
  val progress_ = val::null();
  double progress_interval_ms_ = 100.0;
  std::unique_ptr<rnnbook::Result> result_;
  std::unique_ptr<rnnbook::Checkpoint> checkpoint_;
};

// null (and a message for takeError()) when the core refuses the config.
ExperimentHandle* create_experiment(const std::string& config_json) {
  return guarded([&] { return new ExperimentHandle(rnnbook::make_experiment(config_json)); });
}

std::string version() { return rnnbook::kVersion; }

// The module's memory: the size of the wasm heap (it grows, never shrinks) and the bytes malloc has
// handed out and not taken back (what a leak would raise).
val memory() {
  val m = val::object();
  m.set("heapBytes", double(emscripten_get_heap_size()));
  m.set("usedBytes", double(mallinfo().uordblks));
  return m;
}

// The message of the last guarded call that failed, or "" if it succeeded; cleared by reading.
std::string take_error() {
  std::string message;
  message.swap(rnnbook_wasm::last_error());
  return message;
}

}  // namespace

std::string& rnnbook_wasm::last_error() {
  static std::string message;
  return message;
}

EMSCRIPTEN_BINDINGS(rnnbook) {
  emscripten::function("version", &version);
  emscripten::function("memory", &memory);
  emscripten::function("takeError", &take_error);
  emscripten::function("createExperiment", &create_experiment, emscripten::allow_raw_pointers());
  emscripten::class_<ExperimentHandle>("Experiment")
      .function("step", &ExperimentHandle::step)
      .function("setProgress", &ExperimentHandle::setProgress)
      .function("position", &ExperimentHandle::position)
      .function("total", &ExperimentHandle::total)
      .function("done", &ExperimentHandle::done)
      .function("series", &ExperimentHandle::series)
      .function("finish", &ExperimentHandle::finish)
      .function("array", &ExperimentHandle::array)
      .function("snapshot", &ExperimentHandle::snapshot)
      .function("snapshotArray", &ExperimentHandle::snapshotArray)
      .function("restore", &ExperimentHandle::restore);
}
