#pragma once
// The synthetic teachers of SCIENCE.md 11.1 (rnnbook's reconstruction: the paper's own teachers were not
// readable): per-neuron loadings m_i ~ Laplace (unit variance) or N(0, I_R), n_i = G m_i + xi_i with
// xi_i ~ N(0, I_R) independent of m, and trials started on the latent manifold, x_b(0) = M kappa_b(0).
//   bistable: R = 1, Laplace m, G = 3: fixed points +-kappa*, kappa* = 3 E[m tanh(m kappa*)] = 1.855
//   ring:     R = 2, Gaussian m, G = 2 I: ring attractor of radius r, <phi'>(r^2) = 1/2 (r = 1.36)
//   cycle:    R = 2, Gaussian m, G = [[2, -1], [1, 2]]: limit cycle of radius 1.36, period about 12.7
#include <Eigen/Dense>
#include <cstdint>
#include <string>

#include "common/rng.hpp"
#include "lowrank/low_rank_network.hpp"

namespace rnnbook {

enum class TeacherKind { bistable, ring, cycle };

TeacherKind teacher_from_name(const std::string& name);  // "bistable", "ring", "cycle"
const char* teacher_name(TeacherKind kind);

struct TeacherSettings {
  TeacherKind kind = TeacherKind::bistable;
  Eigen::Index neurons = 300;
  double dt = 0.1;
  Eigen::MatrixXd overlap;      // G (R x R); R is its size
  bool laplace = true;          // m ~ Laplace with unit variance per coordinate, else N(0, 1)
  double residual = 1.0;        // sd of xi
  double init_radius = 3.0;     // kappa(0) ~ U(-r, r) (R = 1) or uniform on the disc of radius r (R = 2)
  Eigen::Index train_trials = 32;
  Eigen::Index heldout_trials = 16;
  Eigen::Index steps = 80;      // T
};

// The defaults of SCIENCE.md 11.1 for a teacher (T = 250 for the cycle, 80 otherwise).
TeacherSettings teacher_defaults(TeacherKind kind);

struct Teacher {
  TeacherSettings settings;
  LowRankNetwork net;
  Eigen::MatrixXd train_latent0, heldout_latent0;  // R x B initial latents
  TrialStates train, heldout;                      // N-dim activity, B x (T+1) x N
};

// Unit-variance Laplace numbers (scale 1/sqrt 2) by the inverse CDF.
double laplace_unit(Rng& rng);

// Loadings of a teacher: m as the settings say, n = G m + residual xi (neuron rows).
LowRankNetwork teacher_network(const TeacherSettings& s, Rng& rng);

// `count` initial latents (R x count): U(-r, r) for R = 1, uniform on the disc of radius r for R = 2.
Eigen::MatrixXd teacher_latent_starts(Eigen::Index rank, Eigen::Index count, double radius, Rng& rng);

// Loadings (stream 0), training starts (stream 1), held-out starts (stream 2) from one seed, and the
// simulated activity. Throws Error on settings out of range (naming the field).
Teacher make_teacher(const TeacherSettings& s, std::uint64_t seed);

}  // namespace rnnbook
