#pragma once
// AR and VAR models whose order is chosen on validation data (SCIENCE.md 13.2): fitted by least
// squares on the training rows t >= max_order, scored by the validation MWQL (raw units) of their
// iterated Gaussian predictives over leads 1..L at origins every `stride` frames, orders grown
// until `patience` of them fail to improve. AR = one univariate model per channel.
#include <vector>

#include "timeseries/forecast_windows.hpp"
#include "timeseries/order_search.hpp"
#include "timeseries/var_model.hpp"

namespace rnnbook {

struct OrderSearchSettings {
  int max_order = 60;
  int patience = 10;
  int leads = 35;   // validation MWQL over leads 1..leads
  int stride = 35;  // validation origins (non-overlapping targets when stride = leads)
  double ridge = 0.0;
};

struct ValidatedVar {
  VarModel model;
  OrderChoice choice;
};

// z: the series in z units (T x n); scaling: what turns it back into raw units for the MWQL.
// Throws rnnbook::Error when the training rows cannot fit max_order or the validation segment has
// no origin.
ValidatedVar fit_var_by_validation(const Eigen::Ref<const Eigen::MatrixXd>& z, const ForecastSplit& split,
                                   const ChannelScaling& scaling, const OrderSearchSettings& s);

// One validated AR per channel.
std::vector<ValidatedVar> fit_ar_by_validation(const Eigen::Ref<const Eigen::MatrixXd>& z, const ForecastSplit& split,
                                               const ChannelScaling& scaling, const OrderSearchSettings& s);

// Forecasters from the series z (held by reference: it must outlive them).
Forecaster var_forecaster(const VarModel& model, const Eigen::MatrixXd& z, int leads);
Forecaster ar_forecaster(const std::vector<ValidatedVar>& models, const Eigen::MatrixXd& z, int leads);

}  // namespace rnnbook
