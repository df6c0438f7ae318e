#include "timeseries/baselines.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

Eigen::RowVectorXd difference_sd(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end) {
  if (first < 0 || end > y.rows() || end - first < 3)
    throw Error("naive baseline: the training rows [" + std::to_string(first) + ", " + std::to_string(end) +
                ") must hold at least 3 of the series' " + std::to_string(y.rows()) + " rows");
  const Eigen::Index m = end - first - 1;
  const Eigen::MatrixXd d = y.middleRows(first + 1, m) - y.middleRows(first, m);
  const Eigen::RowVectorXd mean = d.colwise().mean();
  return ((d.rowwise() - mean).colwise().squaredNorm() / double(m)).cwiseSqrt();
}

GaussianForecast naive_forecast(const Eigen::Ref<const Eigen::RowVectorXd>& last,
                                const Eigen::Ref<const Eigen::RowVectorXd>& step_sd, int leads) {
  if (leads < 1 || last.size() != step_sd.size())
    throw Error("naive forecast: needs leads >= 1 and one step sd per channel");
  GaussianForecast f;
  f.mean = last.replicate(leads, 1);
  f.sd.resize(leads, last.size());
  for (int h = 1; h <= leads; ++h) f.sd.row(h - 1) = step_sd * std::sqrt(double(h));
  return f;
}

GaussianForecast average_forecast(const Eigen::Ref<const Eigen::RowVectorXd>& mean,
                                  const Eigen::Ref<const Eigen::RowVectorXd>& sd, int leads) {
  if (leads < 1 || mean.size() != sd.size()) throw Error("average forecast: needs leads >= 1 and one sd per channel");
  return {mean.replicate(leads, 1), sd.replicate(leads, 1)};
}

}  // namespace rnnbook
