// rnnbook run: one experiment from a spec file to DIR/result.json, one .npy per array and, for kinds
// with state, DIR/checkpoint/. result.json is written last and atomically, so its presence means the
// run finished (a sweep skips such points when it resumes).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "checkpoint_files.hpp"
#include "commands.hpp"
#include "common/error.hpp"
#include "common/progress.hpp"
#include "experiments/experiment.hpp"
#include "files.hpp"
#include "io/npy.hpp"
#include "spec_files.hpp"

namespace rnnbook {

namespace {

// The seconds between progress lines inside a chunk: RNNBOOK_PROGRESS_SECONDS, 10 when unset.
double progress_interval_ms() {
  const char* text = std::getenv("RNNBOOK_PROGRESS_SECONDS");
  if (!text || !*text) return 10000.0;
  char* end = nullptr;
  const double seconds = std::strtod(text, &end);
  if (*end != '\0' || !(seconds >= 0.1 && seconds <= 3600.0))
    throw Error(std::string("RNNBOOK_PROGRESS_SECONDS: must be a number of seconds in [0.1, 3600], got \"") + text + "\"");
  return 1000.0 * seconds;
}

// Runs to the end (or to a divergence, whose message it returns) and writes the outputs.
std::string run_and_write(const std::string& spec_path, const std::string& text, const std::filesystem::path& out_dir,
                          const std::string& resume_dir, bool quiet, const std::string& error_file) {
  namespace fs = std::filesystem;
  // .npy paths of user data are relative to the spec file (to the working directory for "-").
  const fs::path base = spec_path == "-" ? fs::path(".") : fs::path(spec_path).parent_path();
  auto experiment = make_experiment(load_data_files(text, base));
  if (!resume_dir.empty() && !experiment->has_state())
    throw Error("--resume: this kind of experiment keeps no checkpoint to resume");
  if (!resume_dir.empty()) experiment->restore(read_checkpoint(resume_dir));
  const long total = experiment->total();
  const long chunk = std::max(1L, total / 10);
  const double interval_ms = quiet ? 0.0 : progress_interval_ms();
  std::string diverged;  // the guard's message: the outputs still hold the last finite state
  while (!experiment->done()) {
    try {
      const long from = experiment->position(), units = std::min(chunk, total - from);
      // Inside a chunk of long steps (sNTK measurements of minutes), a line every 10 s says how far it got.
      std::unique_ptr<ChunkProgressScope> inside;
      if (!quiet)
        inside = std::make_unique<ChunkProgressScope>(
            units, [&] { return experiment->position() - from; }, interval_ms, [&](double done) {
              std::cerr << "step " << from << "/" << total << ": " << int(done * 100) << " % of the next " << units
                        << (units == 1 ? " step\n" : " steps\n");
            });
      experiment->step(chunk);
    } catch (const Diverged& d) {
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
  const Result result = experiment->result();

  fs::create_directories(out_dir);
  // A diverged run's error file comes before its result.json, so no reader sees it as a clean run.
  if (!diverged.empty() && !error_file.empty()) write_file_atomic(error_file, diverged + "\n");
  json summary = result.summary();
  for (const auto& [name, array] : result.arrays) {
    write_file(out_dir / (name + ".npy"), npy_bytes(array));
    summary["arrays"][name]["file"] = name + ".npy";
  }
  if (experiment->has_state()) write_checkpoint(experiment->snapshot(), out_dir / "checkpoint");
  write_file_atomic(out_dir / "result.json", summary.dump(2) + "\n");
  if (!quiet)
    std::cerr << "wrote " << (out_dir / "result.json").string() << (experiment->has_state() ? " and checkpoint/\n" : "\n");
  return diverged;
}

// With --error-file, the message goes to that file too (best effort: a failure to write it must not
// hide the message itself).
void record_error(const std::string& error_file, const std::string& message) {
  if (error_file.empty()) return;
  try {
    write_file_atomic(error_file, message + "\n");
  } catch (const std::exception& e) {
    std::cerr << "rnnbook: --error-file: " << e.what() << "\n";
  }
}

int fail(const std::string& message, int code, const std::string& error_file) {
  std::cerr << "rnnbook: " << message << "\n";
  record_error(error_file, message);
  return code;
}

}  // namespace

int run_command(const Args& args) {
  std::string spec_path, out_dir, resume_dir, error_file;
  bool quiet = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--out" && has_value) out_dir = args[++i];
    else if (arg == "--resume" && has_value) resume_dir = args[++i];
    else if (arg == "--error-file" && has_value) error_file = args[++i];
    else if (arg == "--quiet") quiet = true;
    else if (spec_path.empty() && (arg == "-" || arg.rfind("--", 0) != 0)) spec_path = arg;
    else return usage_error("unexpected argument '" + arg + "'");
  }
  if (spec_path.empty()) return usage_error("missing SPEC.json");
  if (out_dir.empty()) return usage_error("missing --out DIR");
  std::string text;
  if (spec_path == "-") {
    std::ostringstream os;
    os << std::cin.rdbuf();
    text = os.str();
  } else {
    std::ifstream in(spec_path, std::ios::binary);
    if (!in) {
      record_error(error_file, "cannot read spec file '" + spec_path + "'");
      return usage_error("cannot read spec file '" + spec_path + "'");
    }
    std::ostringstream os;
    os << in.rdbuf();
    text = os.str();
  }
  try {
    // A stale message from an earlier run of the same point must not outlive this run.
    if (!error_file.empty()) std::filesystem::remove(error_file);
    const std::string diverged = run_and_write(spec_path, text, out_dir, resume_dir, quiet, error_file);
    if (!diverged.empty()) {
      std::cerr << "rnnbook: " << diverged << "\n";
      return 3;
    }
    return 0;
  } catch (const Error& e) {
    return fail(e.what(), 2, error_file);
  } catch (const std::bad_alloc&) {
    return fail("out of memory", 1, error_file);
  } catch (const std::exception& e) {
    return fail(e.what(), 1, error_file);
  }
}

}  // namespace rnnbook
