#include "timeseries/forecast_windows.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

ForecastSplit chronological_split(Eigen::Index total, double train_fraction, double validation_fraction) {
  if (!(train_fraction > 0 && validation_fraction > 0 && train_fraction + validation_fraction < 1))
    throw Error("split: the train and validation fractions must be > 0 and sum to < 1");
  ForecastSplit s;
  s.total = total;
  s.train_end = Eigen::Index(double(total) * train_fraction);
  s.validation_end = Eigen::Index(double(total) * (train_fraction + validation_fraction));
  return s;
}

std::vector<Eigen::Index> window_origins(Eigen::Index first, Eigen::Index end, int leads, int stride) {
  if (leads < 1 || stride < 1) throw Error("forecast windows: leads and stride must be >= 1");
  std::vector<Eigen::Index> origins;
  for (Eigen::Index t = first; t + leads < end; t += stride) origins.push_back(t);
  return origins;
}

ForecastSet collect_forecasts(const Forecaster& forecaster, const Eigen::Ref<const Eigen::MatrixXd>& y,
                              const std::vector<Eigen::Index>& origins, int leads) {
  ForecastSet set(Eigen::Index(origins.size()), leads, y.cols());
  for (std::size_t w = 0; w < origins.size(); ++w) {
    const Eigen::Index t = origins[w];
    if (t < 0 || t + leads >= y.rows())
      throw Error("forecast windows: origin " + std::to_string(t) + " has no " + std::to_string(leads) + " rows after it");
    set.set(Eigen::Index(w), forecaster(t), y.middleRows(t + 1, leads));
  }
  return set;
}

}  // namespace rnnbook
