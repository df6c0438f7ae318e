#pragma once
// `rnnbook sweep --run local`: the pending points on this machine with GNU parallel, one
// `rnnbook run` per point (the same command a Slurm task runs), a progress line with an ETA per
// finished point, and Ctrl-C (SIGINT or SIGTERM) passed on to parallel, which stops the runs: a run
// cut short leaves no result.json, so the same command resumes the sweep.
#include <string>
#include <vector>

#include "sweep_dir.hpp"

namespace rnnbook {

// The parallel command line that runs the pending points, jobs at a time.
std::vector<std::string> parallel_command(const SweepState& state, int jobs);

// Runs it; returns the sweep's exit code: 0 every point succeeded, 3 some failed (their error.txt
// says why), 128 + signal when interrupted, 1 when parallel itself failed.
int run_local(const SweepState& state, int jobs);

}  // namespace rnnbook
