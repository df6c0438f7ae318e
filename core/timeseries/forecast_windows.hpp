#pragma once
// The chronological protocol of SCIENCE.md 13.3: train / validation / test segments in time order,
// forecast origins at a fixed stride whose targets stay inside a segment, and the forecasts of any
// forecaster collected over those origins.
#include <functional>
#include <vector>

#include "timeseries/forecast_set.hpp"

namespace rnnbook {

struct ForecastSplit {
  Eigen::Index train_end = 0;       // train rows [0, train_end)
  Eigen::Index validation_end = 0;  // validation rows [train_end, validation_end), test rows [validation_end, total)
  Eigen::Index total = 0;
};

// Rounds fractions of `total` rows down (60/20/20 by default). Throws rnnbook::Error unless both
// fractions are > 0 and sum to < 1.
ForecastSplit chronological_split(Eigen::Index total, double train_fraction = 0.6, double validation_fraction = 0.2);

// Origins t = first, first + stride, ... (t is the last observed row) while t + leads < end, so
// the targets t + 1 .. t + leads lie in rows [first + 1, end). Empty when none fits.
std::vector<Eigen::Index> window_origins(Eigen::Index first, Eigen::Index end, int leads, int stride);

// A forecaster: the Gaussian predictive (leads x channels) from origin t of the series it holds.
using Forecaster = std::function<GaussianForecast(Eigen::Index origin)>;

// Forecasts and truths y[t + 1 .. t + leads] of every origin.
ForecastSet collect_forecasts(const Forecaster& forecaster, const Eigen::Ref<const Eigen::MatrixXd>& y,
                              const std::vector<Eigen::Index>& origins, int leads);

}  // namespace rnnbook
