#pragma once
// Iterated multi-step Gaussian predictives of a VAR/AR model (SCIENCE.md 13.2): the mean by
// iterating the recursion with the noise set to zero, the covariance by the psi-weights.
#include <vector>

#include "timeseries/gaussian_forecast.hpp"
#include "timeseries/var_model.hpp"

namespace rnnbook {

// Psi_0 = I, Psi_j = sum_{k=1..min(p,j)} A_k Psi_{j-k}, for j = 0..leads-1.
std::vector<Eigen::MatrixXd> psi_weights(const VarModel& model, int leads);

// Sigma_h = sum_{j<h} Psi_j Sigma Psi_j^T for h = 1..leads (entry h - 1).
std::vector<Eigen::MatrixXd> predictive_covariances(const VarModel& model, int leads);

// sqrt(diag Sigma_h) per lead: leads x n. It does not depend on the origin.
Eigen::MatrixXd predictive_sd(const VarModel& model, int leads);

// The iterated mean (leads x n) from the last `order` rows of history (T x n, last row = y_t).
// Throws rnnbook::Error if history has fewer rows than the order or another channel count.
Eigen::MatrixXd iterated_mean(const VarModel& model, const Eigen::Ref<const Eigen::MatrixXd>& history, int leads);

// Both: the Gaussian predictive from history.
GaussianForecast var_forecast(const VarModel& model, const Eigen::Ref<const Eigen::MatrixXd>& history, int leads);

}  // namespace rnnbook
