#include "timeseries/var_forecast.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {
void check_leads(int leads) {
  if (leads < 1) throw Error("var forecast: the number of leads must be >= 1, got " + std::to_string(leads));
}
}  // namespace

std::vector<Eigen::MatrixXd> psi_weights(const VarModel& model, int leads) {
  check_leads(leads);
  const Eigen::Index n = model.channels();
  std::vector<Eigen::MatrixXd> psi;
  psi.reserve(std::size_t(leads));
  psi.push_back(Eigen::MatrixXd::Identity(n, n));
  for (int j = 1; j < leads; ++j) {
    Eigen::MatrixXd next = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k <= std::min(model.order(), j); ++k)
      next.noalias() += model.lags[std::size_t(k - 1)] * psi[std::size_t(j - k)];
    psi.push_back(std::move(next));
  }
  return psi;
}

std::vector<Eigen::MatrixXd> predictive_covariances(const VarModel& model, int leads) {
  const std::vector<Eigen::MatrixXd> psi = psi_weights(model, leads);
  std::vector<Eigen::MatrixXd> cov;
  cov.reserve(psi.size());
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(model.channels(), model.channels());
  for (const Eigen::MatrixXd& p : psi) {
    sum.noalias() += p * model.noise_cov * p.transpose();
    cov.push_back(sum);
  }
  return cov;
}

Eigen::MatrixXd predictive_sd(const VarModel& model, int leads) {
  const std::vector<Eigen::MatrixXd> cov = predictive_covariances(model, leads);
  Eigen::MatrixXd sd(leads, model.channels());
  for (int h = 0; h < leads; ++h) sd.row(h) = cov[std::size_t(h)].diagonal().cwiseMax(0.0).cwiseSqrt().transpose();
  return sd;
}

Eigen::MatrixXd iterated_mean(const VarModel& model, const Eigen::Ref<const Eigen::MatrixXd>& history, int leads) {
  check_leads(leads);
  const int p = model.order();
  const Eigen::Index n = model.channels();
  if (history.cols() != n || history.rows() < p)
    throw Error("var forecast: the history must be at least " + std::to_string(p) + " x " + std::to_string(n) +
                " (order x channels), got " + size_text(history.rows(), history.cols()));
  // Rows 0..p-1 of `path` are the last p observations; rows p.. are the forecasts.
  Eigen::MatrixXd path(p + leads, n);
  path.topRows(p) = history.bottomRows(p);
  for (int h = 0; h < leads; ++h) {
    Eigen::VectorXd next = model.intercept;
    for (int k = 1; k <= p; ++k) next.noalias() += model.lags[std::size_t(k - 1)] * path.row(p + h - k).transpose();
    path.row(p + h) = next.transpose();
  }
  return path.bottomRows(leads);
}

GaussianForecast var_forecast(const VarModel& model, const Eigen::Ref<const Eigen::MatrixXd>& history, int leads) {
  return {iterated_mean(model, history, leads), predictive_sd(model, leads)};
}

}  // namespace rnnbook
