#pragma once
// z-scoring with the statistics of a training segment (SCIENCE.md 13.2: every model sees z units).
#include <Eigen/Dense>

namespace rnnbook {

struct ChannelScaling {
  Eigen::RowVectorXd mean;  // per channel
  Eigen::RowVectorXd sd;    // per channel, population sd (divide by rows)

  Eigen::MatrixXd to_z(const Eigen::Ref<const Eigen::MatrixXd>& y) const;    // (y - mean) / sd, row-wise
  Eigen::MatrixXd from_z(const Eigen::Ref<const Eigen::MatrixXd>& z) const;  // mean + sd z, row-wise
};

// Mean and sd of each column over the rows [first, end) of y. Throws rnnbook::Error if the range
// holds fewer than 2 rows or a column is constant there.
ChannelScaling fit_scaling(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end);

}  // namespace rnnbook
