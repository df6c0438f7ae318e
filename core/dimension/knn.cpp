#include "dimension/knn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "dimension/points.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;

constexpr Index kBlock = 256;       // rows per block: a 256 x 256 tile of products is 512 KB
constexpr Index kExtraCandidates = 8;  // kept beyond k, so that near-ties rarely need the exact scan
constexpr double kUnit = 0x1.0p-53;    // unit round-off of double

}  // namespace

// Product formula ||a - b||^2 = |a|^2 + |b|^2 - 2 a.b on centred points, with a proven error bound:
// every pair's computed value, shifted down by c (|a|^2 + |b|^2), is a lower bound L of the exact
// squared distance and L + 2c (|a|^2 + |b|^2) an upper bound U (c covers the rounding of the
// product, the norms, the centring and the direct sum; about 4 (D + 4) u each, doubled). A point's
// list keeps the smallest L. At the end, any point whose L exceeds the k-th smallest U among the
// list cannot be one of the k nearest, so recomputing the listed candidates directly is exact.
NeighbourSearch::NeighbourSearch(const Eigen::Ref<const MatrixXd>& points, Index k)
    : n_(points.rows()), k_(k) {
  require_points(points, "points", 2);
  if (k < 1 || k > n_ - 1)
    throw Error("k: must be an integer in [1, " + std::to_string(n_ - 1) + "] (fewer than the " +
                std::to_string(n_) + " points), got " + std::to_string(k));
  const Index D = points.cols();
  points_ = points.transpose();
  centred_ = points_.colwise() - points_.rowwise().mean();
  norms_ = centred_.colwise().squaredNorm().transpose();
  capacity_ = std::min(k_ + kExtraCandidates, n_ - 1);
  blocks_ = (n_ + kBlock - 1) / kBlock;
  slack_ = double(8 * D + 32) * kUnit;
  list_.assign(std::size_t(n_ * capacity_), Entry{0.0, 0});
  count_.assign(std::size_t(n_), 0);
  threshold_.assign(std::size_t(n_), std::numeric_limits<double>::infinity());
}

// Reports the share of this call's tiles done (block b has blocks_ - b); the caller says what a unit is
// (the measure experiment: one block; TwoNN inside a flatness checkpoint: a phase of it).
void NeighbourSearch::run(Index blocks) {
  const Index first = done_, last = std::min(blocks_, done_ + std::max<Index>(blocks, 0));
  const double tiles = double(last - first) * double(2 * blocks_ - first - last + 1) / 2.0;
  double scanned = 0.0;
  for (; done_ < last; ++done_)
    for (Index j0 = done_ * kBlock; j0 < n_; j0 += kBlock) {
      scan_tile(done_ * kBlock, j0);
      report_progress(++scanned / tiles);
    }
}

// Every unordered pair once: tiles (I, J) with J >= I, and i < j inside a diagonal tile.
void NeighbourSearch::scan_tile(Index i0, Index j0) {
  const Index bi = std::min(kBlock, n_ - i0), bj = std::min(kBlock, n_ - j0);
  tile_.resize(bi, bj);
  tile_.noalias() = -2.0 * (centred_.middleCols(i0, bi).transpose() * centred_.middleCols(j0, bj));
  const double shrink = 1.0 - slack_;
  for (Index jj = 0; jj < bj; ++jj) {
    const Index j = j0 + jj;
    const double aj = shrink * norms_(j);
    const double* g = tile_.col(jj).data();
    const Index end = i0 == j0 ? jj : bi;
    for (Index ii = 0; ii < end; ++ii) {
      const Index i = i0 + ii;
      const double lower = shrink * norms_(i) + aj + g[ii];
      if (lower < threshold_[std::size_t(i)]) insert(i, j, lower);
      if (lower < threshold_[std::size_t(j)]) insert(j, i, lower);
    }
  }
}

// Point i's list keeps the capacity_ smallest lower bounds: a max-heap whose top is the threshold.
void NeighbourSearch::insert(Index i, Index j, double lower) {
  Entry* list = list_.data() + i * capacity_;
  Index& count = count_[std::size_t(i)];
  if (count == capacity_) {
    std::pop_heap(list, list + count);  // the largest goes to the end, to be replaced
    --count;
  }
  list[count++] = Entry{lower, std::int64_t(j)};
  std::push_heap(list, list + count);
  if (count == capacity_) threshold_[std::size_t(i)] = list[0].lower;
}

// A plain loop, the same summation order natively and in wasm.
double NeighbourSearch::exact_squared(Index i, Index j) const {
  const double* a = points_.col(i).data();
  const double* b = points_.col(j).data();
  double s = 0.0;
  for (Index d = 0; d < points_.rows(); ++d) {
    const double t = a[d] - b[d];
    s += t * t;
  }
  return s;
}

namespace {

// Writes the k nearest of the (squared distance, index) pairs into row i, ties by index.
void take_nearest(std::vector<std::pair<double, std::int64_t>>& pairs, Index k, Index i, Neighbours& out) {
  std::partial_sort(pairs.begin(), pairs.begin() + k, pairs.end());
  for (Index r = 0; r < k; ++r) {
    out.distance(i, r) = std::sqrt(pairs[std::size_t(r)].first);
    out.index(i, r) = pairs[std::size_t(r)].second;
  }
}

}  // namespace

void NeighbourSearch::finish_point(Index i, Neighbours& out) const {
  const Index count = count_[std::size_t(i)];
  std::vector<Entry> list(list_.begin() + i * capacity_, list_.begin() + i * capacity_ + count);
  std::sort(list.begin(), list.end());
  std::vector<double> upper(static_cast<std::size_t>(count));
  for (Index r = 0; r < count; ++r) {
    const Index j = Index(list[std::size_t(r)].index);
    upper[std::size_t(r)] = list[std::size_t(r)].lower + 2.0 * slack_ * (norms_(i) + norms_(j));
  }
  std::nth_element(upper.begin(), upper.begin() + (k_ - 1), upper.end());
  const double kth_upper = upper[std::size_t(k_ - 1)];
  // A full list whose last entry could still beat the k-th: a point outside the list might too.
  if (count < n_ - 1 && list.back().lower <= kth_upper) {
    exact_scan(i, out);
    return;
  }
  std::vector<std::pair<double, std::int64_t>> pairs;
  for (Index r = 0; r < count && list[std::size_t(r)].lower <= kth_upper; ++r) {
    const std::int64_t j = list[std::size_t(r)].index;
    pairs.emplace_back(exact_squared(i, Index(j)), j);
  }
  take_nearest(pairs, k_, i, out);
}

// The fallback for many (near-)ties at the k-th distance, e.g. many duplicates: all n - 1 distances.
void NeighbourSearch::exact_scan(Index i, Neighbours& out) const {
  std::vector<std::pair<double, std::int64_t>> pairs;
  pairs.reserve(std::size_t(n_ - 1));
  for (Index j = 0; j < n_; ++j)
    if (j != i) pairs.emplace_back(exact_squared(i, j), std::int64_t(j));
  take_nearest(pairs, k_, i, out);
}

Neighbours NeighbourSearch::result() const {
  if (!done())
    throw Error("nearest neighbours: the search has done " + std::to_string(done_) + " of " +
                std::to_string(blocks_) + " blocks; run it to the end first");
  Neighbours out{IndexMatrix(n_, k_), RowMatrix(n_, k_)};
  for (Index i = 0; i < n_; ++i) finish_point(i, out);
  return out;
}

Neighbours nearest_neighbours(const Eigen::Ref<const MatrixXd>& points, Index k) {
  NeighbourSearch search(points, k);
  search.run(search.blocks());
  return search.result();
}

}  // namespace rnnbook
