#pragma once
// Accuracy of a set of forecasts by lead (SCIENCE.md 13.3): MSE, Gaussian CRPS, the weighted
// quantile loss up to a lead, and the informative horizon against a reference.
#include "timeseries/forecast_set.hpp"
#include "timeseries/predictive_scores.hpp"

namespace rnnbook {

// Mean over windows and channels at each lead (vectors of `leads` entries).
Eigen::VectorXd mse_by_lead(const ForecastSet& set);
Eigen::VectorXd crps_by_lead(const ForecastSet& set);

// MWQL_L = sum over windows, channels and leads h <= max_lead of (1/Q) sum_q rho_q(y, mean + sd z_q),
// divided by sum |y| over the same entries (use raw units: ForecastSet::in_raw_units). Throws
// rnnbook::Error unless 1 <= max_lead <= leads and the normaliser is > 0.
double weighted_quantile_loss(const ForecastSet& set, Eigen::Index max_lead,
                              const QuantileGrid& grid = QuantileGrid::deciles());

// The first lead h (1-based) with score[h-1] >= fraction * reference[h-1]; leads + 1 if none
// (SCIENCE.md 13.3: MSE against the Average forecast, fraction 0.95).
int informative_horizon(const Eigen::Ref<const Eigen::VectorXd>& score,
                        const Eigen::Ref<const Eigen::VectorXd>& reference, double fraction = 0.95);

}  // namespace rnnbook
