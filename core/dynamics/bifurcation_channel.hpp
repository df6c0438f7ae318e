#pragma once
// The bifurcation channel of SCIENCE.md 4.3: the parameter direction v_bif along which the critical
// multiplier moves fastest, and the exact split of the sNTK Theta = Theta_bif + Theta_res with
// Theta_bif = (J v)(J v)^T, Theta_res = J (I - v v^T) J^T.
#include <Eigen/Dense>

#include "common/rng.hpp"
#include "dynamics/multipliers.hpp"
#include "ops/state_space.hpp"

namespace rnnbook {

// grad_theta Re lambda_c = Re l^T (dA*/dtheta) r at the fixed point h* with constant input x, over the
// blocks `model` selects (its parameter ordering W, U, b), with h* held fixed (the dA/dh dh*/dtheta
// term is left out: it vanishes at h* = 0, the symmetric point with b = 0 and an odd phi). Rate cell:
//   dRe lambda/dW_ij = a Re(l_i [phi'(u_i) r_j + phi''(u_i) (W r)_i h*_j]), u = W h* + U x + b,
//   dRe lambda/dU_ij = a Re(l_i phi''(u_i) (W r)_i) x_j,  dRe lambda/db_i = a Re(l_i phi''(u_i) (W r)_i).
// Throws Error for the other cells.
Eigen::VectorXd critical_multiplier_gradient(const StateSpaceModel& model, const Eigen::VectorXd& h_star,
                                             const Eigen::VectorXd& x, const CriticalMode& mode);

struct ChannelSplit {
  double bif = 0.0;         // ||J v||^2, the rank-one channel's eigenvalue
  double res_top = 0.0;     // lambda_1(Theta_res) (Lanczos on (I - v v^T) G (I - v v^T))
  double res_trace = 0.0;   // tr Theta_res = tr Theta - ||J v||^2
  double rho1 = 0.0;        // bif / res_top, the amplification
  double rho_trace = 0.0;   // bif / res_trace
  double alignment = 0.0;   // |<v, w_1>|, w_1 the top eigenvector of G = J^T J
};

// v: unit vector in the model's parameter space; trace: tr Theta; w1: G's top eigenvector (unit).
ChannelSplit bifurcation_split(const StateSpaceModel& model, const Eigen::VectorXd& v, double trace,
                               const Eigen::VectorXd& w1, Rng& rng);

}  // namespace rnnbook
