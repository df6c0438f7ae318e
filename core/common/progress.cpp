#include "common/progress.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

namespace rnnbook {

namespace {

// The calling thread's hook and the part of the unit that reports map onto. Per thread, so that
// experiments on other threads (the CLI's local sweeps) never call each other's hooks.
struct ProgressState {
  const ProgressHook* hook = nullptr;
  double from = 0.0, width = 1.0;  // the current part: [from, from + width] of the unit
  double last = -1.0;              // the last fraction passed to the hook in this unit
};

thread_local ProgressState state;

}  // namespace

ProgressScope::ProgressScope(ProgressHook hook)
    : hook_(std::move(hook)),
      previous_hook_(state.hook),
      previous_from_(state.from),
      previous_width_(state.width),
      previous_last_(state.last) {
  state = ProgressState{hook_ ? &hook_ : nullptr, 0.0, 1.0, -1.0};
}

ProgressScope::~ProgressScope() {
  state = ProgressState{previous_hook_, previous_from_, previous_width_, previous_last_};
}

ProgressPart::ProgressPart(double from, double to) : outer_from_(state.from), outer_width_(state.width) {
  from = std::clamp(from, 0.0, 1.0);
  to = std::clamp(to, from, 1.0);
  state.from = outer_from_ + outer_width_ * from;
  state.width = outer_width_ * (to - from);
}

ProgressPart::~ProgressPart() {
  if (!std::uncaught_exceptions()) report_progress(1.0);
  state.from = outer_from_;
  state.width = outer_width_;
}

void report_progress(double fraction) {
  if (!state.hook) return;
  const double f = state.from + state.width * std::clamp(fraction, 0.0, 1.0);  // NaN clamps to NaN: dropped below
  if (!(f > state.last)) return;
  state.last = f;
  (*state.hook)(f);
}

namespace {

// The hook of a ChunkProgressScope: wall time only paces the reports, it never reaches a number.
ProgressHook chunk_hook(long units, std::function<long()> units_done, double interval_ms,
                        std::function<void(double)> report) {
  using clock = std::chrono::steady_clock;
  units = std::max(1L, units);
  return [units, units_done = std::move(units_done), interval_ms, report = std::move(report), best = 0.0,
          sent_at = clock::now()](double fraction) mutable {
    const long unit = std::clamp(units_done(), 0L, units - 1);
    const double done = std::min(1.0, (double(unit) + fraction) / double(units));
    const auto now = clock::now();
    if (done <= best || std::chrono::duration<double, std::milli>(now - sent_at).count() < interval_ms) return;
    best = done;
    sent_at = now;
    report(done);
  };
}

}  // namespace

ChunkProgressScope::ChunkProgressScope(long units, std::function<long()> units_done, double interval_ms,
                                       std::function<void(double)> report)
    : scope_(chunk_hook(units, std::move(units_done), interval_ms, std::move(report))) {}

bool progress_wanted() { return state.hook != nullptr; }

ProgressPhases::ProgressPhases(const std::vector<double>& costs) : ends_{0.0} {
  double total = 0.0;
  for (double c : costs) total += c;
  double sum = 0.0;
  for (double c : costs) ends_.push_back(total > 0.0 ? std::min(1.0, (sum += c) / total) : 1.0);
}

void ProgressPhases::enter(std::size_t i) {
  part_.reset();
  part_.emplace(ends_.at(i), ends_.at(i + 1));
}

void progress_next_unit() {
  state.from = 0.0;
  state.width = 1.0;
  state.last = -1.0;
}

}  // namespace rnnbook
