#include "timeseries/calibration.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "timeseries/predictive_scores.hpp"

namespace rnnbook {

namespace {
void check_calibration_set(const ForecastSet& set, const char* who) {
  if (set.windows < 1 || set.channels < 1 || set.leads < 1)
    throw Error(std::string(who) + ": the forecast set is empty (no windows: the test segment is too short)");
}
}  // namespace

Eigen::VectorXd coverage_by_lead(const ForecastSet& set, double level) {
  check_calibration_set(set, "coverage");
  if (!(level > 0 && level < 1)) throw Error("coverage: the level must be in (0, 1), got " + std::to_string(level));
  const double z_half = normal_quantile(0.5 * (1 + level));
  Eigen::VectorXd out = Eigen::VectorXd::Zero(set.leads);
  for (Eigen::Index w = 0; w < set.windows; ++w)
    for (Eigen::Index h = 0; h < set.leads; ++h)
      for (Eigen::Index c = 0; c < set.channels; ++c) {
        const std::size_t i = set.at(w, h, c);
        if (in_central_interval(set.mean[i], set.sd[i], set.truth[i], z_half)) out(h) += 1;
      }
  return out / double(set.windows * set.channels);
}

Eigen::VectorXd mean_sd_by_lead(const ForecastSet& set) {
  check_calibration_set(set, "mean sd");
  Eigen::VectorXd out = Eigen::VectorXd::Zero(set.leads);
  for (Eigen::Index w = 0; w < set.windows; ++w)
    for (Eigen::Index h = 0; h < set.leads; ++h)
      for (Eigen::Index c = 0; c < set.channels; ++c) out(h) += set.sd[set.at(w, h, c)];
  return out / double(set.windows * set.channels);
}

Eigen::VectorXd pit_histogram(const ForecastSet& set, int bins) {
  check_calibration_set(set, "pit histogram");
  if (bins < 1) throw Error("pit histogram: bins must be >= 1, got " + std::to_string(bins));
  Eigen::VectorXd out = Eigen::VectorXd::Zero(bins);
  for (std::size_t i = 0; i < set.mean.size(); ++i) {
    const double u = set.sd[i] > 0 ? normal_cdf((set.truth[i] - set.mean[i]) / set.sd[i])
                                   : (set.truth[i] >= set.mean[i] ? 1.0 : 0.0);
    out(std::min(bins - 1, int(u * bins))) += 1;
  }
  return out / double(set.mean.size());
}

}  // namespace rnnbook
