#include "slurm_run.hpp"

#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "files.hpp"
#include "processes.hpp"

namespace rnnbook {

std::string index_ranges(const std::vector<std::size_t>& indices) {
  std::string t;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    t += (t.empty() ? "" : ",") + std::to_string(indices[i]);
    if (j > i) t += "-" + std::to_string(indices[j]);
    i = j + 1;
  }
  return t;
}

std::string sbatch_script(const SweepState& state, const SlurmOptions& o) {
  const std::string digits = std::to_string(point_digits(state.count));
  const std::string points = (state.dir / "points").string();
  std::string s = "#!/bin/sh\n";
  s += "#SBATCH --job-name=rnnbook-sweep\n";
  s += "#SBATCH --array=" + index_ranges(state.pending) + (o.max_running ? "%" + std::to_string(o.max_running) : "") + "\n";
  s += "#SBATCH --cpus-per-task=1\n";
  s += "#SBATCH --output=" + points + "/%" + digits + "a/slurm.log\n";  // %4a: the task id with 4 digits
  if (!o.partition.empty()) s += "#SBATCH --partition=" + o.partition + "\n";
  if (!o.time.empty()) s += "#SBATCH --time=" + o.time + "\n";
  s += "# Written by rnnbook sweep: task i runs point i of this sweep with the rnnbook that wrote it.\n";
  s += "p=$(printf '%s/%0" + digits + "d' " + shell_quote(points) + " \"$SLURM_ARRAY_TASK_ID\")\n";
  s += shell_quote(self_executable().string()) +
       " run \"$p/spec.json\" --out \"$p\" --quiet --error-file \"$p/error.txt\"\n";
  s += "rc=$?\n";
  s += "# A crash leaves no message of its own: say how the run ended.\n";
  s += "[ \"$rc\" = 0 ] || [ -s \"$p/error.txt\" ] || echo \"rnnbook run ended with exit code $rc\" > \"$p/error.txt\"\n";
  s += "exit \"$rc\"\n";
  return s;
}

int run_slurm(const SweepState& state, const SlurmOptions& options, bool dry_run) {
  const auto script = state.dir / "sweep.sbatch";
  write_file_atomic(script, sbatch_script(state, options));
  if (dry_run) {
    std::cerr << "sweep: dry run: wrote " << script.string() << "; would submit it with: sbatch " << script.string() << std::endl;
    return 0;
  }
  const Child child = spawn_reading({"sbatch", "--parsable", script.string()});
  std::string out;
  char chunk[256];
  for (ssize_t n; (n = ::read(child.out, chunk, sizeof chunk)) != 0;)
    if (n > 0) out.append(chunk, std::size_t(n));
    else if (errno != EINTR) break;
  ::close(child.out);
  const int code = wait_child(child.pid);
  if (code != 0) {
    std::cerr << "rnnbook: sweep: sbatch exited with code " << code << std::endl;
    return 1;
  }
  const std::string id = out.substr(0, out.find_first_of(";\n"));  // --parsable: "42" or "42;cluster"
  std::cout << id << std::endl;
  std::cerr << "sweep: submitted Slurm job " << id << ", " << state.pending.size() << " tasks (array "
            << index_ranges(state.pending) << "); squeue -j " << id << " shows them; when they are done, rnnbook collect "
            << state.dir.string() << " makes the table" << std::endl;
  return 0;
}

}  // namespace rnnbook
