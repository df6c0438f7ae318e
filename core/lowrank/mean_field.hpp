#pragma once
// The mean-field latent drift of a low-rank network with i.i.d. loadings (SCIENCE.md 11.1):
// kappa' = -kappa + F(kappa), F(kappa) = E[n phi(m . kappa)], by Monte Carlo over loading samples, and for
// Gaussian loadings in Stein's form F(kappa) = Sigma_nm kappa <phi'>(kappa^T Sigma_mm kappa).
// rnnbook's reconstruction (SCIENCE.md 11.0).
#include <Eigen/Dense>
#include <functional>

#include "lowrank/trial_states.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

// F at the points kappa (R x P): the mean of n_s phi(m_s . kappa) over the sample rows of m, n (S x R).
Eigen::MatrixXd monte_carlo_drift(const Eigen::Ref<const Eigen::MatrixXd>& m, const Eigen::Ref<const Eigen::MatrixXd>& n,
                                  const Eigen::Ref<const Eigen::MatrixXd>& kappa, Activation phi = Activation::tanh);

// The trapezoid-rule value of the Gaussian integral of f, int f(z) Dz over [-half_width, half_width]
// with `points` nodes (24001 on [-12, 12] reaches 1e-14 for tanh-type integrands; SCIENCE.md U29).
double gaussian_integral(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f, int points = 24001,
                         double half_width = 12.0);

// <phi'>(Delta) = int phi'(sqrt(Delta) z) Dz.
double mean_slope(Activation phi, double delta);

// Stein's form for Gaussian loadings: F(kappa) = Sigma_nm kappa <phi'>(kappa^T Sigma_mm kappa), at points
// kappa (R x P); Sigma_nm = E[n m^T], Sigma_mm = E[m m^T] (R x R, zero-mean loadings).
Eigen::MatrixXd gaussian_drift(const Eigen::Ref<const Eigen::MatrixXd>& sigma_nm,
                               const Eigen::Ref<const Eigen::MatrixXd>& sigma_mm,
                               const Eigen::Ref<const Eigen::MatrixXd>& kappa, Activation phi = Activation::tanh);

// Euler steps kappa <- kappa + dt (-kappa + F(kappa)) from K0 (R x B) for any drift F (R x P -> R x P).
TrialStates mean_field_trajectories(const std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)>& drift,
                                    const Eigen::Ref<const Eigen::MatrixXd>& K0, double dt, Eigen::Index steps);

}  // namespace rnnbook
