#pragma once
// Gaussian predictives and the truth for many forecast windows: entry (w, h, c) is window w,
// lead h + 1, channel c, stored in C order (windows, leads, channels) like a result array.
#include <vector>

#include "timeseries/gaussian_forecast.hpp"
#include "timeseries/standardize.hpp"

namespace rnnbook {

struct ForecastSet {
  Eigen::Index windows = 0, leads = 0, channels = 0;
  std::vector<double> mean, sd, truth;

  ForecastSet() = default;
  ForecastSet(Eigen::Index windows, Eigen::Index leads, Eigen::Index channels);

  std::size_t at(Eigen::Index w, Eigen::Index h, Eigen::Index c) const {
    return std::size_t((w * leads + h) * channels + c);
  }
  // Stores window w: the forecast (leads x channels) and what happened (leads x channels). Throws
  // rnnbook::Error on a size mismatch or w out of range.
  void set(Eigen::Index w, const GaussianForecast& f, const Eigen::Ref<const Eigen::MatrixXd>& truth);
  // The same set in the units of the raw series: mean + sd * x for means and truths, sd * x for sds.
  ForecastSet in_raw_units(const ChannelScaling& scaling) const;
};

}  // namespace rnnbook
