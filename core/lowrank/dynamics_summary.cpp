#include "lowrank/dynamics_summary.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "lowrank/latent.hpp"

namespace rnnbook {

TrialStates latent_trajectories(const LowRankNetwork& net, double dt, const Eigen::Ref<const Eigen::MatrixXd>& K0,
                                Eigen::Index steps) {
  return simulate_latent(net, dt, K0, steps);
}

namespace {
void check_pair(const TrialStates& got, const TrialStates& want) {
  if (got.X.rows() != want.X.rows() || got.X.cols() != want.X.cols() || got.steps != want.steps)
    throw Error("summary: latent trajectories of different shapes");
}
}  // namespace

double final_magnitude_error(const TrialStates& got, const TrialStates& want) {
  check_pair(got, want);
  double diff = 0.0, norm = 0.0;
  for (Eigen::Index b = 0; b < want.trials; ++b) {
    diff += std::abs(got.state(b, got.steps).norm() - want.state(b, want.steps).norm());
    norm += want.state(b, want.steps).norm();
  }
  return diff / norm;
}

double latent_trajectory_error(const TrialStates& got, const TrialStates& want) {
  check_pair(got, want);
  return (got.X - want.X).norm() / want.X.norm();
}

double mean_radius(const TrialStates& k, Eigen::Index from) {
  double sum = 0.0;
  for (Eigen::Index b = 0; b < k.trials; ++b)
    for (Eigen::Index t = from; t <= k.steps; ++t) sum += k.state(b, t).norm();
  return sum / double(k.trials * (k.steps - from + 1));
}

double rotation_period(const TrialStates& k, double dt) {
  if (k.dim() != 2) throw Error("summary: the period needs rank-2 latents");
  const Eigen::Index from = k.steps / 2, n = k.steps - from + 1;
  double omega = 0.0;
  for (Eigen::Index b = 0; b < k.trials; ++b) {
    Eigen::VectorXd phase(n), time(n);
    double last = 0.0, turns = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double p = portable::atan2(k.state(b, from + i)(1), k.state(b, from + i)(0));
      if (i > 0 && p - last > kPi) turns -= 2.0 * kPi;
      if (i > 0 && p - last < -kPi) turns += 2.0 * kPi;
      last = p;
      phase(i) = p + turns;
      time(i) = double(i) * dt;
    }
    const double tm = time.mean(), pm = phase.mean();
    omega += ((time.array() - tm) * (phase.array() - pm)).sum() / (time.array() - tm).square().sum();
  }
  omega /= double(k.trials);
  return std::abs(omega) > 0.0 ? 2.0 * kPi / std::abs(omega) : std::numeric_limits<double>::infinity();
}

SummaryError summary_error(TeacherKind kind, const TrialStates& got, const TrialStates& want, double dt) {
  check_pair(got, want);
  SummaryError e;
  e.trajectory = latent_trajectory_error(got, want);
  switch (kind) {
    case TeacherKind::bistable:
    case TeacherKind::ring: e.primary = final_magnitude_error(got, want); break;
    case TeacherKind::cycle: {
      const double r = mean_radius(want, want.steps / 2);
      e.primary = std::abs(mean_radius(got, got.steps / 2) - r) / r;
      const double p = rotation_period(want, dt);
      e.period = std::abs(rotation_period(got, dt) - p) / p;
      break;
    }
  }
  return e;
}

}  // namespace rnnbook
