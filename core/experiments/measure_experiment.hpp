#pragma once
// Experiment kind "measure": the dimension of a point set (rows = samples), either a synthetic
// manifold of known dimension or the user's array (SCIENCE.md 6.1-6.3). The work units are blocks of
// the exact nearest-neighbour search, then one unit for the estimators.
// Config fields, defaults and ranges: README.md ("The measure experiment").
#include <memory>
#include <optional>

#include "dimension/distinct.hpp"
#include "dimension/knn.hpp"
#include "experiments/dimension_config.hpp"
#include "experiments/experiment.hpp"

namespace rnnbook {

struct MeasureConfig {
  std::uint64_t seed = 0;
  std::optional<ManifoldSpec> manifold;  // unset when the points come from data.points
  std::optional<ParticipationOptions> participation;
  std::optional<ComponentsOptions> components;
  std::optional<TwoNNOptions> twonn;
  std::optional<LevinaBickelOptions> levina_bickel;
  std::optional<LocalPcaOptions> local_pca;
  bool return_points = false;
  json filled;  // the config with defaults

  // Throws rnnbook::Error naming the field. The user's points (if any) go to *points.
  static MeasureConfig parse(const json& config, Eigen::MatrixXd* points);
};

class MeasureExperiment : public Experiment {
 public:
  explicit MeasureExperiment(const json& config);

  long step(long n) override;
  long position() const override;
  long total() const override;
  // The measure experiment records no series: every name gives an empty list.
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

 private:
  void estimate();  // the last unit: every estimator on the finished neighbour search
  // Every input row: points_, or distinct_.points when there were no duplicates (points_ is then
  // released, so that a large data set is held once, not twice).
  const Eigen::MatrixXd& all_points() const { return points_.size() > 0 ? points_ : distinct_.points; }

  Eigen::MatrixXd points_;  // before cfg_: parsing the config fills it with the user's points
  MeasureConfig cfg_;
  DistinctRows distinct_;
  int exponent_ = 0;  // the estimators see the points times 2^exponent_ (rescale_exponent)
  std::unique_ptr<NeighbourSearch> search_;  // only when a nonlinear estimator is on
  bool estimated_ = false;
  std::map<std::string, double> scalars_;
  std::map<std::string, ResultArray> arrays_;
  double elapsed_ms_ = 0.0;
};

}  // namespace rnnbook
