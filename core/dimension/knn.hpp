#pragma once
// Exact k nearest neighbours of the rows of a point set (SCIENCE.md 6.2, 6.3), sized for n up to a
// few 10^4 points in the browser: O(n^2 D / 2) flops in matrix products, O(n k) memory.
//
// What "exact" means here:
//  * every returned distance is ||x_i - x_j|| computed coordinate by coordinate from the given rows
//    (so duplicates are at distance exactly 0, and d(i, j) = d(j, i) bit for bit);
//  * the k neighbours of a point are the k smallest of those distances over all other points;
//  * ties are ordered by the neighbour's row index, smaller first, so the answer is unique.
// A point is never its own neighbour; its duplicates are (at distance 0): the dimension estimators
// remove duplicates first (distinct.hpp).
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace rnnbook {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using IndexMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Neighbours {
  IndexMatrix index;   // n x k: row i lists the neighbours of point i, nearest first
  RowMatrix distance;  // n x k: their Euclidean distances, ascending along each row
};

// The search in units of work (one block of query rows each), so an experiment can report progress
// and stop between blocks. Keeps a copy of the points.
class NeighbourSearch {
 public:
  // Throws Error unless points are finite with n >= 2 rows and 1 <= k <= n - 1.
  NeighbourSearch(const Eigen::Ref<const Eigen::MatrixXd>& points, Eigen::Index k);

  Eigen::Index blocks() const { return blocks_; }
  Eigen::Index blocks_done() const { return done_; }
  bool done() const { return done_ >= blocks_; }
  Eigen::Index neighbours() const { return k_; }
  void run(Eigen::Index blocks);  // does up to this many blocks
  Neighbours result() const;      // throws Error before done()

 private:
  void scan_tile(Eigen::Index i0, Eigen::Index j0);
  void insert(Eigen::Index i, Eigen::Index j, double lower);
  void finish_point(Eigen::Index i, Neighbours& out) const;
  void exact_scan(Eigen::Index i, Neighbours& out) const;
  double exact_squared(Eigen::Index i, Eigen::Index j) const;

  Eigen::MatrixXd points_;   // D x n, one point per column, as given
  Eigen::MatrixXd centred_;  // D x n, minus the mean point: smaller norms, less cancellation
  Eigen::VectorXd norms_;    // squared norms of the centred points
  Eigen::Index n_, k_, capacity_, blocks_, done_ = 0;
  double slack_;             // c in the error bound c (|x_i|^2 + |x_j|^2) of the product formula
  // Per point, the capacity_ smallest lower bounds seen so far, as a max-heap on the lower bound
  // (insertion O(log capacity_) also for large k): list_[i * capacity_ + r].
  struct Entry {
    double lower;
    std::int64_t index;
    bool operator<(const Entry& o) const { return lower < o.lower; }
  };
  std::vector<Entry> list_;
  std::vector<Eigen::Index> count_;
  std::vector<double> threshold_;  // the largest kept lower bound once the list is full, else +inf
  Eigen::MatrixXd tile_;
};

// The whole search at once.
Neighbours nearest_neighbours(const Eigen::Ref<const Eigen::MatrixXd>& points, Eigen::Index k);

}  // namespace rnnbook
