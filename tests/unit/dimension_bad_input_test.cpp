// Issue 6, "Bad input", for the dimension measures: fewer points than neighbours, all-identical
// points, NaN or infinite values, zero variance. Each is refused before any step with a message that
// names the field, or gives a documented, finite result; never NaN passed off as an answer. The same
// table runs through the CLI and JS in tests/node/dimension.test.mjs.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "dimension/levina_bickel.hpp"
#include "dimension/linear_dimension.hpp"
#include "dimension/twonn.hpp"
#include "experiments/experiment.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;
using Eigen::MatrixXd;

TEST_CASE("bad input: the measure experiment names the field and the range", "[bad-input][measure]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"data": {"points": [[0, 1], [2, 3], [4, 5]]}, "estimators": {"levina_bickel": {}}})",
       "estimators.levina_bickel.k_max: must be less than the number of distinct points (3 distinct of 3 points), got 20"},
      {R"({"data": {"samples": 15}, "estimators": {"local_pca": {}}})",
       "estimators.local_pca.k: must be less than the number of distinct points (15 distinct of 15 points), got 20"},
      {R"({"data": {"points": [[1, 1], [1, 1], [1, 1], [1, 1]]}, "estimators": {"twonn": {}}})",
       "estimators.twonn: needs at least 3 distinct points, got 1 distinct of 4 points"},
      {R"({"data": {"points": [[1, 1], [1, 1], [1, 1], [1, 1]]}, "estimators": {"participation_ratio": {}}})",
       "data.points: zero variance (all 4 points are the same); the centred participation ratio and PCA are undefined"},
      {R"({"data": {"points": [[0, 0], [0, 0]]}, "estimators": {"pca_components": {"centred": false}}})",
       "data.points: all values are zero; the uncentred participation ratio and PCA are undefined"},
      {R"({"data": {"samples": 1}, "estimators": {"participation_ratio": {}}})",
       "data: zero variance (all 1 points are the same); the centred participation ratio and PCA are undefined"},
      {R"({"data": {"points": [[0, 1], [2, null]]}})",
       "data.points[1][1]: must be a finite number, got null (NaN and infinity become null in JSON)"},
      {R"({"data": {"points": {"shape": [2, 2], "data": [0, 1, 2]}}})",
       "data.points.data: shape [2, 2] needs 4 values, got 3"},
      {R"({"data": {"points": [1, 2, 3]}})",
       "data.points: must be a 2-d array (n, D), got shape [3]"},
      {R"({"data": {"points": [[0, 1]], "manifold": "plane"}})", "data.manifold: unknown field; allowed here: points"},
      {R"({"data": {"manifold": "torus"}})",
       "data.manifold: must be one of \"plane\", \"sphere\", \"swiss_roll\", \"gaussian\", \"cube\", got \"torus\""},
      {R"({"data": {"manifold": "plane", "dimension": 3}})", "data.dimension: must be an integer in [2, 2], got 3"},
      {R"({"data": {"manifold": "sphere", "dimension": 2, "embedding": 2}})",
       "data.embedding: must be an integer in [3, 10000], got 2"},
      {R"({"data": {"samples": 20001}})", "data.samples: must be an integer in [1, 20000], got 20001"},
      {R"({"data": {"samples": 20000, "embedding": 500}})",
       "data.samples: samples x embedding = 10000000 values exceeds the limit 4000000; make one of them smaller"},
      {R"({"data": {"noise": -1}})", "data.noise: must be a number in [0, 1e+06], got -1"},
      {R"({"estimators": {}})",
       "estimators: name at least one of participation_ratio, pca_components, twonn, levina_bickel, local_pca (an "
       "object of its options, {} for the defaults), or leave estimators out for all"},
      {R"({"estimators": {"twonn": true}})", "estimators.twonn: must be an object, got true"},
      {R"({"estimators": {"twonn": {"discard_fraction": 1}}})",
       "estimators.twonn.discard_fraction: must be a number in [0, 1), got 1"},
      // 0.999 of 200 ratios keeps none: this failed after the neighbour search, without the field's path.
      {R"({"data": {"samples": 200}, "estimators": {"twonn": {"discard_fraction": 0.999}}})",
       "estimators.twonn.discard_fraction: 0.999 of the 200 ratios (200 distinct of 200 points) leaves none for the "
       "fit; lower it"},
      {R"({"estimators": {"levina_bickel": {"k_min": 1}}})",
       "estimators.levina_bickel.k_min: must be an integer in [2, 200], got 1"},
      {R"({"estimators": {"local_pca": {"measure": "pr"}}})",
       "estimators.local_pca.measure: must be one of \"participation_ratio\", \"variance_fraction\", got \"pr\""},
      {R"({"estimators": {"mle": {}}})",
       "estimators.mle: unknown field; allowed here: participation_ratio, pca_components, twonn, levina_bickel, "
       "local_pca"},
  };
  for (const auto& [extra, message] : cases) {
    json config = json::parse(extra);
    config["kind"] = "measure";
    INFO(extra);
    CHECK_THROWS_WITH(make_experiment(config.dump()), Equals(message));
  }
}

TEST_CASE("bad input: degenerate point sets give errors or documented finite values", "[bad-input][measure]") {
  SECTION("a lattice where every first and second neighbour are equidistant: TwoNN is refused, not infinite") {
    MatrixXd X(9, 2);  // a 3 x 3 grid: the corners' two nearest are at distance 1, and so on
    for (int i = 0; i < 9; ++i) X.row(i) << i % 3, i / 3;
    CHECK_THROWS_WITH(twonn(X), Equals("points: every point's first and second neighbours are equidistant (mu = 1); "
                                       "TwoNN is undefined (infinite)"));
    json config = {{"kind", "measure"}, {"estimators", {{"twonn", json::object()}}}};
    config["data"]["points"] = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 2}, {1, 2}, {2, 2}};
    auto e = make_experiment(config.dump());
    CHECK_THROWS_WITH(e->step(10), Equals("points: every point's first and second neighbours are equidistant (mu = 1); "
                                          "TwoNN is undefined (infinite)"));
  }
  SECTION("zero variance along some coordinates is fine: PR counts the others") {
    MatrixXd X = MatrixXd::Zero(4, 3);
    X.col(0) << 1, -1, 0, 0;
    X.col(1) << 0, 0, 1, -1;
    CHECK(pca_participation_ratio(X, Centring::centred) == Approx(2.0).epsilon(1e-14));
  }
  SECTION("the core functions name the field too") {
    const MatrixXd same = MatrixXd::Constant(6, 2, 3.0);
    CHECK_THROWS_WITH(pca_participation_ratio(same, Centring::centred),
                      "points: zero variance (all 6 points are the same); the centred covariance has no spectrum to measure");
    CHECK(pca_participation_ratio(same, Centring::uncentred) == Approx(1.0).epsilon(1e-14));  // documented: rank 1
    CHECK_THROWS_WITH(twonn(same), "points: TwoNN needs at least 3 distinct points, got 1 (of 6 rows)");
    CHECK_THROWS_WITH(levina_bickel(same, 2, 3), "k_max: must be less than the number of distinct points (1), got 3");
    MatrixXd bad = MatrixXd::Random(5, 2);
    bad(2, 0) = INFINITY;
    CHECK_THROWS_WITH(twonn(bad), "points: every value must be finite, got inf at row 2, column 0");
  }
}
