#pragma once
// Experiment kind "causality" (SCIENCE.md 14): a recording with known connectivity (the rate network,
// the Izhikevich network, or the user's series with optional true weights), conditional Granger
// causality from a VAR with its order by BIC, the naive lag-correlation and |VAR coefficient|
// scores, and the neuron-token attention forecaster trained step by step; AUROC of each estimate
// against the truth (off-diagonal, and the paper's diagonal-included convention), one-step R^2.
// Work units: 1 for the data and the regression estimates, then one per attention training step.
#include <memory>
#include <vector>

#include "experiments/experiment.hpp"
#include "timeseries/attention_forecaster.hpp"
#include "timeseries/network_series.hpp"

namespace rnnbook {

struct CausalityConfig {
  std::uint64_t seed = 0;
  std::string data = "rate";  // "rate", "izhikevich" or "series"
  RateNetworkSettings rate;
  IzhikevichSettings izhikevich;
  Eigen::MatrixXd user_series;   // T x N (z-scored on reading)
  Eigen::MatrixXd user_weights;  // N x N or empty
  int granger_max_order = 10;
  double granger_fraction = 0.8;  // Granger on the first rows
  bool attention = true;
  AttentionSettings attention_settings;
  std::uint64_t attention_seed = 0;
  double train_fraction = 0.6, test_fraction = 0.2;  // attention: train on the first, read out on the last rows
  json filled;

  static CausalityConfig parse(const json& config);  // throws rnnbook::Error naming the field
};

class CausalityExperiment : public Experiment {
 public:
  explicit CausalityExperiment(const json& config);

  long step(long n) override;
  long position() const override { return position_; }
  long total() const override;
  std::vector<double> series(const std::string& name, long from) const override;  // "loss"
  Result result() override;

 private:
  std::vector<double> first_step_costs(Eigen::Index rows, Eigen::Index neurons) const;
  void first_step();
  CausalityConfig cfg_;
  NetworkSeries net_;
  Eigen::MatrixXd granger_, lag_corr_, var_coef_;
  int granger_order_ = 0;
  std::unique_ptr<AttentionTrainer> trainer_;
  long attention_steps_ = 0;
  std::vector<double> losses_;
  long position_ = 0;
  double elapsed_ms_ = 0;
};

}  // namespace rnnbook
