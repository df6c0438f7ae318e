#include "experiments/dimension_functions.hpp"

#include "common/error.hpp"
#include "dimension/knn.hpp"
#include "dimension/points.hpp"
#include "dimension/twonn.hpp"
#include "experiments/dimension_config.hpp"

namespace rnnbook {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

template <class M>
ResultArray table_array(const M& m) {  // any Eigen matrix (indices too), C order
  ResultArray a{{std::size_t(m.rows()), std::size_t(m.cols())}, {}};
  a.data.reserve(std::size_t(m.size()));
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j) a.data.push_back(double(m(i, j)));
  return a;
}

}  // namespace

Result dimension_function(const std::string& name, const ResultArray& input, const std::string& options_json) {
  const json options = options_json.empty() ? json() : parse_config_text(options_json);
  Result r;
  r.kind = name;
  r.version = kVersion;
  Fields f(options, r.config, "");
  if (name == "manifold") {
    r.seed = std::uint64_t(f.integer("seed", 0, 0, INT64_C(9007199254740991)));
    const ManifoldSpec spec = read_manifold_spec(f);
    f.finish();
    r.arrays["points"] = matrix_array(sample_manifold(spec, r.seed));
    r.scalars["intrinsic_dimension"] = double(spec.dimension);
    return r;
  }
  if (name == "effective_rank") {
    const RankMeasure measure = read_rank_measure(f);
    f.finish();
    r.scalars["effective_rank"] = effective_rank(points_matrix(input, "matrix"), measure);
    return r;
  }
  const auto points = [&] { return points_matrix(input, "points"); };
  // The scale-free estimators see the points scaled by a power of two near 1 (dimension/points.hpp).
  const auto unit_points = [&] {
    const MatrixXd X = points();
    return scaled(X, rescale_exponent(X));
  };
  if (name == "participation_ratio") {
    const ParticipationOptions o = read_participation_options(f);
    f.finish();
    r.scalars["participation_ratio"] = pca_participation_ratio(unit_points(), o.centring);
  } else if (name == "covariance_spectrum") {
    const ParticipationOptions o = read_participation_options(f);
    f.finish();
    r.arrays["spectrum"] = vector_array(covariance_spectrum(points(), o.centring));
  } else if (name == "pca_components") {
    const ComponentsOptions o = read_components_options(f);
    f.finish();
    r.scalars["pca_components"] = pca_components(unit_points(), o.fraction, o.centring, o.interpolate);
  } else if (name == "twonn") {
    const TwoNNOptions o = read_twonn_options(f);
    f.finish();
    const TwoNNResult t = twonn(unit_points(), o.discard_fraction);
    r.scalars["mle"] = t.mle;
    r.scalars["fit"] = t.fit;
    r.scalars["fit_points"] = double(t.fit_points);
    r.scalars["distinct_points"] = double(t.distinct_points);
    r.arrays["mu"] = vector_array(t.mu);
  } else if (name == "levina_bickel") {
    const LevinaBickelOptions o = read_levina_bickel_options(f);
    f.finish();
    const LevinaBickelResult lb = levina_bickel(unit_points(), o.k_min, o.k_max, o.average);
    r.scalars["dimension"] = lb.dimension;
    r.scalars["distinct_points"] = double(lb.distinct_points);
    r.arrays["by_k"] = vector_array(lb.by_k);
    r.arrays["local"] = vector_array(lb.local);
  } else if (name == "local_pca") {
    const LocalPcaOptions o = read_local_pca_options(f);
    f.finish();
    const LocalPcaResult lp = local_pca(unit_points(), o.k, o.measure, o.fraction);
    r.scalars["mean"] = lp.mean;
    r.scalars["distinct_points"] = double(lp.distinct_points);
    r.arrays["local"] = vector_array(lp.local);
  } else if (name == "nearest_neighbours") {
    const Index k = f.integer("k", 1, 1, 1000);
    f.finish();
    const MatrixXd X = points();
    if (k >= X.rows())
      throw Error("k: must be less than the number of points (" + std::to_string(X.rows()) + "), got " +
                  std::to_string(k));
    if (double(k) * double(X.rows()) > kMaxMeasureValues)
      throw Error("k: points x k = " + std::to_string(std::int64_t(k) * std::int64_t(X.rows())) +
                  " neighbours exceeds the limit " + std::to_string(std::int64_t(kMaxMeasureValues)) + "; ask for fewer");
    const Neighbours nn = nearest_neighbours(X, k);
    r.arrays["index"] = table_array(nn.index);
    r.arrays["distance"] = matrix_array(nn.distance);
  } else {
    throw Error("function: unknown name \"" + name +
                "\"; allowed: participation_ratio, pca_components, covariance_spectrum, effective_rank, twonn, "
                "levina_bickel, local_pca, nearest_neighbours, manifold");
  }
  return r;
}

}  // namespace rnnbook
