#include "timeseries/forecast_metrics.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {

template <class Score>
Eigen::VectorXd mean_by_lead(const ForecastSet& set, Score score) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(set.leads);
  for (Eigen::Index w = 0; w < set.windows; ++w)
    for (Eigen::Index h = 0; h < set.leads; ++h)
      for (Eigen::Index c = 0; c < set.channels; ++c) out(h) += score(set.at(w, h, c));
  return out / double(set.windows * set.channels);
}

void check_nonempty(const ForecastSet& set, const char* who) {
  if (set.windows < 1 || set.channels < 1 || set.leads < 1)
    throw Error(std::string(who) + ": the forecast set is empty (no windows: the test segment is too short)");
}

}  // namespace

Eigen::VectorXd mse_by_lead(const ForecastSet& set) {
  check_nonempty(set, "mse by lead");
  return mean_by_lead(set, [&](std::size_t i) { return (set.truth[i] - set.mean[i]) * (set.truth[i] - set.mean[i]); });
}

Eigen::VectorXd crps_by_lead(const ForecastSet& set) {
  check_nonempty(set, "crps by lead");
  return mean_by_lead(set, [&](std::size_t i) { return gaussian_crps(set.mean[i], set.sd[i], set.truth[i]); });
}

double weighted_quantile_loss(const ForecastSet& set, Eigen::Index max_lead, const QuantileGrid& grid) {
  check_nonempty(set, "weighted quantile loss");
  if (max_lead < 1 || max_lead > set.leads)
    throw Error("weighted quantile loss: the lead must be in [1, " + std::to_string(set.leads) + "], got " +
                std::to_string(max_lead));
  double loss = 0, scale = 0;
  for (Eigen::Index w = 0; w < set.windows; ++w)
    for (Eigen::Index h = 0; h < max_lead; ++h)
      for (Eigen::Index c = 0; c < set.channels; ++c) {
        const std::size_t i = set.at(w, h, c);
        loss += mean_quantile_loss(grid, set.mean[i], set.sd[i], set.truth[i]);
        scale += std::abs(set.truth[i]);
      }
  if (!(scale > 0)) throw Error("weighted quantile loss: the truth is all zero, so sum |y| cannot normalise it");
  return loss / scale;
}

int informative_horizon(const Eigen::Ref<const Eigen::VectorXd>& score, const Eigen::Ref<const Eigen::VectorXd>& reference,
                        double fraction) {
  if (score.size() != reference.size()) throw Error("informative horizon: score and reference must have one entry per lead");
  for (Eigen::Index h = 0; h < score.size(); ++h)
    if (score(h) >= fraction * reference(h)) return int(h + 1);
  return int(score.size() + 1);
}

}  // namespace rnnbook
