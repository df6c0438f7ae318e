#pragma once
// A user's time series as a T x channels matrix (rows are time), from the C-order data of a
// {shape, data} array (a .npy file or a typed array arrives in the same form). Every error names
// the field and what is allowed.
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace rnnbook {

// Limits of a user series (checked before anything is allocated).
constexpr std::size_t kMaxSeriesSteps = 1000000;
constexpr std::size_t kMaxSeriesChannels = 256;
constexpr std::size_t kMaxSeriesValues = 4000000;

// shape [T] (one channel) or [T, channels]; data in C order (time-major). Throws rnnbook::Error
// naming `name` on another rank, an empty axis, a size over the limits, fewer than min_steps rows,
// a data length that does not match the shape, a non-finite value or a constant channel.
Eigen::MatrixXd series_from_array(const std::vector<std::size_t>& shape, const std::vector<double>& data,
                                  const std::string& name, std::size_t min_steps = 2);

}  // namespace rnnbook
