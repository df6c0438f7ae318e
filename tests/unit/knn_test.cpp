// Exact k nearest neighbours against a brute-force oracle: random data, data far from the origin,
// integer lattices full of ties and duplicates, all-identical points (core/dimension/knn.hpp).
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "dimension/knn.hpp"
#include "ops/spectral.hpp"

using namespace rnnbook;
using Catch::Matchers::Contains;
using Eigen::Index;
using Eigen::MatrixXd;

namespace {

// All n - 1 distances by Eigen's norm, sorted by (distance, index).
Neighbours brute_force(const MatrixXd& X, Index k) {
  const Index n = X.rows();
  Neighbours out{IndexMatrix(n, k), RowMatrix(n, k)};
  for (Index i = 0; i < n; ++i) {
    std::vector<std::pair<double, Index>> all;
    for (Index j = 0; j < n; ++j)
      if (j != i) all.emplace_back((X.row(i) - X.row(j)).norm(), j);
    std::sort(all.begin(), all.end());
    for (Index r = 0; r < k; ++r) {
      out.distance(i, r) = all[std::size_t(r)].first;
      out.index(i, r) = all[std::size_t(r)].second;
    }
  }
  return out;
}

// Integer coordinates in [0, side): squared distances are exact integers, so ties are exact.
MatrixXd lattice_points(Index n, Index D, int side, Rng& rng) {
  MatrixXd X(n, D);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < D; ++j) X(i, j) = std::floor(side * rng.uniform());
  return X;
}

void check_same(const Neighbours& got, const Neighbours& want, double rel) {
  REQUIRE(got.index.rows() == want.index.rows());
  REQUIRE(got.index.cols() == want.index.cols());
  for (Index i = 0; i < got.index.rows(); ++i)
    for (Index r = 0; r < got.index.cols(); ++r) {
      INFO("point " << i << ", neighbour " << r);
      CHECK(got.index(i, r) == want.index(i, r));
      CHECK(got.distance(i, r) == Approx(want.distance(i, r)).epsilon(rel).margin(1e-300));
    }
}

}  // namespace

TEST_CASE("knn: exact k nearest neighbours equal brute force", "[knn]") {
  Rng rng(11);
  SECTION("Gaussian points over several blocks (n = 700, D = 5, k = 7)") {
    const MatrixXd X = gaussian_matrix(700, 5, rng);
    check_same(nearest_neighbours(X, 7), brute_force(X, 7), 1e-13);
  }
  SECTION("points far from the origin (offset 1e6): centring keeps the products accurate") {
    const MatrixXd X = gaussian_matrix(300, 3, rng).array() + 1e6;
    check_same(nearest_neighbours(X, 4), brute_force(X, 4), 1e-9);
  }
  SECTION("a lattice full of ties and duplicates: ties ordered by index, duplicates at distance 0") {
    const MatrixXd X = lattice_points(600, 2, 10, rng);  // 100 sites for 600 points
    const Neighbours nn = nearest_neighbours(X, 9);
    check_same(nn, brute_force(X, 9), 0.0);
    Index zeros = 0, duplicated = 0;
    for (Index i = 0; i < X.rows(); ++i) {
      zeros += nn.distance(i, 0) == 0.0;
      bool twin = false;
      for (Index j = 0; j < X.rows(); ++j) twin = twin || (j != i && X.row(j) == X.row(i));
      duplicated += twin;
    }
    CHECK(zeros == duplicated);  // exactly the points with a duplicate have a neighbour at distance 0
    CHECK(duplicated > 550);     // 600 points on 100 sites
  }
  SECTION("a sparse 3-D lattice: exact ties at every distance, few duplicates") {
    const MatrixXd X = lattice_points(500, 3, 12, rng);
    check_same(nearest_neighbours(X, 6), brute_force(X, 6), 0.0);
  }
  SECTION("all points identical: every distance 0, neighbours by index") {
    const MatrixXd X = MatrixXd::Constant(300, 4, 2.5);
    const Neighbours nn = nearest_neighbours(X, 5);
    for (Index i = 0; i < 300; ++i) {
      Index want = 0;
      for (Index r = 0; r < 5; ++r, ++want) {
        if (want == i) ++want;
        CHECK(nn.index(i, r) == want);
        CHECK(nn.distance(i, r) == 0.0);
      }
    }
  }
  SECTION("k = n - 1 lists everyone; distances are symmetric bit for bit") {
    const MatrixXd X = gaussian_matrix(40, 6, rng);
    const Neighbours nn = nearest_neighbours(X, 39);
    check_same(nn, brute_force(X, 39), 1e-13);
    std::vector<double> d(40 * 40, -1.0);
    for (Index i = 0; i < 40; ++i)
      for (Index r = 0; r < 39; ++r) d[std::size_t(i * 40 + nn.index(i, r))] = nn.distance(i, r);
    for (Index i = 0; i < 40; ++i)
      for (Index j = 0; j < 40; ++j)
        if (i != j) CHECK(d[std::size_t(i * 40 + j)] == d[std::size_t(j * 40 + i)]);
  }
  SECTION("one dimension, two points, and a tile edge at n = 257") {
    const MatrixXd two = (MatrixXd(2, 1) << 1.0, 4.0).finished();
    const Neighbours nn2 = nearest_neighbours(two, 1);
    CHECK(nn2.index(0, 0) == 1);
    CHECK(nn2.index(1, 0) == 0);
    CHECK(nn2.distance(0, 0) == 3.0);
    const MatrixXd X = gaussian_matrix(257, 1, rng);
    check_same(nearest_neighbours(X, 3), brute_force(X, 3), 1e-13);
  }
}

TEST_CASE("knn: the search in blocks gives the same answer as at once", "[knn]") {
  Rng rng(12);
  const MatrixXd X = gaussian_matrix(600, 4, rng);
  NeighbourSearch search(X, 5);
  CHECK(search.blocks() == 3);
  CHECK_THROWS_WITH(search.result(), Contains("run it to the end first"));
  while (!search.done()) search.run(1);
  CHECK(search.blocks_done() == 3);
  const Neighbours a = search.result(), b = nearest_neighbours(X, 5);
  CHECK(a.index == b.index);
  CHECK(a.distance == b.distance);
}

TEST_CASE("knn: bad input names the field and the range", "[knn][bad-input]") {
  const MatrixXd X = MatrixXd::Random(5, 2);
  CHECK_THROWS_WITH(nearest_neighbours(X, 5), "k: must be an integer in [1, 4] (fewer than the 5 points), got 5");
  CHECK_THROWS_WITH(nearest_neighbours(X, 0), "k: must be an integer in [1, 4] (fewer than the 5 points), got 0");
  CHECK_THROWS_WITH(nearest_neighbours(MatrixXd::Ones(1, 3), 1), "points: needs at least 2 points (rows), got 1");
  CHECK_THROWS_WITH(nearest_neighbours(MatrixXd(4, 0), 1), "points: must have at least one column (coordinate), got 0");
  MatrixXd bad = X;
  bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(nearest_neighbours(bad, 2), "points: every value must be finite, got nan at row 3, column 1");
  bad(3, 1) = -std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(nearest_neighbours(bad, 2), "points: every value must be finite, got -inf at row 3, column 1");
}
