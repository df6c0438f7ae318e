#pragma once
// Calibration of Gaussian predictives (SCIENCE.md 13.3): central-interval coverage and the mean
// predictive sd per lead, and the histogram of the probability integral transform Phi((y - mean)/sd),
// flat for a calibrated forecaster.
#include "timeseries/forecast_set.hpp"

namespace rnnbook {

// Fraction of (window, channel) pairs at each lead whose truth lies in the central `level`
// interval (level in (0, 1); 0.8 in the notebook).
Eigen::VectorXd coverage_by_lead(const ForecastSet& set, double level);

// Mean predictive sd over windows and channels at each lead (in z units this is the paper's
// "uncertainty ratio", predictive sd / training sd).
Eigen::VectorXd mean_sd_by_lead(const ForecastSet& set);

// Fraction of all entries whose PIT value falls in each of `bins` equal bins of [0, 1].
Eigen::VectorXd pit_histogram(const ForecastSet& set, int bins);

}  // namespace rnnbook
