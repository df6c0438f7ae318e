#pragma once
// What a fitted GDM says about data (SCIENCE.md 12.3, 12.5): soft states from the amortised
// posterior q(z_t | x_t) (x_t = y_t, or y_t with its increment: gdm_posterior_input.hpp), the
// paper-style reconstruction, and k-step forecasts by rolling the model forward from each time step.
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"
#include "switching/gdm_parameters.hpp"

namespace rnnbook {

// The mean of `samples` draws of q(z_t | x_t) = Concrete(tau, W x_t + c) at the model's tau, K x T
// (the authors evaluate with 20). Throws Error unless samples >= 1 and y has N rows.
Eigen::MatrixXd gdm_soft_states(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int samples,
                                Rng& rng);

// W x_t + c, the logits of q(z_t | x_t), K x T.
Eigen::MatrixXd gdm_posterior_logits(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y);

// The draws [from, to) of gdm_soft_states from its logits, added to sum (K x T): draw i is sample i / T at
// step i % T, so consecutive ranges from 0 to samples x T, divided by samples, give gdm_soft_states to the bit.
void gdm_soft_states_add(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& logits, Eigen::Index from,
                         Eigen::Index to, Rng& rng, Eigen::Ref<Eigen::MatrixXd> sum);

// The paper's "reconstruction" (its one-step R^2 uses it): sum_k zbar_tk mu_tk with z inferred from
// y_t itself, so it is not a forecast. N x T.
Eigen::MatrixXd gdm_reconstruction(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                   const Eigen::Ref<const Eigen::MatrixXd>& soft_states);

// Forecasts of horizons 1..horizon from every origin s: `paths` rollouts each start from a draw of
// q(z_s | x_s) and the observed y_s, then repeat z <- Concrete(tau, (1-gamma)(R F yhat + r) + gamma z),
// yhat <- sum_k z_k (S_k F yhat + b_k); the forecast is the mean over paths. Element h-1 is N x T with
// column t the forecast of y_t made at t - h (columns t < h are 0). Throws Error unless horizon,
// paths >= 1.
std::vector<Eigen::MatrixXd> gdm_forecasts(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                           int horizon, int paths, Rng& rng);

// The origins s in [from, to) of gdm_forecasts, their path sums added to sums (horizon matrices N x T):
// consecutive ranges from 0 to T - 1, divided by paths, give gdm_forecasts to the bit.
void gdm_forecasts_add(const GdmModel& model, const Eigen::Ref<const Eigen::MatrixXd>& y, int horizon, int paths,
                       Eigen::Index from, Eigen::Index to, Rng& rng, std::vector<Eigen::MatrixXd>& sums);

}  // namespace rnnbook
