#pragma once
// Local compression measures of a network at one point from its Jacobians (SCIENCE.md 6.4,
// Chen, Recanatesi, Shea-Brown; sharpdim get_dim, get_nmls), with sigma_1 >= sigma_2 >= ... the
// singular values of J = df/dx.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

struct LocalSensitivity {
  double local_dimension = 0.0;  // LD = (sum sigma^2)^2 / sum sigma^4 = PR of J J^T; 0 when J = 0
  double max_sensitivity = 0.0;  // MLS = sigma_1 = ||J||_2
  double log_volume = 0.0;       // log LVR_r = sum_{i<=r} ln sigma_i (-infinity when sigma_r = 0)
  double frobenius_sq = 0.0;     // ||J||_F^2
};

// Throws Error if J is empty or not finite, or unless 1 <= r <= min(rows, cols).
LocalSensitivity local_sensitivity(const Eigen::Ref<const Eigen::MatrixXd>& J, int r);

struct NetworkSensitivity {
  double nmls = 0.0;  // sum_l sigma_1(df/da_l)
  double nvr = 0.0;   // sum_l sum_{i <= r_l} ln sigma_i(df/da_l), r_l = min(r, rows, cols) [U: by analogy]
};

// Network-wide measures from the Jacobians df/da_l of the output with respect to every layer's
// input a_l (for an RNN, every step's hidden state). Throws Error if the list is empty, a Jacobian
// is empty or not finite, or r < 1.
NetworkSensitivity network_sensitivity(const std::vector<Eigen::MatrixXd>& layer_input_jacobians, int r);

// Per-point arrays of the measures above (a point: a data point of an MLP, a trial of an RNN).
struct SensitivityArrays {
  Eigen::VectorXd local_dimension, max_sensitivity, log_volume, frobenius_sq, nmls, nvr;

  explicit SensitivityArrays(Eigen::Index points = 0);
  void set(Eigen::Index i, const LocalSensitivity& local, const NetworkSensitivity& network);
};

}  // namespace rnnbook
