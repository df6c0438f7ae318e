#include "local_run.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "files.hpp"
#include "processes.hpp"
#include "sweep_report.hpp"

namespace rnnbook {

namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile pid_t g_parallel = -1;

void forward_signal(int sig) {  // async-signal-safe: a flag and kill()
  g_signal = sig;
  if (g_parallel > 0) ::kill(g_parallel, sig);
}

// Installs forward_signal for SIGINT and SIGTERM while alive; restores the old handlers after.
class SignalForwarding {
 public:
  explicit SignalForwarding(pid_t child) {
    g_signal = 0;
    g_parallel = child;
    struct sigaction sa {};
    sa.sa_handler = forward_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read() returns, the loop checks the flag
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalForwarding() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    g_parallel = -1;
  }

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// A process that died without a message of its own (a crash, a kill) still gets an error.txt.
void note_silent_failure(const std::filesystem::path& point, int code) {
  const auto file = point / "error.txt";
  if (std::filesystem::exists(file)) return;
  std::string text = "rnnbook run ended with exit code " + std::to_string(code);
  if (code > 128) text += " (signal " + std::to_string(code - 128) + ")";
  write_file_atomic(file, text + "\n");
}

}  // namespace

std::vector<std::string> parallel_command(const SweepState& state, int jobs) {
  const std::string points = shell_quote((state.dir / "points").string()) + "/{}";
  // One job per point; its last line tells this process which point ended and how.
  const std::string job = "p=" + points + "; " + shell_quote(self_executable().string()) +
                          " run \"$p/spec.json\" --out \"$p\" --quiet --error-file \"$p/error.txt\" 2>/dev/null;"
                          " echo \"@point {} $?\"";
  std::vector<std::string> cmd = {"parallel", "--will-cite", "--jobs", std::to_string(jobs), job, ":::"};
  for (std::size_t i : state.pending) cmd.push_back(point_dir(i, state.count).substr(7));  // "points/0003" -> "0003"
  return cmd;
}

int run_local(const SweepState& state, int jobs) {
  using clock = std::chrono::steady_clock;
  Progress progress(state.count, state.count - state.pending.size(), clock::now());
  const Child child = spawn_reading(parallel_command(state, jobs));
  int code = 0;
  {
    SignalForwarding forwarding(child.pid);
    std::string buffer;
    char chunk[4096];
    while (true) {
      const ssize_t n = ::read(child.out, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;  // a signal: parallel has it too, and stops
      if (n <= 0) break;
      buffer.append(chunk, std::size_t(n));
      for (std::size_t eol; (eol = buffer.find('\n')) != std::string::npos; buffer.erase(0, eol + 1)) {
        char name[32] = {0};
        int rc = 0;
        if (g_signal || std::sscanf(buffer.c_str(), "@point %31s %d", name, &rc) != 2) continue;
        const auto point = state.dir / "points" / name;
        if (rc != 0) note_silent_failure(point, rc);
        std::cerr << progress.line(name, point, clock::now()) << std::endl;
      }
    }
    ::close(child.out);
    code = wait_child(child.pid);
  }
  if (g_signal) {
    std::cerr << "sweep: interrupted; the same command resumes it (" << progress.finished() << " of "
              << state.count << " points are done)" << std::endl;
    return 128 + g_signal;
  }
  if (code != 0) {
    std::cerr << "rnnbook: sweep: parallel exited with code " << code << std::endl;
    return 1;
  }
  return report_sweep(state);
}

}  // namespace rnnbook
