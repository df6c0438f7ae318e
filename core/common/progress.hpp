#pragma once
// Progress inside one unit of work (one step of Experiment::step): long loops report the fraction of the
// unit they have done, so that a front end can show that a step of minutes is moving. A report only
// calls a hook the front end installed for the calling thread (ProgressScope); it never changes a number,
// and without a hook it is a null check.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace rnnbook {

// Called with the fraction in [0, 1] of the current unit done, non-decreasing within the unit.
using ProgressHook = std::function<void(double fraction)>;

// Installs `hook` for this thread while it lives (the previous hook, if any, comes back after).
class ProgressScope {
 public:
  explicit ProgressScope(ProgressHook hook);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  ProgressHook hook_;
  const ProgressHook* previous_hook_;
  double previous_from_, previous_width_, previous_last_;
};

// While it lives, reports map onto [from, to] of the enclosing part (the whole unit at the top): a
// phase of a computation reports 0 to 1 of itself. Its end (unless by an exception) reports `to`.
class ProgressPart {
 public:
  ProgressPart(double from, double to);
  ~ProgressPart();
  ProgressPart(const ProgressPart&) = delete;
  ProgressPart& operator=(const ProgressPart&) = delete;

 private:
  double outer_from_, outer_width_;
};

// Consecutive phases of the current part, each given a share in proportion to its estimated cost (costs
// >= 0): enter(i) ends the phase before (reporting its end) and maps reports onto phase i's share.
class ProgressPhases {
 public:
  explicit ProgressPhases(const std::vector<double>& costs);
  void enter(std::size_t i);

 private:
  std::vector<double> ends_;
  std::optional<ProgressPart> part_;
};

// The current part is `fraction` done (clamped to [0, 1]; a value below an earlier one is not passed on).
// Long loops call it once per iteration of work that takes about a millisecond or more.
void report_progress(double fraction);

// For a front end around one call that does `units` units of work (Experiment::step(n)): installs a hook
// that passes on the fraction of all of them done, (units done + fraction of the current one) / units, to
// `report`, growing, at most every interval_ms of wall time (and not in the first interval_ms).
// `units_done` says how many are done when a report comes (a unit's long part may come after its count
// moved, as sntk's final measurement: it counts as part of the last unit).
class ChunkProgressScope {
 public:
  ChunkProgressScope(long units, std::function<long()> units_done, double interval_ms,
                     std::function<void(double)> report);

 private:
  ProgressScope scope_;
};

// Whether a hook is installed: for callers that would do work only to report.
bool progress_wanted();

// Starts a new unit: the next reports may begin again from 0 (experiments call it between units).
void progress_next_unit();

}  // namespace rnnbook
