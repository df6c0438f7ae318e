#include "timeseries/series_input.hpp"

#include <cmath>

#include "common/error.hpp"

namespace rnnbook {

Eigen::MatrixXd series_from_array(const std::vector<std::size_t>& shape, const std::vector<double>& data,
                                  const std::string& name, std::size_t min_steps) {
  if (shape.size() != 1 && shape.size() != 2)
    throw Error(name + ": must be a 1-d array (T) or a 2-d array (T, channels), got shape " + shape_text(shape));
  const std::size_t steps = shape[0], channels = shape.size() == 2 ? shape[1] : 1;
  if (steps == 0 || channels == 0) throw Error(name + ": shape " + shape_text(shape) + " has an empty axis");
  if (channels > kMaxSeriesChannels)
    throw Error(name + ": " + std::to_string(channels) + " channels, over the limit of " +
                std::to_string(kMaxSeriesChannels) + " (a series is (T, channels): rows are time)");
  if (steps > kMaxSeriesSteps)
    throw Error(name + ": " + std::to_string(steps) + " time steps, over the limit of " + std::to_string(kMaxSeriesSteps));
  if (double(steps) * double(channels) > double(kMaxSeriesValues))
    throw Error(name + ": shape " + shape_text(shape) + " holds " + std::to_string(steps * channels) +
                " values, over the limit of " + std::to_string(kMaxSeriesValues));
  if (steps < min_steps)
    throw Error(name + ": " + std::to_string(steps) + " time steps, too short: at least " + std::to_string(min_steps) +
                " are needed here");
  if (data.size() != steps * channels)
    throw Error(name + ": shape " + shape_text(shape) + " needs " + std::to_string(steps * channels) + " values, got " +
                std::to_string(data.size()));
  Eigen::MatrixXd y(static_cast<Eigen::Index>(steps), static_cast<Eigen::Index>(channels));
  for (std::size_t t = 0; t < steps; ++t)
    for (std::size_t c = 0; c < channels; ++c) {
      const double v = data[t * channels + c];
      if (!std::isfinite(v))
        throw Error(name + ": entry [" + std::to_string(t) + ", " + std::to_string(c) + "] is not a finite number");
      y(Eigen::Index(t), Eigen::Index(c)) = v;
    }
  for (Eigen::Index c = 0; c < y.cols(); ++c)
    if ((y.col(c).array() == y(0, c)).all())
      throw Error(name + ": channel " + std::to_string(c) + " is constant; a forecast needs a channel that varies");
  return y;
}

}  // namespace rnnbook
