#include "measures/mlp_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/progress.hpp"
#include "dimension/points.hpp"
#include "linalg/svd.hpp"
#include "mlp/mlp_jacobian.hpp"

namespace rnnbook {

namespace {

double spectral_norm(const Eigen::MatrixXd& W) { return singular_values(W)(0); }

double ratio(double num, double den) { return num == 0.0 ? 0.0 : num / den; }

}  // namespace

// SCIENCE.md 6.4: J_x = (df/dz_1) W_1 and ||grad_{W_1} f||_F = ||df/dz_1||_F ||x||, hence bounds 1-2 by
// Cauchy-Schwarz over points; bound 3 by Cauchy-Schwarz over layers and points; bound 4 by AM-GM.
MlpSensitivity mlp_sensitivity(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X, int r) {
  const MlpShape& s = p.shape();
  const int most = std::min(s.inputs, s.outputs);
  if (r < 1 || r > most)
    throw Error("mlp_sensitivity: r must be in [1, " + std::to_string(most) + "] (min of inputs and outputs), got " +
                std::to_string(r));
  if (X.cols() < 1) throw Error("mlp_sensitivity: no points");
  if (!X.allFinite()) throw Error("mlp_sensitivity: the points have NaN or infinite entries");
  MlpActivations acts;
  mlp_forward(p, X, acts);
  const Eigen::Index n = X.cols();
  const int L = s.layers();
  std::vector<double> w2(static_cast<std::size_t>(L));  // ||W_l||_2^2
  for (int l = 0; l < L; ++l) {
    const double norm = spectral_norm(p.W(l));
    w2[std::size_t(l)] = norm * norm;
  }
  const double w1 = std::sqrt(w2[0]);
  double w_all = 0.0;
  for (double v : w2) w_all += v;
  w_all = std::sqrt(w_all);

  MlpSensitivity m(n);
  FlatnessBounds& b = m.bounds;
  double grad_sq = 0.0, grad_w1_sq = 0.0, inv_x_sq = 0.0, harm = 0.0, log_rhs = 0.0;
  // ||x||^2 and ||grad_{W_1} f||^2 of x times 2^e near 1 (exact): for inputs near 1e-170 they underflowed to 0,
  // and bound 2's B = ||W_1|| sqrt(mean ||grad_{W_1} f||^2) sqrt(mean 1/||x||^2), free of x's scale, was 0 x inf.
  const int e = rescale_exponent(X);
  b.bound4_gap = -std::numeric_limits<double>::infinity();
  const double dn = double(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const MlpLayerJacobians jac = mlp_layer_jacobians(p, acts, i);
    const LocalSensitivity loc = local_sensitivity(jac.input[0], r);
    const NetworkSensitivity net = network_sensitivity(jac.input, r);
    m.set(i, loc, net);
    for (int l = 0; l < L; ++l)  // tr K_i (mlp_jacobian.hpp)
      grad_sq += (acts.a[std::size_t(l)].col(i).squaredNorm() + 1.0) * jac.pre[std::size_t(l)].squaredNorm();
    const double x_sq = scaled(X.col(i), e).squaredNorm();
    const double gw1_sq = jac.pre[0].squaredNorm() * x_sq;  // ||grad_{W_1} f(x_i)||_F^2
    grad_w1_sq += gw1_sq;
    inv_x_sq += 1.0 / x_sq;  // +infinity for x = 0: the bounds then say nothing
    for (int l = 0; l < L; ++l) harm += w2[std::size_t(l)] / acts.a[std::size_t(l)].col(i).squaredNorm();
    const double jf = std::sqrt(loc.frobenius_sq);
    b.bound1_mls_ratio = std::max(b.bound1_mls_ratio, ratio(loc.max_sensitivity, jf));
    b.bound1_ratio = std::max(b.bound1_ratio, ratio(jf, w1 * std::sqrt(gw1_sq / x_sq)));
    const double rhs = 0.5 * r * portable::log(loc.frobenius_sq / r);
    log_rhs += rhs;
    if (loc.log_volume > -std::numeric_limits<double>::infinity())
      b.bound4_gap = std::max(b.bound4_gap, loc.log_volume - rhs);
    report_progress(double(i + 1) / dn);  // a point's Jacobians and SVD: a millisecond at wide layers
  }
  m.sharpness = std::sqrt(grad_sq / dn);
  const double quad_scaled = std::sqrt(inv_x_sq / dn), quad = std::ldexp(quad_scaled, e);
  b.mls = m.max_sensitivity.mean();
  b.bound2_b = w1 * std::sqrt(grad_w1_sq / dn) * quad_scaled;
  b.bound2_c = w1 * quad * m.sharpness;
  b.bound2_d = w_all * quad * m.sharpness;
  b.nmls = m.nmls.mean();
  b.bound3 = std::sqrt(harm / dn) * m.sharpness;
  b.log_volume = m.log_volume.mean();
  b.bound4 = log_rhs / dn;
  return m;
}

}  // namespace rnnbook
