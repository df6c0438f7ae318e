#pragma once
// The "standard" fit that SCIENCE.md 11.3 compares against (rnnbook's reconstruction, 11.0): a low-rank
// student (M, N ~ N(0, 1) per entry, seeded) trained by BPTT and Adam on windows of L steps started from
// data states, loss the mean squared error on x (without a 1/2). Students from different seeds reproduce
// the dynamics with different J: their structure off the excited subspace is their initialisation (11.2 I5).
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "common/rng.hpp"
#include "lowrank/low_rank_network.hpp"
#include "optim/adam.hpp"

namespace rnnbook {

struct StudentSettings {
  Eigen::Index rank = 1;
  int steps = 600;          // Adam steps
  int windows = 64;         // windows per batch
  int window_length = 10;   // L
  double lr = 0.02;
  bool cosine = false;      // decay lr as lr (1 + cos(pi k / steps)) / 2 (the trend tests' calibration)
  double init_sd = 1.0;     // M, N ~ N(0, init_sd^2) per entry
};

struct WindowStart {
  Eigen::Index trial = 0, step = 0;  // the window runs from state (trial, step) for L steps
};

// L = sum over windows w and k = 1..L of ||xhat_k - x(t_w + k)||^2 / (W L N), xhat_0 = x(t_w), and with grad
// its exact gradient with respect to M and N (written into grad's M and N) by backpropagation through time.
double window_loss(const LowRankNetwork& net, double dt, const TrialStates& data, const std::vector<WindowStart>& starts,
                   Eigen::Index length, LowRankNetwork* grad = nullptr);

// A student trained one Adam step at a time (for progress and Stop). `data` must outlive it.
class StudentFit {
 public:
  // Throws Error if the settings are out of range or the trials are not longer than a window.
  StudentFit(const TrialStates& data, double dt, const StudentSettings& settings, std::uint64_t seed);

  void step();  // one Adam step on fresh windows
  bool done() const { return steps_taken() >= settings_.steps; }
  int steps_taken() const { return int(adam_.steps_taken()); }
  const LowRankNetwork& initial() const { return init_; }
  LowRankNetwork network() const;
  const std::vector<double>& losses() const { return losses_; }

 private:
  const TrialStates& data_;
  double dt_;
  StudentSettings settings_;
  Rng windows_;
  LowRankNetwork init_;
  Eigen::VectorXd theta_;  // vec(M), then vec(N)
  Adam adam_;
  std::vector<double> losses_;
};

// Relative error ||xhat - x||_F / ||x||_F of a network's trajectories from the data's initial states.
double trajectory_error(const LowRankNetwork& net, double dt, const TrialStates& data);

}  // namespace rnnbook
