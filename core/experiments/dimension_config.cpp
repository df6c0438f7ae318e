#include "experiments/dimension_config.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "dimension/points.hpp"

namespace rnnbook {

using Eigen::Index;

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Centring read_centring(Fields& f) { return f.boolean("centred", true) ? Centring::centred : Centring::uncentred; }

}  // namespace

ParticipationOptions read_participation_options(Fields& f) {
  ParticipationOptions o;
  o.centring = read_centring(f);
  return o;
}

ComponentsOptions read_components_options(Fields& f) {
  ComponentsOptions o;
  o.fraction = f.number("fraction", 0.95, 0.0, 1.0, true, false);
  o.centring = read_centring(f);
  o.interpolate = f.boolean("interpolate", false);
  return o;
}

TwoNNOptions read_twonn_options(Fields& f) {
  TwoNNOptions o;
  o.discard_fraction = f.number("discard_fraction", 0.1, 0.0, 1.0, false, true);
  return o;
}

LevinaBickelOptions read_levina_bickel_options(Fields& f) {
  LevinaBickelOptions o;
  o.k_min = f.integer("k_min", 10, 2, 200);
  o.k_max = f.integer("k_max", std::max<std::int64_t>(20, o.k_min), o.k_min, 200);
  o.average = f.choice("average", "mean", {"mean", "inverse"}) == "mean" ? LbAverage::mean : LbAverage::inverse;
  return o;
}

LocalPcaOptions read_local_pca_options(Fields& f) {
  LocalPcaOptions o;
  o.k = f.integer("k", 20, 1, 200);
  o.measure = f.choice("measure", "participation_ratio", {"participation_ratio", "variance_fraction"}) ==
                      "participation_ratio"
                  ? LocalMeasure::participation_ratio
                  : LocalMeasure::variance_fraction;
  o.fraction = f.number("fraction", 0.9, 0.0, 1.0, true, false);
  return o;
}

RankMeasure read_rank_measure(Fields& f) {
  const std::string m = f.choice("measure", "participation_ratio", {"participation_ratio", "entropy", "threshold_95"});
  return m == "entropy" ? RankMeasure::entropy : m == "threshold_95" ? RankMeasure::threshold95 : RankMeasure::participation;
}

ManifoldSpec read_manifold_spec(Fields& f) {
  ManifoldSpec s;
  s.kind = manifold_from_name(f.choice("manifold", "plane", manifold_names()));
  const bool two_d = s.kind == Manifold::plane || s.kind == Manifold::swiss_roll;
  s.dimension = two_d ? f.integer("dimension", 2, 2, 2) : f.integer("dimension", 2, 1, 1000);
  s.samples = f.integer("samples", 1000, 1, kMaxMeasurePoints);
  const Index m = natural_dimension(s.kind, s.dimension);
  s.embedding = f.integer("embedding", m, m, 10000);
  s.noise = f.number("noise", 0.0, 0.0, 1e6);
  s.rotate = f.boolean("rotate", true);
  const double values = double(s.samples) * double(s.embedding);
  if (values > kMaxMeasureValues)
    throw Error(f.name("samples") + ": samples x embedding = " + std::to_string(std::int64_t(values)) +
                " values exceeds the limit " + std::to_string(std::int64_t(kMaxMeasureValues)) +
                "; make one of them smaller");
  return s;
}

Eigen::MatrixXd points_matrix(const ResultArray& a, const std::string& name) {
  if (a.shape.size() != 2 || a.shape[0] == 0 || a.shape[1] == 0)
    throw Error(name + ": must be a 2-d array (n, D) of points as rows, with n, D >= 1");
  if (a.data.size() != a.shape[0] * a.shape[1])
    throw Error(name + ": shape [" + std::to_string(a.shape[0]) + ", " + std::to_string(a.shape[1]) + "] needs " +
                std::to_string(a.shape[0] * a.shape[1]) + " values, got " + std::to_string(a.data.size()));
  if (a.shape[0] > std::size_t(kMaxMeasurePoints))
    throw Error(name + ": " + std::to_string(a.shape[0]) + " points (rows) exceeds the limit " +
                std::to_string(kMaxMeasurePoints));
  if (double(a.data.size()) > kMaxMeasureValues)
    throw Error(name + ": " + std::to_string(a.data.size()) + " values exceeds the limit " +
                std::to_string(std::int64_t(kMaxMeasureValues)));
  const Eigen::MatrixXd X =
      Eigen::Map<const RowMajorMatrix>(a.data.data(), Index(a.shape[0]), Index(a.shape[1]));
  require_points(X, name);
  return X;
}

}  // namespace rnnbook
