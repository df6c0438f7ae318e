#pragma once
// Config fields of the dimension measures, shared by the `measure` experiment (one object per
// estimator) and the JS API's low-level functions (their options object). README.md, "The measure
// experiment", lists every field with its default and range.
#include <Eigen/Dense>

#include "dimension/levina_bickel.hpp"
#include "dimension/linear_dimension.hpp"
#include "dimension/local_pca.hpp"
#include "dimension/manifolds.hpp"
#include "experiments/fields.hpp"
#include "experiments/result.hpp"
#include "measures/effective_rank.hpp"

namespace rnnbook {

// Largest point sets the measures accept: rows, and values (rows x columns).
constexpr Eigen::Index kMaxMeasurePoints = 20000;
constexpr double kMaxMeasureValues = 4e6;

struct ParticipationOptions {
  Centring centring = Centring::centred;
};
struct ComponentsOptions {
  double fraction = 0.95;
  Centring centring = Centring::centred;
  bool interpolate = false;
};
struct TwoNNOptions {
  double discard_fraction = 0.1;
};
struct LevinaBickelOptions {
  Eigen::Index k_min = 10, k_max = 20;
  LbAverage average = LbAverage::mean;
};
struct LocalPcaOptions {
  Eigen::Index k = 20;
  LocalMeasure measure = LocalMeasure::participation_ratio;
  double fraction = 0.9;
};

ParticipationOptions read_participation_options(Fields& f);  // centred
ComponentsOptions read_components_options(Fields& f);        // fraction, centred, interpolate
TwoNNOptions read_twonn_options(Fields& f);                  // discard_fraction
LevinaBickelOptions read_levina_bickel_options(Fields& f);   // k_min, k_max, average
LocalPcaOptions read_local_pca_options(Fields& f);           // k, measure, fraction
RankMeasure read_rank_measure(Fields& f);                    // measure
// manifold, dimension, samples, embedding, noise, rotate; checks samples x embedding <= the limit.
ManifoldSpec read_manifold_spec(Fields& f);

// An (n, D) array as a matrix: at most kMaxMeasurePoints rows and kMaxMeasureValues values, all
// finite; errors name `name`.
Eigen::MatrixXd points_matrix(const ResultArray& a, const std::string& name);

}  // namespace rnnbook
