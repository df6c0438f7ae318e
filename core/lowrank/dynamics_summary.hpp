#pragma once
// How well a network reproduces a teacher's latent dynamics (SCIENCE.md 11.3 step 6; rnnbook's
// reconstruction, 11.0; the definitions of the summaries are ours): the network is started at x0 = M kappa0 from
// the data's latent starts and its latents read out; bistable: |kappa(T)| and the trajectory; ring: the radius at
// T; cycle: the radius over the second half and the period from the unwrapped phase over the second half.
#include <Eigen/Dense>

#include "lowrank/low_rank_network.hpp"
#include "lowrank/teachers.hpp"

namespace rnnbook {

// Latents of a network started on its manifold at K0 (R x B): x0 = M K0, read out by least squares; the same as
// simulate_latent (exact, SCIENCE.md U26), which this calls.
TrialStates latent_trajectories(const LowRankNetwork& net, double dt, const Eigen::Ref<const Eigen::MatrixXd>& K0,
                                Eigen::Index steps);

// sum_b | |got_b(T)| - |want_b(T)| | / sum_b |want_b(T)| (norms of the final latents).
double final_magnitude_error(const TrialStates& got, const TrialStates& want);
// ||got - want||_F / ||want||_F over every trial and step.
double latent_trajectory_error(const TrialStates& got, const TrialStates& want);
// Mean over trials of the latent norm, averaged over steps [from, T].
double mean_radius(const TrialStates& k, Eigen::Index from);
// The period 2 pi / |omega|, omega the least-squares slope of the unwrapped phase of (kappa_1, kappa_2) against
// time over steps [T/2, T], averaged over trials (infinite if the phase does not move). Needs R = 2.
double rotation_period(const TrialStates& k, double dt);

struct SummaryError {
  double primary = 0.0;     // bistable |kappa(T)|, ring radius at T, cycle radius over the second half
  double trajectory = 0.0;  // latent trajectory error
  double period = 0.0;      // cycle only (0 otherwise)
};

// Relative errors of the teacher's summaries (SCIENCE.md 11.5 S15-S17).
SummaryError summary_error(TeacherKind kind, const TrialStates& got, const TrialStates& want, double dt);

}  // namespace rnnbook
