#pragma once
// How close two sample sets are (SCIENCE.md 5.3): 1-D Wasserstein-1, sliced Wasserstein-1, the
// unbiased MMD^2 with a Gaussian kernel (median bandwidth), histogram KL in 1-D, marginal excess
// kurtosis and mode masses. Samples are the columns of a d x n matrix; all must be finite.
#include <Eigen/Dense>
#include <string>

#include "common/rng.hpp"

namespace rnnbook {

// Throws rnnbook::Error naming `field`[j][i] at the first non-finite entry, or when x has fewer
// than min_count samples.
void check_samples(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::string& field, Eigen::Index min_count = 1);

// W1 between the empirical distributions of a and b (any sizes): the integral of |F_a - F_b|.
double wasserstein1(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b);
// The same for a and b already sorted ascending.
double wasserstein1_sorted(const double* a, Eigen::Index n, const double* b, Eigen::Index m);

// m directions drawn uniformly on the unit sphere in R^d (d x m).
Eigen::MatrixXd random_directions(Eigen::Index d, Eigen::Index m, Rng& rng);

// Mean over the directions (d x m, unit columns) of W1 between the projections of x and y.
double sliced_wasserstein1(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                           const Eigen::Ref<const Eigen::MatrixXd>& directions);

// The most projections (samples x directions) a sliced W1 keeps sorted at once: 400 MB, a fifth of
// the wasm module's 2 GB, so the default 50 directions fit the largest reference (10^6) of `sample`.
constexpr double kMaxSortedProjections = 5e7;

// Sliced W1 against a fixed reference: the reference projections are sorted once.
class SlicedDistance {
 public:
  SlicedDistance(const Eigen::Ref<const Eigen::MatrixXd>& reference, Eigen::MatrixXd directions);
  double operator()(const Eigen::Ref<const Eigen::MatrixXd>& x) const;

 private:
  Eigen::MatrixXd directions_, sorted_;  // sorted_: one column of sorted projections per direction
};

// The median of the pairwise distances |z_i - z_j| over the pooled sample z = [x, y]; from at most
// max_points of its points, taken evenly spaced, when the pool is larger.
double median_bandwidth(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                        Eigen::Index max_points = 1000);

// Unbiased MMD^2 (U-statistic) with k(u, v) = exp(-|u - v|^2 / (2 h^2)); needs >= 2 samples each.
double mmd2_unbiased(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                     double bandwidth);

// The same MMD^2 in pieces of bounded work, so that an experiment can compute it in units of step() (a
// Stop lands between pieces). The kernel sums run over 256-column blocks of the Gram matrix in one fixed
// order, whatever the pieces, so every split gives the bits of mmd2_unbiased (which runs all pieces).
// Kernel values (exp calls) in one piece, at most: about 35 ms of CPU in wasm (20000 x 20000, d = 1: 237
// pieces in 8.5 s of CPU; natively 9.1 s, about 38 ms each).
constexpr double kMmdPieceKernels = 4e6;

class Mmd2Pieces {
 public:
  // For nx samples x and ny samples y (d coordinates each): the pieces are known before the samples.
  Mmd2Pieces(Eigen::Index nx, Eigen::Index ny);

  long total() const;
  long done() const { return done_; }
  // The kernel values of the pieces not yet summed.
  double remaining_kernels() const;
  // Starts over on these samples (copied: nx and ny columns) with k(u, v) = exp(-|u - v|^2 / (2 h^2)).
  // The caller checks them (finite, h > 0 and finite), as mmd2_unbiased does.
  void start(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y, double bandwidth);
  // Sums the next piece (after start()).
  void step();
  // MMD^2 once done() == total().
  double value() const;

 private:
  // Sum s: 0 = k(x_i, x_j) over i != j, 1 = the same for y, 2 = k(x_i, y_j) over all pairs.
  struct Sum {
    Eigen::Index rows, cols;  // u's and v's samples
    long blocks_per_piece;
    long blocks() const;
    long pieces() const { return (blocks() + blocks_per_piece - 1) / blocks_per_piece; }
  };
  void sum_block(int s, Eigen::Index j0);

  Sum sums_[3];
  Eigen::MatrixXd x_, y_, g_;
  Eigen::VectorXd nx_, ny_;  // squared norms of the samples
  double inv2h2_ = 0.0;
  double totals_[3] = {0.0, 0.0, 0.0};
  long done_ = 0;
  int sum_ = 0;           // the sum of the next piece
  long piece_in_sum_ = 0;
};

// KL(P || Q) between histograms of p and q (1-D) with `bins` equal bins over the pooled range;
// each bin's probability is smoothed to (c/n + eps) / (1 + bins eps).
double histogram_kl(const Eigen::Ref<const Eigen::VectorXd>& p, const Eigen::Ref<const Eigen::VectorXd>& q,
                    int bins = 100, double eps = 1e-6);

// Excess kurtosis m4 / m2^2 - 3 of each coordinate (d entries; 0 for a Gaussian).
Eigen::VectorXd excess_kurtosis(const Eigen::Ref<const Eigen::MatrixXd>& x);

// The fraction of samples nearest to each centre (d x K) (ties go to the first centre).
Eigen::VectorXd mode_masses(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& centres);

}  // namespace rnnbook
