#pragma once
// The discrete pitchfork normal form of SCIENCE.md 4.1, z_{t+1} = z_t + mu z_t - c z_t^3 + beta x_{t+1},
// fitted by least squares to a reduced coordinate z_t = l^T h_t of a network's trajectories (4.3 step 5).
#include <Eigen/Dense>

namespace rnnbook {

struct NormalFormFit {
  double mu = 0.0, c = 0.0, beta = 0.0;
  double r_squared = 0.0;  // 1 - residual / total sum of squares of the increments z_{t+1} - z_t
  Eigen::Index samples = 0;
};

// z: (T+1) x B reduced coordinates (row 0 = z_0), x: T x B inputs (row t-1 drives z_t). Regresses
// z_t - z_{t-1} on (z_{t-1}, -z_{t-1}^3, x_t). Columns that are identically zero (e.g. no input) get a
// coefficient 0. Throws Error on mismatched sizes, fewer than 3 samples or non-finite data.
NormalFormFit fit_normal_form(const Eigen::MatrixXd& z, const Eigen::MatrixXd& x);

// The normal form's parameter sensitivity s_t = dz_t/dmu: s_{t+1} = (1 + dt (mu - 3 z_t^2)) s_t + dt z_t
// along z_{t+1} = z_t + dt (mu z_t - z_t^3), s_0 = 0 (SCIENCE.md 4.1, U10); returns s_steps.
double normal_form_sensitivity(double mu, double z0, double dt, int steps);

}  // namespace rnnbook
