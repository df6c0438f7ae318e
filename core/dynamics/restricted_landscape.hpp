#pragma once
// The "restricted sNTK matches the normal form" comparison of SCIENCE.md 4.3 step 5: along the unit
// bifurcation direction v, the kernel k(s) = ||J(theta + s v) v||^2 and the loss L(theta + s v), against
// the fitted pitchfork normal form z_t = z_{t-1} + mu z_{t-1} - c z_{t-1}^3 + beta x_t simulated at
// mu(s) = mu_hat + s dmu/ds: kernel (dmu/ds)^2 sum_t (dz_t/dmu)^2 and the loss of the readout (C r) z_t.
// rnnbook's reconstruction (SCIENCE.md 4 is a design); the reduced coordinate is z = l^T h with l^T r = 1.
#include <Eigen/Dense>

#include "dynamics/normal_form.hpp"
#include "ops/state_space.hpp"

namespace rnnbook {

struct RestrictedLandscape {
  double dmu_ds = 0.0;        // ||grad_theta Re lambda_c||: how fast mu moves along v
  Eigen::VectorXd dmu;        // mu(s) - mu_hat = s dmu/ds at each point (the x-axis)
  Eigen::VectorXd kernel;     // ||J(theta + s v) v||^2, all states
  Eigen::VectorXd kernel_z;   // sum_{t,b} (l^T [J(theta + s v) v]_{t,b})^2, the reduced coordinate only
  Eigen::VectorXd loss;       // masked 1/2-MSE of the network at theta + s v on the batch targets
  Eigen::VectorXd nf_kernel;  // (dmu/ds)^2 sum_{t,b} (dz_t/dmu)^2 of the fitted normal form
  Eigen::VectorXd nf_loss;    // masked 1/2-MSE of (C r) z_t(mu(s)) on the batch targets
};

// p: the network; batch: inputs and targets (the relaxation trials with the teacher's outputs);
// selection: the blocks v lives on (model ordering); v: unit direction; dmu_ds: the norm of the
// multiplier gradient; left, right: the critical eigenvectors (real); fit: the normal form;
// points equally spaced Delta mu in [-mu_span, mu_span]. Throws Error on sizes or points < 2.
RestrictedLandscape restricted_landscape(const RnnParameters& p, const Batch& batch, const ParameterSelection& selection,
                                         const Eigen::VectorXd& v, double dmu_ds, const Eigen::VectorXd& left,
                                         const Eigen::VectorXd& right, const NormalFormFit& fit, double mu_span,
                                         int points);

}  // namespace rnnbook
