#pragma once
// What `rnnbook sweep` tells the user while and after it runs: one progress line per finished point
// with a count and an ETA, and a closing summary that gives the exit code.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "sweep_dir.hpp"

namespace rnnbook {

class Progress {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  // total points, those complete before this run, when this run started.
  Progress(std::size_t total, std::size_t complete, time_point start);
  // "point 0004 done (5/12, 7 left, ETA 0:21)" or "point 0003 failed (...): <first line of error.txt>"
  // for a point that just finished; the ETA assumes the rest goes at this run's pace so far.
  std::string line(const std::string& name, const std::filesystem::path& point_dir, time_point now);
  std::size_t finished() const { return complete_ + finished_now_; }

 private:
  std::size_t total_, complete_, finished_now_ = 0;
  time_point start_;
};

// "1:02:03" or "2:03".
std::string clock_text(double seconds);

// Prints "sweep: 12 points: 11 done, 1 failed (points/0003/error.txt)" and how to collect; returns
// 0 when every point has a result and no error, 3 when some failed, 1 when some never ran.
int report_sweep(const SweepState& state);

}  // namespace rnnbook
