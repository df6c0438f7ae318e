#include "measures/sample_quality.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

void check_samples(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::string& field, Eigen::Index min_count) {
  if (x.rows() < 1) throw Error(field + ": samples must have at least one coordinate");
  if (x.cols() < min_count)
    throw Error(field + ": needs at least " + std::to_string(min_count) + " samples, got " + std::to_string(x.cols()));
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (!std::isfinite(x(i, j))) {
        std::ostringstream os;
        os << field << "[" << j << "]";
        if (x.rows() > 1) os << "[" << i << "]";
        os << ": must be a finite number, got " << x(i, j);
        throw Error(os.str());
      }
}

// Walks the merged order of the two sorted samples; between consecutive points |F_a - F_b| is constant.
double wasserstein1_sorted(const double* a, Eigen::Index n, const double* b, Eigen::Index m) {
  Eigen::Index i = 0, j = 0;
  double prev = std::min(a[0], b[0]), total = 0.0;
  while (i < n || j < m) {
    const bool take_a = j >= m || (i < n && a[i] <= b[j]);
    const double next = take_a ? a[i] : b[j];
    total += std::abs(double(i) / double(n) - double(j) / double(m)) * (next - prev);
    prev = next;
    if (take_a) ++i;
    else ++j;
  }
  return total;
}

double wasserstein1(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b) {
  check_samples(a.transpose(), "x");
  check_samples(b.transpose(), "y");
  std::vector<double> sa(a.data(), a.data() + a.size()), sb(b.data(), b.data() + b.size());
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return wasserstein1_sorted(sa.data(), Eigen::Index(sa.size()), sb.data(), Eigen::Index(sb.size()));
}

Eigen::MatrixXd random_directions(Eigen::Index d, Eigen::Index m, Rng& rng) {
  Eigen::MatrixXd u(d, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    do {
      for (Eigen::Index i = 0; i < d; ++i) u(i, j) = rng.normal();
    } while (u.col(j).norm() == 0.0);
    u.col(j).normalize();
  }
  return u;
}

double sliced_wasserstein1(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                           const Eigen::Ref<const Eigen::MatrixXd>& directions) {
  return SlicedDistance(y, directions)(x);
}

SlicedDistance::SlicedDistance(const Eigen::Ref<const Eigen::MatrixXd>& reference, Eigen::MatrixXd directions)
    : directions_(std::move(directions)) {
  check_samples(reference, "y");
  if (directions_.rows() != reference.rows() || directions_.cols() < 1)
    throw Error("directions: must be at least one unit vector with as many coordinates as the samples");
  sorted_ = reference.transpose() * directions_;
  for (Eigen::Index k = 0; k < sorted_.cols(); ++k) std::sort(sorted_.col(k).data(), sorted_.col(k).data() + sorted_.rows());
}

double SlicedDistance::operator()(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  check_samples(x, "x");
  if (x.rows() != directions_.rows()) throw Error("x: must have as many coordinates as the reference");
  Eigen::MatrixXd p = x.transpose() * directions_;
  double total = 0.0;
  for (Eigen::Index k = 0; k < p.cols(); ++k) {
    std::sort(p.col(k).data(), p.col(k).data() + p.rows());
    total += wasserstein1_sorted(p.col(k).data(), p.rows(), sorted_.col(k).data(), sorted_.rows());
  }
  return total / double(p.cols());
}

double median_bandwidth(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                        Eigen::Index max_points) {
  const Eigen::Index n = x.cols() + y.cols();
  const Eigen::Index stride = std::max<Eigen::Index>(1, (n + max_points - 1) / max_points);
  std::vector<Eigen::Index> picked;
  for (Eigen::Index k = 0; k < n; k += stride) picked.push_back(k);
  const auto point = [&](Eigen::Index k) { return k < x.cols() ? x.col(k) : y.col(k - x.cols()); };
  std::vector<double> dist;
  dist.reserve(picked.size() * (picked.size() - 1) / 2);
  for (std::size_t a = 0; a < picked.size(); ++a)
    for (std::size_t b = a + 1; b < picked.size(); ++b) dist.push_back((point(picked[a]) - point(picked[b])).norm());
  if (dist.empty()) throw Error("bandwidth: needs at least two samples");
  auto mid = dist.begin() + std::ptrdiff_t(dist.size() / 2);
  std::nth_element(dist.begin(), mid, dist.end());
  if (dist.size() % 2) return *mid;
  const double upper = *mid;
  return 0.5 * (upper + *std::max_element(dist.begin(), mid));
}

namespace {

// Columns of v per Gram block (u^T v_block is rows x 256): little memory, and the block sets the product's
// shape and so its bits; it must not change.
constexpr Eigen::Index kBlock = 256;

}  // namespace

long Mmd2Pieces::Sum::blocks() const { return long((cols + kBlock - 1) / kBlock); }

Mmd2Pieces::Mmd2Pieces(Eigen::Index nx, Eigen::Index ny) {
  const Eigen::Index rows[3] = {nx, ny, nx}, cols[3] = {nx, ny, ny};
  for (int s = 0; s < 3; ++s) {
    const double per_block = double(rows[s]) * double(kBlock);
    sums_[s] = {rows[s], cols[s], std::max(1L, long(std::floor(kMmdPieceKernels / std::max(per_block, 1.0))))};
  }
}

long Mmd2Pieces::total() const { return sums_[0].pieces() + sums_[1].pieces() + sums_[2].pieces(); }

double Mmd2Pieces::remaining_kernels() const {
  double n = 0.0;
  for (int s = sum_; s < 3; ++s) {
    const Eigen::Index from = s == sum_ ? std::min(sums_[s].cols, Eigen::Index(piece_in_sum_ * sums_[s].blocks_per_piece) * kBlock) : 0;
    n += double(sums_[s].rows) * double(sums_[s].cols - from);
  }
  return n;
}

void Mmd2Pieces::start(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                       double bandwidth) {
  if (x.cols() != sums_[0].rows || y.cols() != sums_[1].rows || x.rows() != y.rows())
    throw Error("mmd2: the samples do not have the sizes the pieces were made for");
  x_ = x;
  y_ = y;
  nx_ = x_.colwise().squaredNorm().transpose();
  ny_ = y_.colwise().squaredNorm().transpose();
  inv2h2_ = 1.0 / (2.0 * bandwidth * bandwidth);
  totals_[0] = totals_[1] = totals_[2] = 0.0;
  done_ = 0;
  sum_ = 0;
  piece_in_sum_ = 0;
  while (sum_ < 3 && sums_[sum_].pieces() == 0) ++sum_;
}

// One block of columns j0.. of v: the kernel values go through exp_each (the same bits as portable::exp
// one at a time) and are added in the order of the plain double loop, so the sum has its bits.
void Mmd2Pieces::sum_block(int s, Eigen::Index j0) {
  const Eigen::MatrixXd& u = s == 1 ? y_ : x_;
  const Eigen::MatrixXd& v = s == 0 ? x_ : y_;
  const Eigen::VectorXd& nu = s == 1 ? ny_ : nx_;
  const Eigen::VectorXd& nv = s == 0 ? nx_ : ny_;
  const bool same = s != 2;
  const Eigen::Index nb = std::min(kBlock, v.cols() - j0), rows = u.cols();
  g_.noalias() = u.transpose() * v.middleCols(j0, nb);
  double total = totals_[s];
  for (Eigen::Index j = 0; j < nb; ++j) {
    double* k = g_.col(j).data();
    const double nvj = nv(j0 + j);
    for (Eigen::Index i = 0; i < rows; ++i) k[i] = -std::max(0.0, nu(i) + nvj - 2.0 * k[i]) * inv2h2_;
    portable::exp_each(k, k, rows);
    const Eigen::Index skip = same ? j0 + j : rows;  // the diagonal i == j is left out
    for (Eigen::Index i = 0; i < rows; ++i)
      if (i != skip) total += k[i];
  }
  totals_[s] = total;
}

void Mmd2Pieces::step() {
  if (sum_ >= 3) return;
  const Sum& p = sums_[sum_];
  const long first = piece_in_sum_ * p.blocks_per_piece, last = std::min(p.blocks(), first + p.blocks_per_piece);
  for (long b = first; b < last; ++b) sum_block(sum_, Eigen::Index(b) * kBlock);
  ++done_;
  if (++piece_in_sum_ == p.pieces()) {
    piece_in_sum_ = 0;
    do ++sum_;
    while (sum_ < 3 && sums_[sum_].pieces() == 0);
  }
  if (sum_ >= 3) g_.resize(0, 0);
}

// MMD_u^2 = sum_{i!=j} k(x_i,x_j)/(n(n-1)) + sum_{i!=j} k(y_i,y_j)/(m(m-1)) - 2 sum k(x_i,y_j)/(nm).
double Mmd2Pieces::value() const {
  if (done_ != total()) throw Error("mmd2: not all pieces are summed yet");
  const double n = double(sums_[0].rows), m = double(sums_[1].rows);
  return totals_[0] / (n * (n - 1.0)) + totals_[1] / (m * (m - 1.0)) - 2.0 * totals_[2] / (n * m);
}

double mmd2_unbiased(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                     double bandwidth) {
  check_samples(x, "x", 2);
  check_samples(y, "y", 2);
  if (x.rows() != y.rows()) throw Error("y: must have as many coordinates as x");
  if (!(bandwidth > 0.0) || !std::isfinite(bandwidth)) {
    std::ostringstream os;
    os << "bandwidth: must be a finite number > 0, got " << bandwidth;
    throw Error(os.str());
  }
  Mmd2Pieces pieces(x.cols(), y.cols());
  pieces.start(x, y, bandwidth);
  while (pieces.done() < pieces.total()) pieces.step();
  return pieces.value();
}

double histogram_kl(const Eigen::Ref<const Eigen::VectorXd>& p, const Eigen::Ref<const Eigen::VectorXd>& q, int bins,
                    double eps) {
  check_samples(p.transpose(), "x");
  check_samples(q.transpose(), "y");
  if (bins < 1) throw Error("bins: must be an integer >= 1, got " + std::to_string(bins));
  if (!(eps > 0.0) || !std::isfinite(eps)) {
    std::ostringstream os;
    os << "eps: must be a finite number > 0, got " << eps;
    throw Error(os.str());
  }
  const double lo = std::min(p.minCoeff(), q.minCoeff()), hi = std::max(p.maxCoeff(), q.maxCoeff());
  const double width = hi > lo ? (hi - lo) / bins : 1.0;
  const auto histogram = [&](const Eigen::Ref<const Eigen::VectorXd>& v) -> Eigen::ArrayXd {
    Eigen::VectorXd h = Eigen::VectorXd::Zero(bins);
    for (Eigen::Index i = 0; i < v.size(); ++i) h(std::min<Eigen::Index>(bins - 1, Eigen::Index((v(i) - lo) / width))) += 1.0;
    return ((h / double(v.size())).array() + eps) / (1.0 + bins * eps);
  };
  const Eigen::ArrayXd hp = histogram(p), hq = histogram(q);
  return (hp * (hp / hq).unaryExpr(&portable::log)).sum();
}

Eigen::VectorXd excess_kurtosis(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  check_samples(x, "x", 2);
  const Eigen::MatrixXd c = x.colwise() - x.rowwise().mean();
  const Eigen::ArrayXd m2 = c.array().square().rowwise().mean(), m4 = c.array().square().square().rowwise().mean();
  return (m4 / m2.square() - 3.0).matrix();
}

Eigen::VectorXd mode_masses(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& centres) {
  check_samples(x, "x");
  if (centres.rows() != x.rows() || centres.cols() < 1)
    throw Error("centres: must be at least one point with as many coordinates as the samples");
  Eigen::VectorXd mass = Eigen::VectorXd::Zero(centres.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    Eigen::Index best;
    (centres.colwise() - x.col(j)).colwise().squaredNorm().minCoeff(&best);
    mass(best) += 1.0;
  }
  return mass / double(x.cols());
}

}  // namespace rnnbook
