#pragma once
// Local sensitivity of an MLP at data points, its sharpness, and the bounds of SCIENCE.md 6.4 that
// tie them together (sharpdim plot_bound_mls.py, plot_bound_nmls.py), all from one reverse sweep per
// point.
#include "measures/local_sensitivity.hpp"
#include "mlp/mlp_parameters.hpp"

namespace rnnbook {

// Each bound is reported by both of its sides (or, per point, by its worst ratio or gap), so that a
// caller can check it and plot its slack.
struct FlatnessBounds {
  // 1: MLS(x) <= ||J_x||_F <= ||W_1||_2 ||grad_{W_1} f(x)||_F / ||x||; worst point, each ratio <= 1
  // (0 when the numerator is 0).
  double bound1_mls_ratio = 0.0;  // max_i MLS_i / ||J_i||_F
  double bound1_ratio = 0.0;      // max_i ||J_i||_F / (||W_1||_2 ||grad_{W_1} f(x_i)||_F / ||x_i||)
  // 2: mean MLS <= B = ||W_1||_2 sqrt(mean ||grad_{W_1} f||_F^2) quad <= C = ||W_1||_2 quad sharp
  //    <= D = W quad sharp, quad = sqrt(mean 1/||x||^2), W = sqrt(sum_l ||W_l||_2^2).
  double mls = 0.0, bound2_b = 0.0, bound2_c = 0.0, bound2_d = 0.0;
  // 3: mean NMLS <= sqrt(harm) sharp, harm = mean_i sum_l ||W_l||_2^2 / ||a_l(x_i)||^2.
  double nmls = 0.0, bound3 = 0.0;
  // 4: log LVR_r(x) <= (r/2) ln(||J_x||_F^2 / r): the means of both sides and the worst gap
  //    max_i (lhs_i - rhs_i) <= 0.
  double log_volume = 0.0, bound4 = 0.0, bound4_gap = 0.0;
};

// Per point (SCIENCE.md 6.4, measures/local_sensitivity.hpp), r = the log-volume rank; and over the points:
struct MlpSensitivity : SensitivityArrays {
  explicit MlpSensitivity(Eigen::Index points = 0) : SensitivityArrays(points) {}
  // sharp = sqrt(mean_i sum_j ||grad_theta f_j(x_i)||^2) over all parameters (sharpdim get_gradW); for the
  // loss 1/(2n) sum ||f - y||^2 at zero residual, sharp^2 = Tr H.
  double sharpness = 0.0;
  FlatnessBounds bounds;
};

// X: d x n points (n >= 1). Throws Error on a width mismatch, non-finite points or unless
// 1 <= r <= min(inputs, outputs).
MlpSensitivity mlp_sensitivity(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X, int r);

}  // namespace rnnbook
