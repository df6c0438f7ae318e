#pragma once
// Experiment kind "pitchfork" (SCIENCE.md 4.2-4.4; rnnbook's reconstruction of the sNTK paper's
// student-teacher design, whose body we could not read): a monostable student (rate cell, tanh, b = 0)
// learns a bistable teacher's 1-bit flip-flop with SGD or Adam. Every step records the loss and the
// bifurcation parameter mu_k = max Re eig A* - 1 at the zero-input fixed point; at measurement steps
// the sNTK of (W, U) on relaxation trials (PR, entropy rank, top eigenvalues), the bifurcation channel
// split (rho_1, rho, alignment of v_bif with G's top eigenvector) and the fitted normal form.
// Config table: README.md ("The pitchfork experiment").
#include <vector>

#include "dynamics/multipliers.hpp"
#include "experiments/train_experiment.hpp"
#include "measures/sntk_measures.hpp"

namespace rnnbook {

struct PitchforkConfig {
  TrainConfig train;        // student shape, SGD/Adam, the student-teacher task
  double teacher_gamma = 1.5, teacher_beta = 2.0;
  long interval = 50;       // measure every interval steps ...
  long near_interval = 10;  // ... and every near_interval steps while |mu| < near_mu
  double near_mu = 0.2;
  int eval_trials = 8;      // relaxation trials: a +-1 pulse at t = 0, then zero input
  int eval_steps = 50;
  int monitor_trials = 64;
  int landscape_points = 21;   // restricted kernel and loss along v_bif (0: none) ...
  double landscape_mu = 0.1;   // ... at mu_hat + Delta mu, |Delta mu| <= landscape_mu  // fixed task trials whose loss is recorded every step (0: none)
  SntkOptions options;
  json filled;

  static PitchforkConfig parse(const json& config);
};

// The teacher of SCIENCE.md 4.2: W* = gamma u u^T, u_i = +-1/sqrt(N) (signs from rng), U* = beta sqrt(N) u,
// C* = u^T / sqrt(N), b = c = 0; the student's shape (rate cell, tanh, no bias, I = O = 1).
RnnParameters pitchfork_teacher(const RnnShape& shape, double gamma, double beta, Rng& rng);

// Relaxation trials: trial b gets a pulse of sign (-1)^b lasting pulse_steps steps at t = 0, then zero input.
Batch relaxation_batch(int trials, int steps, int pulse_steps);

class PitchforkExperiment : public Experiment {
 public:
  explicit PitchforkExperiment(const json& config);

  long step(long n) override;
  long position() const override { return trainer_.position(); }
  long total() const override { return trainer_.total(); }
  // Values from index `from` on: "loss", "monitor_loss" and "mu" per training step, the others per measurement
  // (top_eigenvalues: top_k per measurement, flattened).
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

  const RnnParameters& parameters() const { return trainer_.parameters(); }
  const RnnParameters& teacher() const { return teacher_; }

 private:
  void record_mu();        // mu at the current parameters (once per position)
  bool measurement_due() const;  // at this position (after record_mu)
  void measure_if_due();

  PitchforkConfig cfg_;
  RnnParameters teacher_;
  TrainExperiment trainer_;
  Batch relax_;
  Rng probe_rng_;
  Batch monitor_;
  std::vector<double> mu_, lambda_re_, lambda_im_, radius_, monitor_loss_;
  long measured_at_ = -1;
  std::vector<double> steps_, pr_, pr_se_, erank_, top_, rho1_, rho_, alignment_, bif_, mu_hat_, c_hat_, beta_hat_,
      fit_r2_, dmu_ds_;
  std::vector<double> land_kernel_, land_kernel_z_, land_loss_, land_nf_kernel_, land_nf_loss_;
  double measure_ms_ = 0.0;
};

}  // namespace rnnbook
