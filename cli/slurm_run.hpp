#pragma once
// `rnnbook sweep --run slurm`: DIR/sweep.sbatch, a Slurm job array with one task per pending point
// (task i runs `rnnbook run` on points/NNNN with i = NNNN, one CPU, its log in points/NNNN/slurm.log),
// submitted with sbatch. Slurm runs the tasks; `rnnbook collect DIR` reads them when squeue is empty.
#include <string>
#include <vector>

#include "sweep_dir.hpp"

namespace rnnbook {

struct SlurmOptions {
  std::string partition, time;  // "" = the cluster's default
  int max_running = 0;          // at most this many tasks at once (--array=...%M); 0 = no limit
};

// "0-3,5,7-9": ascending indices as Slurm's --array ranges.
std::string index_ranges(const std::vector<std::size_t>& indices);
// The text of sweep.sbatch for the pending points of state, running this rnnbook binary.
std::string sbatch_script(const SweepState& state, const SlurmOptions& options);
// Writes DIR/sweep.sbatch and, unless dry_run, submits it; prints the job id on stdout. Returns the
// exit code (1 when sbatch fails; its own message is on stderr).
int run_slurm(const SweepState& state, const SlurmOptions& options, bool dry_run);

}  // namespace rnnbook
