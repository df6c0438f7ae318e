// rnnbook sweep: a spec and --grid axes to DIR/manifest.json and DIR/points/NNNN/spec.json (every
// point validated before anything is written), then, with --run, the points not yet complete run
// with GNU parallel on this machine or as a Slurm job array (docs/sweeps.md).
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "common/error.hpp"
#include "local_run.hpp"
#include "processes.hpp"
#include "slurm_run.hpp"
#include "sweep_plan.hpp"
#include "sweep_report.hpp"

namespace rnnbook {

namespace {

struct SweepOptions {
  std::string spec_path, out, run;  // run: "", "local" or "slurm"
  std::vector<std::string> grids;
  int jobs = 0;  // 0: one per core
  SlurmOptions slurm;
  bool dry_run = false;
};

// A positive integer option value, or -1.
int positive(const std::string& s) {
  try {
    std::size_t used = 0;
    const long v = std::stol(s, &used);
    return used == s.size() && v >= 1 && v <= 1000000 ? int(v) : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

// A value that goes into an #SBATCH line: no spaces or line breaks.
bool plain_word(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == 127) return false;
  return true;
}

// Returns "" or the usage error.
std::string parse_options(const Args& args, SweepOptions& o) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--out" && has_value) o.out = args[++i];
    else if (arg == "--grid" && has_value) o.grids.push_back(args[++i]);
    else if (arg == "--run" && has_value) o.run = args[++i];
    else if ((arg == "-j" || arg == "--jobs") && has_value) {
      if ((o.jobs = positive(args[++i])) < 0) return "-j: must be a positive integer, got '" + args[i] + "'";
    } else if (arg == "--partition" && has_value) o.slurm.partition = args[++i];
    else if (arg == "--time" && has_value) o.slurm.time = args[++i];
    else if (arg == "--max-running" && has_value) {
      if ((o.slurm.max_running = positive(args[++i])) < 0) return "--max-running: must be a positive integer, got '" + args[i] + "'";
    } else if (arg == "--dry-run") o.dry_run = true;
    else if (o.spec_path.empty() && (arg == "-" || arg.rfind("-", 0) != 0)) o.spec_path = arg;
    else return "unexpected argument '" + arg + "'";
  }
  if (o.spec_path.empty()) return "sweep: missing SPEC.json";
  if (o.out.empty()) return "sweep: missing --out DIR";
  if (!o.run.empty() && o.run != "local" && o.run != "slurm") return "--run: must be local or slurm, got '" + o.run + "'";
  if (o.jobs && o.run != "local") return "-j: only with --run local";
  const bool slurm_option = !o.slurm.partition.empty() || !o.slurm.time.empty() || o.slurm.max_running;
  if (slurm_option && o.run != "slurm") return "--partition, --time and --max-running: only with --run slurm";
  if (!o.slurm.partition.empty() && !plain_word(o.slurm.partition)) return "--partition: must be one word, got '" + o.slurm.partition + "'";
  if (!o.slurm.time.empty() && !plain_word(o.slurm.time)) return "--time: must be one word such as 1:00:00, got '" + o.slurm.time + "'";
  return "";
}

// The engine must be there before anything is written.
void check_engine(const SweepOptions& o) {
  if (o.dry_run) return;
  if (o.run == "local" && find_on_path("parallel").empty())
    throw Error("sweep: --run local needs GNU parallel, which is not on PATH; install it (Debian: apt-get install parallel)");
  if (o.run == "slurm" && find_on_path("sbatch").empty())
    throw Error("sweep: --run slurm needs sbatch, which is not on PATH; run this on a Slurm login node (or --dry-run)");
}

}  // namespace

int sweep_command(const Args& args) {
  SweepOptions o;
  if (const std::string bad = parse_options(args, o); !bad.empty()) return usage_error(bad);
  try {
    check_engine(o);
    const SweepPlan plan = plan_sweep(o.spec_path, o.grids);
    const SweepState state = write_sweep(o.out, plan.manifest, plan.specs);
    std::cerr << "sweep: " << state.count << " points in " << state.dir.string() << ", "
              << state.count - state.pending.size() << " complete, " << state.pending.size() << " to run" << std::endl;
    if (o.run.empty()) {
      std::cerr << "sweep: wrote the specs; --run local or --run slurm runs them" << std::endl;
      return 0;
    }
    if (state.pending.empty()) return report_sweep(state);
    if (o.run == "slurm") return run_slurm(state, o.slurm, o.dry_run);
    const int jobs = o.jobs ? o.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
    if (o.dry_run) {
      std::cerr << "sweep: dry run: would run " << state.pending.size() << " points with:";
      const auto command = parallel_command(state, jobs);
      for (std::size_t i = 0; i < command.size(); ++i) {
        if (i == 16 && command.size() > 18) {  // the point names after ":::", shortened
          std::cerr << " ... " << command.back();
          break;
        }
        std::cerr << " " << shell_quote(command[i]);
      }
      std::cerr << std::endl;
      return 0;
    }
    return run_local(state, jobs);
  } catch (const Error& e) {
    std::cerr << "rnnbook: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rnnbook: sweep: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace rnnbook
