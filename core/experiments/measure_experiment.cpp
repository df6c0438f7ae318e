#include "experiments/measure_experiment.hpp"

#include <algorithm>
#include <chrono>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "dimension/points.hpp"
#include "dimension/twonn.hpp"
#include "experiments/array_field.hpp"

namespace rnnbook {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

MeasureConfig MeasureConfig::parse(const json& config, MatrixXd* points) {
  MeasureConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "measure", {"measure"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));  // JS-safe integers

  Fields data = root.object("data");
  if (const json* given = data.raw("points")) {
    const std::string name = data.name("points");
    const ResultArray a = read_config_array(*given, name, 2, "(n, D)", std::size_t(kMaxMeasureValues));
    *points = points_matrix(a, name);
    data.fill("points", {{"shape", a.shape}});  // the echo shows the shape only, as for task data
  } else {
    c.manifold = read_manifold_spec(data);
  }
  data.finish();

  // Absent: every estimator with its defaults; given: the ones named, each with an options object.
  const bool all = root.raw("estimators") == nullptr;
  Fields est = root.object("estimators");
  const auto read = [&](const char* key, auto& out, auto reader) {
    if (!all && est.raw(key) == nullptr) return;
    Fields f = est.object(key);
    out = reader(f);
    f.finish();
  };
  read("participation_ratio", c.participation, read_participation_options);
  read("pca_components", c.components, read_components_options);
  read("twonn", c.twonn, read_twonn_options);
  read("levina_bickel", c.levina_bickel, read_levina_bickel_options);
  read("local_pca", c.local_pca, read_local_pca_options);
  est.finish();
  if (!c.participation && !c.components && !c.twonn && !c.levina_bickel && !c.local_pca)
    throw Error("estimators: name at least one of participation_ratio, pca_components, twonn, levina_bickel, "
                "local_pca (an object of its options, {} for the defaults), or leave estimators out for all");
  c.return_points = root.boolean("return_points", false);
  root.finish();
  return c;
}

namespace {

bool centred(const MeasureConfig& c) {
  return (c.participation && c.participation->centring == Centring::centred) ||
         (c.components && c.components->centring == Centring::centred);
}

}  // namespace

// Everything that depends on the data is checked here, before any step, with the field to change.
MeasureExperiment::MeasureExperiment(const json& config) : cfg_(MeasureConfig::parse(config, &points_)) {
  const auto start = std::chrono::steady_clock::now();
  if (cfg_.manifold) points_ = sample_manifold(*cfg_.manifold, cfg_.seed);
  distinct_ = distinct_rows(points_);
  const Index n = points_.rows(), distinct = distinct_.points.rows();
  if (distinct_.duplicates() == 0) points_ = MatrixXd();  // the same rows in the same order
  const std::string data = cfg_.manifold ? "data" : "data.points";
  if ((cfg_.participation || cfg_.components) && distinct == 1) {
    if (centred(cfg_))
      throw Error(data + ": zero variance (all " + std::to_string(n) +
                  " points are the same); the centred participation ratio and PCA are undefined");
    if (distinct_.points.isZero(0.0))
      throw Error(data + ": all values are zero; the uncentred participation ratio and PCA are undefined");
  }
  Index k = 0;
  const std::string counted = std::to_string(distinct) + " distinct of " + std::to_string(n) + " points";
  if (cfg_.twonn) {
    if (distinct < 3) throw Error("estimators.twonn: needs at least 3 distinct points, got " + counted);
    if (twonn_fit_points(distinct, cfg_.twonn->discard_fraction) < 1)
      throw Error("estimators.twonn.discard_fraction: " + shown_value(json(cfg_.twonn->discard_fraction)) + " of the " +
                  std::to_string(distinct) + " ratios (" + counted + ") leaves none for the fit; lower it");
    k = 2;
  }
  if (cfg_.levina_bickel) {
    if (cfg_.levina_bickel->k_max >= distinct)
      throw Error("estimators.levina_bickel.k_max: must be less than the number of distinct points (" + counted +
                  "), got " + std::to_string(cfg_.levina_bickel->k_max));
    k = std::max(k, cfg_.levina_bickel->k_max);
  }
  if (cfg_.local_pca) {
    if (cfg_.local_pca->k >= distinct)
      throw Error("estimators.local_pca.k: must be less than the number of distinct points (" + counted + "), got " +
                  std::to_string(cfg_.local_pca->k));
    k = std::max(k, cfg_.local_pca->k);
  }
  exponent_ = rescale_exponent(distinct_.points);
  if (k > 0) search_ = std::make_unique<NeighbourSearch>(scaled(distinct_.points, exponent_), k);
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

long MeasureExperiment::position() const {
  return long(search_ ? search_->blocks_done() : 0) + (estimated_ ? 1 : 0);
}

long MeasureExperiment::total() const { return long(search_ ? search_->blocks() : 0) + 1; }

long MeasureExperiment::step(long n) {
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  for (; done < n && position() < total(); ++done) {
    progress_next_unit();
    if (search_ && !search_->done()) {
      search_->run(1);  // one block of rows is one unit
    } else {
      estimate();
    }
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

std::vector<double> MeasureExperiment::series(const std::string&, long) const { return {}; }

// SCIENCE.md 6.1 (linear, on all rows) and 6.2-6.3 (nonlinear, on the distinct points; per-point
// arrays are given per input row).
void MeasureExperiment::estimate() {
  std::map<std::string, double> s;
  std::map<std::string, ResultArray> a;
  // Every estimate is scale-free, so it runs on the points scaled near 1; the spectrum goes back to the data's units.
  const MatrixXd X = cfg_.participation || cfg_.components ? scaled(all_points(), exponent_) : MatrixXd();
  if (cfg_.participation) s["participation_ratio"] = pca_participation_ratio(X, cfg_.participation->centring);
  if (cfg_.components) {
    const VectorXd spectrum = covariance_spectrum(X, cfg_.components->centring);
    s["pca_components"] = components_for_fraction(spectrum, cfg_.components->fraction, cfg_.components->interpolate);
    const VectorXd in_units = scaled(spectrum, -2 * exponent_);
    a["pca_spectrum"] = vector_array(in_units);
  }
  if (search_) {
    const Neighbours nn = search_->result();
    if (cfg_.twonn) {
      const VectorXd mu = twonn_ratios(nn);
      s["twonn_mle"] = twonn_mle(mu);
      const TwoNNFit fit = twonn_fit(mu, cfg_.twonn->discard_fraction);
      s["twonn_fit"] = fit.dimension;
      s["twonn_fit_points"] = double(fit.points_used);
      a["twonn_mu"] = vector_array(per_input_row(distinct_, mu));
    }
    if (cfg_.levina_bickel) {
      const LevinaBickelOptions& o = *cfg_.levina_bickel;
      const LevinaBickelResult lb = levina_bickel(nn, o.k_min, o.k_max, o.average);
      s["levina_bickel"] = lb.dimension;
      a["levina_bickel_by_k"] = vector_array(lb.by_k);
      a["levina_bickel_local"] = vector_array(per_input_row(distinct_, lb.local));
    }
    if (cfg_.local_pca) {
      const LocalPcaOptions& o = *cfg_.local_pca;
      const LocalPcaResult lp = local_pca(scaled(distinct_.points, exponent_), nn, o.k, o.measure, o.fraction);
      s["local_pca"] = lp.mean;
      a["local_pca"] = vector_array(per_input_row(distinct_, lp.local));
    }
  }
  scalars_ = std::move(s);
  arrays_ = std::move(a);
  estimated_ = true;
}

Result MeasureExperiment::result() {
  Result r;
  r.kind = "measure";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars = scalars_;
  r.arrays = arrays_;
  const MatrixXd& points = all_points();
  r.scalars["samples"] = double(points.rows());
  r.scalars["ambient_dimension"] = double(points.cols());
  r.scalars["distinct_points"] = double(distinct_.points.rows());
  r.scalars["neighbours"] = double(search_ ? search_->neighbours() : 0);
  r.scalars["stopped_early"] = estimated_ ? 0.0 : 1.0;
  if (cfg_.manifold) r.scalars["intrinsic_dimension"] = double(cfg_.manifold->dimension);
  if (cfg_.return_points) {
    ResultArray p{{std::size_t(points.rows()), std::size_t(points.cols())}, {}};
    p.data.reserve(std::size_t(points.size()));
    for (Index i = 0; i < points.rows(); ++i)
      for (Index j = 0; j < points.cols(); ++j) p.data.push_back(points(i, j));
    r.arrays["points"] = std::move(p);
  }
  r.timing_ms = elapsed_ms_;
  return r;
}

}  // namespace rnnbook
