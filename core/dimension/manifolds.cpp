#include "dimension/manifolds.hpp"

#include <cmath>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/number_text.hpp"
#include "common/portable_math.hpp"
#include "common/rng.hpp"
#include "ops/spectral.hpp"

namespace rnnbook {

using Eigen::Index;
using Eigen::MatrixXd;

const std::vector<std::string>& manifold_names() {
  static const std::vector<std::string> names = {"plane", "sphere", "swiss_roll", "gaussian", "cube"};
  return names;
}

Manifold manifold_from_name(const std::string& name) {
  const auto& names = manifold_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return Manifold(i);
  throw Error("manifold: must be one of \"plane\", \"sphere\", \"swiss_roll\", \"gaussian\", \"cube\", got \"" + name + "\"");
}

Index natural_dimension(Manifold kind, Index dimension) {
  switch (kind) {
    case Manifold::plane: return 2;
    case Manifold::swiss_roll: return 3;
    case Manifold::sphere: return dimension + 1;
    case Manifold::gaussian:
    case Manifold::cube: break;
  }
  return dimension;
}

namespace {

// One point in the manifold's own coordinates (row of length m).
void sample_point(Manifold kind, Rng& rng, Eigen::RowVectorXd& out) {
  switch (kind) {
    case Manifold::plane:
    case Manifold::cube:
      for (Index j = 0; j < out.size(); ++j) out(j) = rng.uniform();
      return;
    case Manifold::gaussian:
      for (Index j = 0; j < out.size(); ++j) out(j) = rng.normal();
      return;
    case Manifold::sphere: {  // a normalised Gaussian is uniform on the sphere
      double norm = 0.0;
      while (!(norm > 1e-12)) {
        for (Index j = 0; j < out.size(); ++j) out(j) = rng.normal();
        norm = out.norm();
      }
      out /= norm;
      return;
    }
    case Manifold::swiss_roll: {
      const double t = 1.5 * kPi * (1.0 + 2.0 * rng.uniform());
      const double h = 21.0 * rng.uniform();
      out << t * portable::cos(t), h, t * portable::sin(t);
      return;
    }
  }
}

}  // namespace

MatrixXd sample_manifold(const ManifoldSpec& spec, std::uint64_t seed) {
  const bool two_d = spec.kind == Manifold::plane || spec.kind == Manifold::swiss_roll;
  if (two_d && spec.dimension != 2)
    throw Error(std::string("dimension: a ") + (spec.kind == Manifold::plane ? "plane" : "swiss_roll") +
                " is 2-dimensional; must be 2, got " + std::to_string(spec.dimension));
  if (spec.dimension < 1) throw Error("dimension: must be an integer >= 1, got " + std::to_string(spec.dimension));
  if (spec.samples < 1) throw Error("samples: must be an integer >= 1, got " + std::to_string(spec.samples));
  const Index m = natural_dimension(spec.kind, spec.dimension);
  const Index D = spec.embedding == 0 ? m : spec.embedding;
  if (D < m)
    throw Error("embedding: must be at least the manifold's " + std::to_string(m) + " coordinates, got " +
                std::to_string(D));
  if (!(spec.noise >= 0.0 && std::isfinite(spec.noise)))
    throw Error("noise: must be a finite number >= 0, got " + number_text(spec.noise));

  Rng point_rng(seed, 1);
  MatrixXd Z(spec.samples, m);
  Eigen::RowVectorXd z(m);
  for (Index i = 0; i < spec.samples; ++i) {
    sample_point(spec.kind, point_rng, z);
    Z.row(i) = z;
  }

  MatrixXd X = MatrixXd::Zero(spec.samples, D);
  if (spec.rotate) {
    // QR of a Gaussian D x m matrix: its Q holds m orthonormal columns of a Haar rotation once the
    // signs are fixed by R's diagonal.
    Rng rotation_rng(seed, 2);
    const MatrixXd G = gaussian_matrix(D, m, rotation_rng);
    Eigen::HouseholderQR<MatrixXd> qr(G);
    MatrixXd Q = qr.householderQ() * MatrixXd::Identity(D, m);
    const MatrixXd R = qr.matrixQR().topRows(m).triangularView<Eigen::Upper>();
    for (Index j = 0; j < m; ++j)
      if (R(j, j) < 0.0) Q.col(j) *= -1.0;
    X.noalias() = Z * Q.transpose();
  } else {
    X.leftCols(m) = Z;
  }
  if (spec.noise > 0.0) {
    Rng noise_rng(seed, 3);
    for (Index i = 0; i < X.rows(); ++i)
      for (Index j = 0; j < D; ++j) X(i, j) += spec.noise * noise_rng.normal();
  }
  return X;
}

}  // namespace rnnbook
