#include "timeseries/forecast_set.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

ForecastSet::ForecastSet(Eigen::Index w, Eigen::Index l, Eigen::Index c) : windows(w), leads(l), channels(c) {
  if (w < 0 || l < 0 || c < 0) throw Error("forecast set: sizes must be >= 0");
  const std::size_t size = std::size_t(w * l * c);
  mean.assign(size, 0.0);
  sd.assign(size, 0.0);
  truth.assign(size, 0.0);
}

void ForecastSet::set(Eigen::Index w, const GaussianForecast& f, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  if (w < 0 || w >= windows) throw Error("forecast set: window " + std::to_string(w) + " is out of range");
  if (f.mean.rows() != leads || f.mean.cols() != channels || f.sd.rows() != leads || f.sd.cols() != channels ||
      y.rows() != leads || y.cols() != channels)
    throw Error("forecast set: a window needs forecasts and truth of " + size_text(leads, channels) + " (leads x channels)");
  for (Eigen::Index h = 0; h < leads; ++h)
    for (Eigen::Index c = 0; c < channels; ++c) {
      const std::size_t i = at(w, h, c);
      mean[i] = f.mean(h, c);
      sd[i] = f.sd(h, c);
      truth[i] = y(h, c);
    }
}

ForecastSet ForecastSet::in_raw_units(const ChannelScaling& scaling) const {
  if (scaling.mean.size() != channels || scaling.sd.size() != channels)
    throw Error("forecast set: the scaling must have one mean and sd per channel (" + std::to_string(channels) + ")");
  ForecastSet raw = *this;
  for (std::size_t i = 0; i < mean.size(); ++i) {
    const Eigen::Index c = Eigen::Index(i % std::size_t(channels));
    raw.mean[i] = scaling.mean(c) + scaling.sd(c) * mean[i];
    raw.truth[i] = scaling.mean(c) + scaling.sd(c) * truth[i];
    raw.sd[i] = scaling.sd(c) * sd[i];
  }
  return raw;
}

}  // namespace rnnbook
