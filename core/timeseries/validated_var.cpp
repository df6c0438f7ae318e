#include "timeseries/validated_var.hpp"

#include <limits>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "timeseries/forecast_metrics.hpp"
#include "timeseries/lag_regression.hpp"
#include "timeseries/var_forecast.hpp"

namespace rnnbook {

Forecaster var_forecaster(const VarModel& model, const Eigen::MatrixXd& z, int leads) {
  const Eigen::MatrixXd sd = predictive_sd(model, leads);  // the same at every origin
  const Eigen::MatrixXd* series = &z;
  return [model, sd, series, leads](Eigen::Index t) {
    const int p = model.order();
    if (t + 1 < p) throw Error("var forecast: origin " + std::to_string(t) + " has fewer than " + std::to_string(p) + " rows of history");
    return GaussianForecast{iterated_mean(model, series->middleRows(t + 1 - p, p), leads), sd};
  };
}

Forecaster ar_forecaster(const std::vector<ValidatedVar>& models, const Eigen::MatrixXd& z, int leads) {
  if (Eigen::Index(models.size()) != z.cols())
    throw Error("ar forecast: needs one model per channel (" + std::to_string(z.cols()) + ")");
  std::vector<VarModel> ar;
  Eigen::MatrixXd sd(leads, z.cols());
  for (std::size_t c = 0; c < models.size(); ++c) {
    ar.push_back(models[c].model);
    sd.col(Eigen::Index(c)) = predictive_sd(ar.back(), leads);
  }
  const Eigen::MatrixXd* series = &z;
  return [ar, sd, series, leads](Eigen::Index t) {
    GaussianForecast f{Eigen::MatrixXd(leads, series->cols()), sd};
    for (Eigen::Index c = 0; c < series->cols(); ++c) {
      const int p = ar[std::size_t(c)].order();
      if (t + 1 < p) throw Error("ar forecast: origin " + std::to_string(t) + " has too little history");
      f.mean.col(c) = iterated_mean(ar[std::size_t(c)], series->col(c).segment(t + 1 - p, p), leads);
    }
    return f;
  };
}

ValidatedVar fit_var_by_validation(const Eigen::Ref<const Eigen::MatrixXd>& z, const ForecastSplit& split,
                                   const ChannelScaling& scaling, const OrderSearchSettings& s) {
  const Eigen::MatrixXd series = z;
  const std::vector<Eigen::Index> origins = window_origins(split.train_end - 1, split.validation_end, s.leads, s.stride);
  if (origins.empty())
    throw Error("order search: the validation segment (" + std::to_string(split.validation_end - split.train_end) +
                " rows) is shorter than the validation horizon of " + std::to_string(s.leads) + " leads");
  LagRegression reg(series, s.max_order, s.max_order, split.train_end);
  ValidatedVar out;
  // Order p's fit and forecasts cost about p times order 1's: its share of the search up to max_order.
  const auto share = [&](int p) { return double(p) * double(p + 1) / (double(s.max_order) * double(s.max_order + 1)); };
  out.choice = choose_order(s.max_order, s.patience, [&](int p) {
    const ProgressPart part(share(p - 1), share(p));  // the patience may end the search early: a jump
    // An order past one that predicts the series exactly has collinear lags: no score, the search goes on.
    VarModel model;
    try {
      model = reg.fit(p, s.ridge);
    } catch (const CollinearRegressors&) {
      return std::numeric_limits<double>::infinity();
    }
    const ForecastSet set = collect_forecasts(var_forecaster(model, series, s.leads), series, origins, s.leads);
    return weighted_quantile_loss(set.in_raw_units(scaling), s.leads);
  });
  out.model = reg.fit(out.choice.order, s.ridge);
  return out;
}

std::vector<ValidatedVar> fit_ar_by_validation(const Eigen::Ref<const Eigen::MatrixXd>& z, const ForecastSplit& split,
                                               const ChannelScaling& scaling, const OrderSearchSettings& s) {
  std::vector<ValidatedVar> models;
  for (Eigen::Index c = 0; c < z.cols(); ++c) {
    const ProgressPart part(double(c) / double(z.cols()), double(c + 1) / double(z.cols()));
    const ChannelScaling one{scaling.mean.segment(c, 1), scaling.sd.segment(c, 1)};
    models.push_back(fit_var_by_validation(z.col(c), split, one, s));
  }
  return models;
}

}  // namespace rnnbook
