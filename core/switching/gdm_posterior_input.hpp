#pragma once
// The input x_t of the GDM's amortised posterior q(z_t | x_t) = Concrete(tau, W x_t + c), built once
// per sequence and shared by the ELBO and the soft states; the forecasts' starting draws take it step by step.
#include <Eigen/Dense>

#include "switching/gdm_parameters.hpp"

namespace rnnbook {

// P x T: y itself (observation) or [y_t; y_t - y_{t-1}] with the first step's increment 0 (increment).
Eigen::MatrixXd gdm_posterior_input(GdmPosteriorInput input, const Eigen::Ref<const Eigen::MatrixXd>& y);

// Its column t alone (the same bits), for callers that need a few steps of a long sequence.
Eigen::VectorXd gdm_posterior_input_at(GdmPosteriorInput input, const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index t);

}  // namespace rnnbook
