#include "measures/local_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

namespace {

// Descending singular values of J. Fast path: the eigenvalues of the min(rows, cols)-square Gram
// matrix, sigma_i^2 = lambda_i, whose error ~ eps lambda_1 is relatively small for the top `top`
// values when lambda_top >= 1e-6 lambda_1; otherwise (or for the smaller ones, which only enter
// sums) a Jacobi SVD of J itself. Only the top `top` values are guaranteed to full relative accuracy.
Eigen::VectorXd jacobian_singular_values(const Eigen::Ref<const Eigen::MatrixXd>& J, const std::string& who, Eigen::Index top) {
  if (J.size() == 0) throw Error(who + ": the Jacobian is empty");
  if (!J.allFinite()) throw Error(who + ": the Jacobian has NaN or infinite entries");
  const Eigen::MatrixXd G = J.rows() <= J.cols() ? Eigen::MatrixXd(J * J.transpose()) : Eigen::MatrixXd(J.transpose() * J);
  const Eigen::VectorXd lambda =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(G, Eigen::EigenvaluesOnly).eigenvalues().reverse();
  if (lambda(0) > 0.0 && lambda(top - 1) >= 1e-6 * lambda(0)) return lambda.cwiseMax(0.0).cwiseSqrt();
  return Eigen::JacobiSVD<Eigen::MatrixXd>(J).singularValues();
}

// sum_{i<r} ln sigma_i; -infinity once a sigma is 0 (the image of a ball is flat in that direction).
double log_top(const Eigen::VectorXd& sigma, Eigen::Index r) {
  double s = 0.0;
  for (Eigen::Index i = 0; i < r; ++i) {
    if (!(sigma(i) > 0.0)) return -std::numeric_limits<double>::infinity();
    s += portable::log(sigma(i));
  }
  return s;
}

}  // namespace

// SCIENCE.md 6.4: LD = PR(sigma^2), MLS = sigma_1, log LVR = sum_{i<=r} ln sigma_i (cal_logvol: r = 3).
LocalSensitivity local_sensitivity(const Eigen::Ref<const Eigen::MatrixXd>& J, int r) {
  const Eigen::Index most = std::min(J.rows(), J.cols());
  if (r < 1 || (J.size() > 0 && r > most))
    throw Error("local_sensitivity: r must be in [1, " + std::to_string(most) + "] (min of the Jacobian's " +
                std::to_string(J.rows()) + " x " + std::to_string(J.cols()) + "), got " + std::to_string(r));
  const Eigen::VectorXd sigma = jacobian_singular_values(J, "local_sensitivity", r);
  LocalSensitivity m;
  // sum sigma^2 = ||J||_F^2 and sum sigma^4 = ||J J^T||_F^2, whatever path gave sigma.
  m.frobenius_sq = J.squaredNorm();
  const double s4 = J.rows() <= J.cols() ? (J * J.transpose()).squaredNorm() : (J.transpose() * J).squaredNorm();
  m.max_sensitivity = sigma(0);
  // A map to a point expands no direction: LD = 0 rather than 0/0.
  m.local_dimension = m.frobenius_sq > 0.0 ? m.frobenius_sq * m.frobenius_sq / s4 : 0.0;
  m.log_volume = log_top(sigma, r);
  return m;
}

// SCIENCE.md 6.4: NMLS = sum_l sigma_1(df/da_l) over the linear layers (sharpdim get_nmls); NVR by analogy.
NetworkSensitivity network_sensitivity(const std::vector<Eigen::MatrixXd>& layer_input_jacobians, int r) {
  if (layer_input_jacobians.empty()) throw Error("network_sensitivity: no layer Jacobians");
  if (r < 1) throw Error("network_sensitivity: r must be >= 1, got " + std::to_string(r));
  NetworkSensitivity m;
  for (std::size_t l = 0; l < layer_input_jacobians.size(); ++l) {
    const Eigen::MatrixXd& J = layer_input_jacobians[l];
    const Eigen::Index top = std::min<Eigen::Index>({Eigen::Index(r), J.rows(), J.cols()});
    const Eigen::VectorXd sigma = jacobian_singular_values(J, "network_sensitivity: layer " + std::to_string(l), top);
    m.nmls += sigma(0);
    m.nvr += log_top(sigma, top);
  }
  return m;
}

SensitivityArrays::SensitivityArrays(Eigen::Index points)
    : local_dimension(points), max_sensitivity(points), log_volume(points), frobenius_sq(points), nmls(points),
      nvr(points) {}

void SensitivityArrays::set(Eigen::Index i, const LocalSensitivity& local, const NetworkSensitivity& network) {
  local_dimension(i) = local.local_dimension;
  max_sensitivity(i) = local.max_sensitivity;
  log_volume(i) = local.log_volume;
  frobenius_sq(i) = local.frobenius_sq;
  nmls(i) = network.nmls;
  nvr(i) = network.nvr;
}

}  // namespace rnnbook
