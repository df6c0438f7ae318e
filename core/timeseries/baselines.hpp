#pragma once
// The two reference forecasters of SCIENCE.md 13.2: Naive (random walk from the last value, sd
// growing as s_diff sqrt(h)) and Average (the training mean and sd at every lead).
#include "timeseries/gaussian_forecast.hpp"

namespace rnnbook {

// Per channel, the sd of the first differences y_t - y_{t-1} for t in [first + 1, end). Throws
// rnnbook::Error unless the range holds at least 3 rows.
Eigen::RowVectorXd difference_sd(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end);

// mean_h = last, sd_h = step_sd sqrt(h).
GaussianForecast naive_forecast(const Eigen::Ref<const Eigen::RowVectorXd>& last,
                                const Eigen::Ref<const Eigen::RowVectorXd>& step_sd, int leads);

// mean_h = mean, sd_h = sd (in z units: 0 and 1).
GaussianForecast average_forecast(const Eigen::Ref<const Eigen::RowVectorXd>& mean,
                                  const Eigen::Ref<const Eigen::RowVectorXd>& sd, int leads);

}  // namespace rnnbook
