// rnnbook command-line tool: a thin front of core's experiment layer.
//   rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet] [--error-file FILE]
//     -> DIR/result.json (written last), DIR/<array>.npy and, for kinds with state (train),
//        DIR/checkpoint/ (checkpoint.json + <array>.npy)
// Exit codes: 0 done, 2 bad spec, checkpoint or usage, 3 training diverged (the outputs hold the
// last finite state), 1 anything else (I/O).
#include <algorithm>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "experiments/result.hpp"
#include "linalg/packed_product.hpp"

namespace {

const char* const kUsage =
    "usage: rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet] [--error-file FILE]\n"
    "       rnnbook --version\n"
    "SPEC.json is an experiment config (\"-\" reads standard input); see README.md.\n"
    "DIR receives result.json, one .npy per result array and checkpoint/, which --resume continues;\n"
    "--error-file FILE receives the message of a run that fails (and is removed when it succeeds).\n";

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
  return rnnbook::usage_error("expected the command 'run'");
}
