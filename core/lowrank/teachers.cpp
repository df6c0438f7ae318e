#include "lowrank/teachers.hpp"

#include <cmath>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

TeacherKind teacher_from_name(const std::string& name) {
  if (name == "bistable") return TeacherKind::bistable;
  if (name == "ring") return TeacherKind::ring;
  if (name == "cycle") return TeacherKind::cycle;
  throw Error("teacher.name: must be one of \"bistable\", \"ring\", \"cycle\", got \"" + name + "\"");
}

const char* teacher_name(TeacherKind kind) {
  switch (kind) {
    case TeacherKind::bistable: return "bistable";
    case TeacherKind::ring: return "ring";
    case TeacherKind::cycle: return "cycle";
  }
  return "?";
}

TeacherSettings teacher_defaults(TeacherKind kind) {
  TeacherSettings s;
  s.kind = kind;
  switch (kind) {
    case TeacherKind::bistable:
      s.overlap = Eigen::MatrixXd::Constant(1, 1, 3.0);
      s.laplace = true;
      break;
    case TeacherKind::ring:
      s.overlap = 2.0 * Eigen::MatrixXd::Identity(2, 2);
      s.laplace = false;
      break;
    case TeacherKind::cycle:
      s.overlap.resize(2, 2);
      s.overlap << 2.0, -1.0, 1.0, 2.0;
      s.laplace = false;
      s.steps = 250;
      break;
  }
  return s;
}

double laplace_unit(Rng& rng) {
  const double scale = 1.0 / std::sqrt(2.0);  // variance 2 scale^2 = 1
  const double magnitude = -scale * portable::log(1.0 - rng.uniform());  // 1 - U in (0, 1]
  return rng.sign() * magnitude;
}

LowRankNetwork teacher_network(const TeacherSettings& s, Rng& rng) {
  const Eigen::Index R = s.overlap.rows();
  LowRankNetwork net;
  net.M.resize(s.neurons, R);
  net.N.resize(s.neurons, R);
  for (Eigen::Index i = 0; i < s.neurons; ++i)
    for (Eigen::Index r = 0; r < R; ++r) net.M(i, r) = s.laplace ? laplace_unit(rng) : rng.normal();
  for (Eigen::Index i = 0; i < s.neurons; ++i)
    for (Eigen::Index r = 0; r < R; ++r) net.N(i, r) = s.residual * rng.normal();
  net.N += net.M * s.overlap.transpose();  // n_i = G m_i + xi_i
  return net;
}

Eigen::MatrixXd teacher_latent_starts(Eigen::Index rank, Eigen::Index count, double radius, Rng& rng) {
  Eigen::MatrixXd K(rank, count);
  for (Eigen::Index b = 0; b < count; ++b) {
    if (rank == 1) {
      K(0, b) = rng.uniform(-radius, radius);
    } else {  // uniform on the disc: r = R sqrt(U)
      const double r = radius * std::sqrt(rng.uniform()), angle = 2.0 * kPi * rng.uniform();
      K(0, b) = r * portable::cos(angle);
      K(1, b) = r * portable::sin(angle);
      for (Eigen::Index k = 2; k < rank; ++k) K(k, b) = 0.0;
    }
  }
  return K;
}

Teacher make_teacher(const TeacherSettings& s, std::uint64_t seed) {
  const Eigen::Index R = s.overlap.rows();
  if (R < 1 || R > 2 || s.overlap.cols() != R || !s.overlap.allFinite())
    throw Error("teacher.overlap: must be a finite 1 x 1 or 2 x 2 matrix, got " +
                size_text(s.overlap.rows(), s.overlap.cols()));
  if (s.neurons < 2) throw Error("teacher.neurons: must be >= 2, got " + std::to_string(s.neurons));
  if (!(s.dt > 0.0 && s.dt <= 1.0)) throw Error("teacher.dt: must be in (0, 1], got " + std::to_string(s.dt));
  if (!(s.residual >= 0.0)) throw Error("teacher.residual: must be >= 0, got " + std::to_string(s.residual));
  if (!(s.init_radius > 0.0)) throw Error("teacher.init_radius: must be > 0, got " + std::to_string(s.init_radius));
  if (s.train_trials < 1 || s.heldout_trials < 1)
    throw Error("teacher.trials: train and held-out trials must be >= 1");
  if (s.steps < 2) throw Error("teacher.steps: must be >= 2, got " + std::to_string(s.steps));
  Teacher t;
  t.settings = s;
  Rng loadings(seed, 0), train_starts(seed, 1), heldout_starts(seed, 2);
  t.net = teacher_network(s, loadings);
  t.train_latent0 = teacher_latent_starts(R, s.train_trials, s.init_radius, train_starts);
  t.heldout_latent0 = teacher_latent_starts(R, s.heldout_trials, s.init_radius, heldout_starts);
  t.train = simulate(t.net, s.dt, t.net.M * t.train_latent0, s.steps);
  t.heldout = simulate(t.net, s.dt, t.net.M * t.heldout_latent0, s.steps);
  return t;
}

}  // namespace rnnbook
