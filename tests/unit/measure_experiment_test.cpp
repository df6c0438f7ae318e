// The `measure` experiment and the low-level dimension functions: config with defaults, stepping,
// results per input row, agreement with the core estimators (core/experiments/measure_experiment.hpp).
#include <catch2/catch.hpp>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "dimension/levina_bickel.hpp"
#include "dimension/linear_dimension.hpp"
#include "dimension/local_pca.hpp"
#include "dimension/manifolds.hpp"
#include "dimension/twonn.hpp"
#include "experiments/dimension_functions.hpp"
#include "experiments/experiment.hpp"
#include "measures/effective_rank.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;

namespace {

ResultArray as_array(const MatrixXd& X) {
  ResultArray a{{std::size_t(X.rows()), std::size_t(X.cols())}, {}};
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j) a.data.push_back(X(i, j));
  return a;
}

json points_json(const MatrixXd& X) {
  const ResultArray a = as_array(X);
  return {{"shape", a.shape}, {"data", a.data}};
}

}  // namespace

TEST_CASE("measure: defaults run every estimator on a plane", "[measure]") {
  auto e = make_experiment(R"({"kind": "measure", "data": {"samples": 600}})");
  CHECK(e->total() == 4);  // 3 blocks of 256 rows, then the estimators
  CHECK(e->step(2) == 2);
  CHECK(e->position() == 2);
  CHECK(e->series("loss", 0).empty());
  const Result partial = e->result();
  CHECK(partial.scalars.at("stopped_early") == 1.0);
  CHECK(partial.scalars.count("twonn_mle") == 0);
  while (!e->done()) e->step(1);
  const Result r = e->result();
  CHECK(r.kind == "measure");
  CHECK(r.scalars.at("stopped_early") == 0.0);
  CHECK(r.config["data"] == json::parse(R"({"manifold": "plane", "dimension": 2, "samples": 600, "embedding": 2,
                                            "noise": 0.0, "rotate": true})"));
  CHECK(r.config["estimators"] == json::parse(R"({"participation_ratio": {"centred": true},
      "pca_components": {"fraction": 0.95, "centred": true, "interpolate": false},
      "twonn": {"discard_fraction": 0.1}, "levina_bickel": {"k_min": 10, "k_max": 20, "average": "mean"},
      "local_pca": {"k": 20, "measure": "participation_ratio", "fraction": 0.9}})"));
  CHECK(r.scalars.at("samples") == 600);
  CHECK(r.scalars.at("ambient_dimension") == 2);
  CHECK(r.scalars.at("distinct_points") == 600);
  CHECK(r.scalars.at("intrinsic_dimension") == 2);
  CHECK(r.scalars.at("neighbours") == 20);
  CHECK(r.scalars.at("pca_components") == 2);
  CHECK(r.scalars.at("participation_ratio") == Approx(2.0).margin(0.1));  // isotropic square
  CHECK(r.scalars.at("twonn_mle") == Approx(2.0).margin(0.3));
  CHECK(r.scalars.at("levina_bickel") == Approx(2.0).margin(0.3));
  CHECK(r.scalars.at("local_pca") == Approx(2.0).margin(0.3));
  CHECK(r.arrays.at("twonn_mu").shape == std::vector<std::size_t>{600});
  CHECK(r.arrays.at("levina_bickel_by_k").shape == std::vector<std::size_t>{11});
  CHECK(r.arrays.at("pca_spectrum").shape == std::vector<std::size_t>{2});
  CHECK(r.arrays.count("points") == 0);
}

TEST_CASE("measure: the experiment agrees with the core estimators on user points", "[measure]") {
  ManifoldSpec spec;
  spec.kind = Manifold::sphere;
  spec.dimension = 3;
  spec.samples = 400;
  spec.embedding = 8;
  MatrixXd X = sample_manifold(spec, 2);
  X.row(7) = X.row(3);  // a duplicate: 399 distinct points
  json config = json::parse(R"({"kind": "measure", "estimators": {"participation_ratio": {"centred": false},
      "twonn": {"discard_fraction": 0.2}, "levina_bickel": {"k_min": 5, "k_max": 12, "average": "inverse"},
      "local_pca": {"k": 15, "measure": "variance_fraction", "fraction": 0.8}}, "return_points": true})");
  config["data"]["points"] = points_json(X);
  const Result r = run_experiment(config.dump());
  CHECK(r.config["data"] == json::parse(R"({"points": {"shape": [400, 8]}})"));
  CHECK(r.scalars.at("distinct_points") == 399);
  CHECK(r.scalars.count("intrinsic_dimension") == 0);
  CHECK(r.scalars.count("pca_components") == 0);
  CHECK(r.scalars.at("participation_ratio") == Approx(pca_participation_ratio(X, Centring::uncentred)).epsilon(1e-14));
  const TwoNNResult t = twonn(X, 0.2);
  CHECK(r.scalars.at("twonn_mle") == Approx(t.mle).epsilon(1e-14));
  CHECK(r.scalars.at("twonn_fit") == Approx(t.fit).epsilon(1e-14));
  CHECK(r.scalars.at("twonn_fit_points") == double(t.fit_points));
  CHECK(r.arrays.at("twonn_mu").data[7] == r.arrays.at("twonn_mu").data[3]);
  const LevinaBickelResult lb = levina_bickel(X, 5, 12, LbAverage::inverse);
  CHECK(r.scalars.at("levina_bickel") == Approx(lb.dimension).epsilon(1e-14));
  const LocalPcaResult lp = local_pca(X, 15, LocalMeasure::variance_fraction, 0.8);
  CHECK(r.scalars.at("local_pca") == Approx(lp.mean).epsilon(1e-14));
  CHECK(r.arrays.at("points").data == as_array(X).data);
  CHECK(r.scalars.at("neighbours") == 15);  // the most any estimator asks for: local_pca.k
  // The per-row arrays, each entry of every input row (the duplicate shares its point's values).
  CHECK(r.arrays.at("levina_bickel_by_k").data == std::vector<double>(lb.by_k.data(), lb.by_k.data() + lb.by_k.size()));
  CHECK(r.arrays.at("levina_bickel_by_k").data.size() == 8);  // k = 5 .. 12
  CHECK(r.arrays.at("levina_bickel_local").data == std::vector<double>(lb.local.data(), lb.local.data() + 400));
  CHECK(r.arrays.at("local_pca").data == std::vector<double>(lp.local.data(), lp.local.data() + 400));
  CHECK(lp.local.size() == 400);
  // TwoNN's mu written out: the second over the first nearest distance to another distinct point.
  const auto& mu = r.arrays.at("twonn_mu").data;
  REQUIRE(mu.size() == 400);
  double worst = 0.0;
  for (Index i = 0; i < 400; ++i) {
    double r1 = INFINITY, r2 = INFINITY;
    for (Index j = 0; j < 400; ++j) {
      if (X.row(j) == X.row(i)) continue;
      const double d = (X.row(j) - X.row(i)).norm();
      if (d < r1) r2 = r1, r1 = d;
      else if (d < r2) r2 = d;
    }
    worst = std::max(worst, std::abs(mu[std::size_t(i)] - r2 / r1) / (r2 / r1));
  }
  CHECK(worst < 1e-12);
}

TEST_CASE("measure: without duplicates the points are held once and every linear measure still sees all rows", "[measure]") {
  ManifoldSpec spec;
  spec.kind = Manifold::sphere;
  spec.dimension = 2;
  spec.samples = 300;
  spec.embedding = 5;
  const MatrixXd X = sample_manifold(spec, 4);
  json config = json::parse(R"({"kind": "measure", "estimators": {"participation_ratio": {},
      "pca_components": {"fraction": 0.9}, "twonn": {}}, "return_points": true})");
  config["data"]["points"] = points_json(X);
  const Result r = run_experiment(config.dump());
  CHECK(r.scalars.at("distinct_points") == 300);
  CHECK(r.scalars.at("samples") == 300);
  CHECK(r.scalars.at("ambient_dimension") == 5);
  CHECK(r.scalars.at("participation_ratio") == Approx(pca_participation_ratio(X, Centring::centred)).epsilon(1e-14));
  // The spectrum of the centred covariance, descending, and the components reaching 90% of its sum.
  const Eigen::VectorXd spectrum = covariance_spectrum(X, Centring::centred);
  CHECK(r.arrays.at("pca_spectrum").data == std::vector<double>(spectrum.data(), spectrum.data() + 5));
  const MatrixXd centred = X.rowwise() - X.colwise().mean();
  const Eigen::VectorXd eig = Eigen::SelfAdjointEigenSolver<MatrixXd>(centred.transpose() * centred / 299.0).eigenvalues().reverse();
  for (Index i = 0; i < 5; ++i) CHECK(spectrum(i) == Approx(eig(i)).margin(1e-12));
  double kept = 0.0;
  int count = 0;
  while (kept < 0.9 * eig.sum()) kept += eig(count++);
  CHECK(r.scalars.at("pca_components") == count);
  CHECK(r.arrays.at("points").data == as_array(X).data);
  CHECK(r.scalars.at("twonn_mle") == Approx(twonn(X, 0.1).mle).epsilon(1e-14));
}

TEST_CASE("measure: low-level functions on one array", "[measure]") {
  ManifoldSpec spec;
  spec.kind = Manifold::gaussian;
  spec.dimension = 4;
  spec.samples = 300;
  spec.embedding = 6;
  const MatrixXd X = sample_manifold(spec, 1);
  const ResultArray a = as_array(X);
  SECTION("each matches its core function and echoes its options with defaults") {
    const Result pr = dimension_function("participation_ratio", a, R"({"centred": false})");
    CHECK(pr.scalars.at("participation_ratio") == pca_participation_ratio(X, Centring::uncentred));
    CHECK(pr.config == json::parse(R"({"centred": false})"));
    const Result pc = dimension_function("pca_components", a, R"({"fraction": 0.5, "interpolate": true})");
    CHECK(pc.scalars.at("pca_components") == pca_components(X, 0.5, Centring::centred, true));
    const Result cs = dimension_function("covariance_spectrum", a, "");
    CHECK(cs.arrays.at("spectrum").shape == std::vector<std::size_t>{6});
    const Result tn = dimension_function("twonn", a, "{}");
    CHECK(tn.scalars.at("mle") == twonn(X).mle);
    CHECK(tn.config == json::parse(R"({"discard_fraction": 0.1})"));
    const Result lb = dimension_function("levina_bickel", a, "null");
    CHECK(lb.scalars.at("dimension") == levina_bickel(X).dimension);
    const Result lp = dimension_function("local_pca", a, R"({"k": 8})");
    CHECK(lp.scalars.at("mean") == local_pca(X, 8).mean);
    CHECK(dimension_function("effective_rank", a, R"({"measure": "entropy"})").scalars.at("effective_rank") ==
          effective_rank(X, RankMeasure::entropy));
    const Result nn = dimension_function("nearest_neighbours", a, R"({"k": 3})");
    CHECK(nn.arrays.at("index").shape == std::vector<std::size_t>{300, 3});
    CHECK(nn.arrays.at("distance").data[0] == nearest_neighbours(X, 3).distance(0, 0));
  }
  SECTION("the scale-free functions give points times 2^-600 the estimates of the points") {
    // Squared distances of 2^-600 points underflow: twonn failed with "point 0 has a duplicate (r1 = 0)".
    const ResultArray tiny = as_array(X * std::ldexp(1.0, -600));
    CHECK(dimension_function("twonn", tiny, "{}").scalars.at("mle") == Approx(twonn(X).mle).epsilon(1e-13));
    CHECK(dimension_function("levina_bickel", tiny, "{}").scalars.at("dimension") ==
          Approx(levina_bickel(X).dimension).epsilon(1e-13));
    CHECK(dimension_function("local_pca", tiny, R"({"k": 8})").scalars.at("mean") == Approx(local_pca(X, 8).mean).epsilon(1e-13));
    CHECK(dimension_function("participation_ratio", tiny, "{}").scalars.at("participation_ratio") ==
          Approx(pca_participation_ratio(X, Centring::centred)).epsilon(1e-13));
    CHECK(dimension_function("pca_components", tiny, "{}").scalars.at("pca_components") ==
          Approx(pca_components(X, 0.95, Centring::centred, false)).epsilon(1e-13));
  }
  SECTION("manifold gives the points the experiment would sample") {
    const Result m = dimension_function("manifold", {},
        R"({"seed": 1, "manifold": "gaussian", "dimension": 4, "samples": 300, "embedding": 6})");
    CHECK(m.arrays.at("points").data == a.data);
    CHECK(m.scalars.at("intrinsic_dimension") == 4);
  }
  SECTION("bad options and names are errors naming the option") {
    CHECK_THROWS_WITH(dimension_function("twonn", a, R"({"discard_fraction": 1})"),
                      "discard_fraction: must be a number in [0, 1), got 1");
    CHECK_THROWS_WITH(dimension_function("twonn", a, R"({"discard": 0.1})"),
                      "discard: unknown field; allowed here: discard_fraction");
    CHECK_THROWS_WITH(dimension_function("levina_bickel", a, R"({"k_min": 12, "k_max": 11})"),
                      "k_max: must be an integer in [12, 200], got 11");
    CHECK_THROWS_WITH(dimension_function("nearest_neighbours", a, R"({"k": 300})"),
                      "k: must be less than the number of points (300), got 300");
    CHECK_THROWS_WITH(dimension_function("twon", a, ""), Catch::Matchers::Contains("function: unknown name \"twon\""));
    CHECK_THROWS_WITH(dimension_function("twonn", {{2, 3}, {1, 2}}, ""), "points: shape [2, 3] needs 6 values, got 2");
  }
}

TEST_CASE("measure: the estimates of tiny and huge points are those of the same points near 1", "[measure]") {
  // Points times 2^-600 (squared distances 2^-1200 underflow to 0) failed after the neighbour search with
  // "point 0 has a duplicate (r1 = 0)"; at 1e-150 the PR failed with "participation_ratio_psd: C must be
  // non-zero". Scaled by a power of two near 1 the estimators see the same numbers up to a power of two.
  ManifoldSpec spec;
  spec.kind = Manifold::sphere;
  spec.dimension = 2;
  spec.samples = 200;
  spec.embedding = 4;
  const MatrixXd X = sample_manifold(spec, 5);
  json config = json::parse(R"({"kind": "measure", "estimators": {"participation_ratio": {}, "pca_components": {},
      "twonn": {}, "levina_bickel": {"k_min": 3, "k_max": 6}, "local_pca": {"k": 8}}})");
  const auto run_at = [&](double scale) {
    config["data"]["points"] = points_json(X * scale);
    return run_experiment(config.dump());
  };
  const Result one = run_at(1.0);
  for (const double scale : {std::ldexp(1.0, -600), std::ldexp(1.0, 600), std::ldexp(1.0, -400)}) {
    INFO("scale 2^" << std::ilogb(scale));
    const Result r = run_at(scale);
    for (const char* name : {"participation_ratio", "pca_components", "twonn_mle", "twonn_fit", "levina_bickel", "local_pca"})
      CHECK(r.scalars.at(name) == Approx(one.scalars.at(name)).epsilon(1e-13));
  }
  // The spectrum stays in the data's units: 2^-800 of the variances at scale 2^-400 (the sphere's three
  // nonzero ones; the fourth is round-off).
  const Result small = run_at(std::ldexp(1.0, -400));
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(small.arrays.at("pca_spectrum").data[i] ==
          Approx(std::ldexp(one.arrays.at("pca_spectrum").data[i], -800)).epsilon(1e-12).margin(0));
}
