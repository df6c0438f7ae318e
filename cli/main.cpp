// rnnbook command-line tool: a thin front of core's experiment layer.
//   rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet]
//     -> DIR/result.json, DIR/<array>.npy and, for kinds with state (train), DIR/checkpoint/
//        (checkpoint.json + <array>.npy)
// Exit codes: 0 done, 2 bad spec, checkpoint or usage, 3 training diverged (the outputs hold the
// last finite state), 1 anything else (I/O).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "checkpoint_files.hpp"
#include "common/error.hpp"
#include "experiments/experiment.hpp"
#include "files.hpp"
#include "io/npy.hpp"
#include "linalg/packed_product.hpp"
#include "spec_files.hpp"

namespace {

const char* const kUsage =
    "usage: rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet]\n"
    "       rnnbook --version\n"
    "SPEC.json is an experiment config (\"-\" reads standard input); see README.md.\n"
    "DIR receives result.json, one .npy per result array and checkpoint/, which --resume continues.\n";

int usage_error(const std::string& msg) {
  std::cerr << "rnnbook: " << msg << "\n" << kUsage;
  return 2;
}

std::string read_all(std::istream& in) {
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string spec_path, out_dir, resume_dir;
  bool quiet = false;
  if (argc >= 2 && std::string(argv[1]) == "--version") {
    std::cout << "rnnbook " << rnnbook::kVersion << "\n";
    // Which product kernel this build compiled: only "portable" gives the browser's bits.
    const std::string kernel = rnnbook::product_kernel();
    std::cout << "product kernel: " << kernel
              << (kernel == "portable" ? " (the same bits as the browser)"
                                       : " (RNNBOOK_NATIVE_ARCH: faster, differs from the browser in the last bits)")
              << "\n";
    return 0;
  }
  if (argc < 2 || std::string(argv[1]) != "run") return usage_error("expected the command 'run'");
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) out_dir = argv[++i];
    else if (arg == "--resume" && i + 1 < argc) resume_dir = argv[++i];
    else if (arg == "--quiet") quiet = true;
    else if (spec_path.empty() && (arg == "-" || arg.rfind("--", 0) != 0)) spec_path = arg;
    else return usage_error("unexpected argument '" + arg + "'");
  }
  if (spec_path.empty()) return usage_error("missing SPEC.json");
  if (out_dir.empty()) return usage_error("missing --out DIR");

  std::string text;
  if (spec_path == "-") {
    text = read_all(std::cin);
  } else {
    std::ifstream in(spec_path, std::ios::binary);
    if (!in) return usage_error("cannot read spec file '" + spec_path + "'");
    text = read_all(in);
  }

  try {
    // .npy paths of user data are relative to the spec file (to the working directory for "-").
    const fs::path base = spec_path == "-" ? fs::path(".") : fs::path(spec_path).parent_path();
    auto experiment = rnnbook::make_experiment(rnnbook::load_data_files(text, base));
    if (!resume_dir.empty() && !experiment->has_state())
      throw rnnbook::Error("--resume: this kind of experiment keeps no checkpoint to resume");
    if (!resume_dir.empty()) experiment->restore(rnnbook::read_checkpoint(resume_dir));
    const long total = experiment->total();
    const long chunk = std::max(1L, total / 10);
    std::string diverged;  // the guard's message: the outputs still hold the last finite state
    while (!experiment->done()) {
      try {
        experiment->step(chunk);
      } catch (const rnnbook::Diverged& d) {
        diverged = d.what();
        break;
      }
      if (!quiet) {
        const auto loss = experiment->series("loss", experiment->position() - 1);
        std::cerr << "step " << experiment->position() << "/" << total;
        if (!loss.empty()) std::cerr << "  loss " << loss.back();
        std::cerr << "\n";
      }
    }
    const rnnbook::Result result = experiment->result();

    fs::create_directories(out_dir);
    rnnbook::json summary = result.summary();
    for (const auto& [name, array] : result.arrays) {
      rnnbook::write_file(fs::path(out_dir) / (name + ".npy"), rnnbook::npy_bytes(array));
      summary["arrays"][name]["file"] = name + ".npy";
    }
    rnnbook::write_file(fs::path(out_dir) / "result.json", summary.dump(2) + "\n");
    if (experiment->has_state()) rnnbook::write_checkpoint(experiment->snapshot(), fs::path(out_dir) / "checkpoint");
    if (!quiet)
      std::cerr << "wrote " << (fs::path(out_dir) / "result.json").string()
                << (experiment->has_state() ? " and checkpoint/\n" : "\n");
    if (!diverged.empty()) {
      std::cerr << "rnnbook: " << diverged << "\n";
      return 3;
    }
    return 0;
  } catch (const rnnbook::Error& e) {
    std::cerr << "rnnbook: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rnnbook: " << e.what() << "\n";
    return 1;
  }
}
