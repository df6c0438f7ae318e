// rnnbook command-line tool: a thin front of core's experiment layer.
//   rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet] [--error-file FILE]
//     -> DIR/result.json (written last), DIR/<array>.npy and, for kinds with state (train),
//        DIR/checkpoint/ (checkpoint.json + <array>.npy)
//   rnnbook sweep SPEC.json --out DIR [--grid PATH=VALUES]... [--run local|slurm] [--dry-run]
//     -> DIR/manifest.json, DIR/points/NNNN/spec.json, and runs the points (docs/sweeps.md)
//   rnnbook collect DIR [--arrays NAMES] -> DIR/table.csv, DIR/table.json, DIR/<name>.npy
// Exit codes: 0 done, 2 bad spec, checkpoint or usage, 3 training diverged (the outputs hold the
// last finite state) or a sweep point failed, 1 anything else (I/O).
#include <algorithm>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "experiments/result.hpp"
#include "linalg/packed_product.hpp"

namespace {

const char* const kUsage =
    "usage: rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet] [--error-file FILE]\n"
    "       rnnbook sweep SPEC.json --out DIR [--grid PATH=VALUES]... [--dry-run]\n"
    "                     [--run local [-j N] | --run slurm [--partition P] [--time T] [--max-running M]]\n"
    "       rnnbook collect DIR [--arrays NAME,NAME...]\n"
    "       rnnbook --version\n"
    "SPEC.json is an experiment config (\"-\" reads standard input); see README.md.\n"
    "run: DIR receives result.json, one .npy per result array and checkpoint/, which --resume continues;\n"
    "  --error-file FILE receives the message of a run that fails (and is removed when it succeeds).\n"
    "sweep: SPEC.json is a config, {\"base\": config, \"grid\": {PATH: [values]}} or a list of configs;\n"
    "  --grid seed=0:9 (an inclusive integer range), --grid model.rank=1,8,64 (numbers, true/false,\n"
    "  else strings) adds an axis; DIR receives manifest.json and points/NNNN/spec.json, and --run runs\n"
    "  the points not yet done with GNU parallel or as a Slurm job array (docs/sweeps.md).\n"
    "collect: one row per point of the sweep in DIR (table.csv, table.json); --arrays stacks arrays.\n";

int version() {
  std::cout << "rnnbook " << rnnbook::kVersion << "\n";
  // Which product kernel this build compiled: only "portable" gives the browser's bits.
  const std::string kernel = rnnbook::product_kernel();
  std::cout << "product kernel: " << kernel
            << (kernel == "portable" ? " (the same bits as the browser)"
                                     : " (RNNBOOK_NATIVE_ARCH: faster, differs from the browser in the last bits)")
            << "\n";
  return 0;
}

}  // namespace

int rnnbook::usage_error(const std::string& message) {
  std::cerr << "rnnbook: " << message << "\n" << kUsage;
  return 2;
}

int main(int argc, char** argv) {
  const std::string command = argc >= 2 ? argv[1] : "";
  const rnnbook::Args args(argv + std::min(argc, 2), argv + argc);
  if (command == "--version") return version();
  if (command == "run") return rnnbook::run_command(args);
  if (command == "sweep") return rnnbook::sweep_command(args);
  if (command == "collect") return rnnbook::collect_command(args);
  return rnnbook::usage_error("expected a command: run, sweep or collect");
}
