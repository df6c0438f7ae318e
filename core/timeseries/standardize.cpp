#include "timeseries/standardize.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

Eigen::MatrixXd ChannelScaling::to_z(const Eigen::Ref<const Eigen::MatrixXd>& y) const {
  return ((y.rowwise() - mean).array().rowwise() / sd.array()).matrix();
}

Eigen::MatrixXd ChannelScaling::from_z(const Eigen::Ref<const Eigen::MatrixXd>& z) const {
  return (z.array().rowwise() * sd.array()).matrix().rowwise() + mean;
}

ChannelScaling fit_scaling(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end) {
  if (first < 0 || end > y.rows() || end - first < 2)
    throw Error("scaling: the training rows [" + std::to_string(first) + ", " + std::to_string(end) +
                ") must hold at least 2 of the series' " + std::to_string(y.rows()) + " rows");
  const auto seg = y.middleRows(first, end - first);
  ChannelScaling s;
  s.mean = seg.colwise().mean();
  s.sd = ((seg.rowwise() - s.mean).colwise().squaredNorm() / double(seg.rows())).cwiseSqrt();
  for (Eigen::Index c = 0; c < s.sd.size(); ++c)
    if (!(s.sd(c) > 0))
      throw Error("scaling: channel " + std::to_string(c) + " is constant over the training rows");
  return s;
}

}  // namespace rnnbook
