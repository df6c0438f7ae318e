#pragma once
// Synthetic point sets of known intrinsic dimension, for testing the estimators and for notebooks
// that need no downloads. Each is sampled in its own coordinates (R^m), placed in R^D (D >= m) by a
// random rotation (the first m columns of a Haar-random orthogonal matrix), and optionally blurred by
// isotropic Gaussian noise in all D coordinates.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace rnnbook {

enum class Manifold {
  plane,       // uniform in the unit square [0, 1]^2; d = 2, m = 2
  sphere,      // uniform on the unit sphere S^d in R^(d+1); m = d + 1
  swiss_roll,  // t = 1.5 pi (1 + 2u), h = 21 v, (t cos t, h, t sin t), u, v ~ U(0, 1); d = 2, m = 3
  gaussian,    // N(0, I_d); m = d
  cube,        // uniform in the unit cube [0, 1]^d; m = d
};

Manifold manifold_from_name(const std::string& name);  // throws Error naming "manifold"
const std::vector<std::string>& manifold_names();       // "plane", "sphere", "swiss_roll", "gaussian", "cube"

struct ManifoldSpec {
  Manifold kind = Manifold::plane;
  Eigen::Index dimension = 2;  // intrinsic d (plane and swiss_roll: 2)
  Eigen::Index samples = 1000;
  Eigen::Index embedding = 0;  // ambient D; 0 means m, the manifold's own coordinates
  double noise = 0.0;          // standard deviation of the noise per ambient coordinate
  bool rotate = true;          // false: pad with zeros, no rotation
};

// m, the number of the manifold's own coordinates.
Eigen::Index natural_dimension(Manifold kind, Eigen::Index dimension);

// samples x D points. Seeded streams: Rng(seed, 1) the points, (seed, 2) the rotation, (seed, 3) the
// noise, so changing the noise level keeps the same clean points. Throws Error naming the field.
Eigen::MatrixXd sample_manifold(const ManifoldSpec& spec, std::uint64_t seed);

}  // namespace rnnbook
