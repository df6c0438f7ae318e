#include "dynamics/normal_form.hpp"

#include <string>
#include <vector>

#include "common/error.hpp"

namespace rnnbook {

NormalFormFit fit_normal_form(const Eigen::MatrixXd& z, const Eigen::MatrixXd& x) {
  const Eigen::Index T = x.rows(), B = x.cols();
  if (z.rows() != T + 1 || z.cols() != B)
    throw Error("normal form: z must be (T+1) x B = " + std::to_string(T + 1) + " x " + std::to_string(B) +
                ", got " + std::to_string(z.rows()) + " x " + std::to_string(z.cols()));
  if (!z.allFinite() || !x.allFinite()) throw Error("normal form: z or x contains NaN or infinity");
  const Eigen::Index n = T * B;
  if (n < 3) throw Error("normal form: needs at least 3 samples, got " + std::to_string(n));
  Eigen::MatrixXd X(n, 3);
  Eigen::VectorXd y(n);
  for (Eigen::Index b = 0, k = 0; b < B; ++b)
    for (Eigen::Index t = 1; t <= T; ++t, ++k) {
      const double zp = z(t - 1, b);
      X.row(k) << zp, -zp * zp * zp, x(t - 1, b);
      y(k) = z(t, b) - zp;
    }
  // Drop all-zero regressors so that the least-squares solution stays unique.
  Eigen::Vector3d coef = Eigen::Vector3d::Zero();
  std::vector<Eigen::Index> used;
  for (Eigen::Index j = 0; j < 3; ++j)
    if (X.col(j).cwiseAbs().maxCoeff() > 0.0) used.push_back(j);
  Eigen::MatrixXd Xu(n, Eigen::Index(used.size()));
  for (std::size_t j = 0; j < used.size(); ++j) Xu.col(Eigen::Index(j)) = X.col(used[j]);
  if (!used.empty()) {
    const Eigen::VectorXd sol = Xu.colPivHouseholderQr().solve(y);
    for (std::size_t j = 0; j < used.size(); ++j) coef(used[j]) = sol(Eigen::Index(j));
  }
  NormalFormFit f;
  f.mu = coef(0), f.c = coef(1), f.beta = coef(2);
  f.samples = n;
  const double ss_res = (y - X * coef).squaredNorm();
  const double ss_tot = (y.array() - y.mean()).square().sum();
  f.r_squared = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : 1.0;
  return f;
}

double normal_form_sensitivity(double mu, double z0, double dt, int steps) {
  double z = z0, s = 0.0;
  for (int t = 0; t < steps; ++t) {
    const double s_next = (1.0 + dt * (mu - 3.0 * z * z)) * s + dt * z;
    z = z + dt * (mu * z - z * z * z);
    s = s_next;
  }
  return s;
}

}  // namespace rnnbook
