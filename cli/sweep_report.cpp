#include "sweep_report.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

namespace rnnbook {

Progress::Progress(std::size_t total, std::size_t complete, time_point start)
    : total_(total), complete_(complete), start_(start) {}

std::string clock_text(double seconds) {
  const long s = seconds > 0 ? long(seconds + 0.5) : 0;
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  return text;
}

std::string Progress::line(const std::string& name, const std::filesystem::path& point_dir, time_point now) {
  ++finished_now_;
  const std::size_t done = finished(), left = total_ - done;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string t = "point " + name;
  std::string message;
  std::ifstream error(point_dir / "error.txt");
  const bool failed = bool(error);
  if (failed) std::getline(error, message);
  t += failed ? " failed (" : " done (";
  t += std::to_string(done) + "/" + std::to_string(total_) + ", " + std::to_string(left) + " left, ";
  t += left ? "ETA " + clock_text(elapsed / double(finished_now_) * double(left)) : "took " + clock_text(elapsed);
  t += ")";
  if (failed) t += ": " + (message.size() > 200 ? message.substr(0, 197) + "..." : message);
  return t;
}

int report_sweep(const SweepState& state) {
  std::size_t done = 0, not_run = 0;
  std::string first_failed;
  std::size_t failed = 0;
  for (std::size_t i = 0; i < state.count; ++i) {
    const auto point = state.dir / point_dir(i, state.count);
    const bool error = std::filesystem::exists(point / "error.txt");
    if (error) {
      ++failed;
      if (first_failed.empty()) first_failed = point_dir(i, state.count) + "/error.txt";
    } else if (std::filesystem::exists(point / "result.json")) {
      ++done;
    } else {
      ++not_run;
    }
  }
  std::cerr << "sweep: " << state.count << " points: " << done << " done";
  if (failed) std::cerr << ", " << failed << " failed (" << (failed > 1 ? "first: " : "") << first_failed << ")";
  if (not_run) std::cerr << ", " << not_run << " not run";
  std::cerr << "; rnnbook collect " << state.dir.string() << " makes the table" << std::endl;
  return not_run ? 1 : failed ? 3 : 0;
}

}  // namespace rnnbook
