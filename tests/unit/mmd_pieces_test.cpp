// The MMD^2 in pieces (measures/sample_quality.hpp): the bits of the plain double loop it replaced, at any
// split, and the count of its pieces.
#include <catch2/catch.hpp>
#include <algorithm>

#include "common/portable_math.hpp"
#include "common/rng.hpp"
#include "measures/sample_quality.hpp"

using namespace rnnbook;

namespace {

Eigen::MatrixXd normals(Eigen::Index d, Eigen::Index n, double mean, Rng& rng) {
  Eigen::MatrixXd x(d, n);
  for (auto& v : x.reshaped()) v = mean + rng.normal();
  return x;
}

// The kernel sum as mmd2_unbiased computed it before the pieces (one portable::exp at a time, the same
// 256-column Gram blocks): the reference for the bits.
double plain_kernel_sum(const Eigen::MatrixXd& u, const Eigen::MatrixXd& v, double inv2h2, bool same) {
  const Eigen::VectorXd nu = u.colwise().squaredNorm().transpose(), nv = v.colwise().squaredNorm().transpose();
  double total = 0.0;
  Eigen::MatrixXd g;
  for (Eigen::Index j0 = 0; j0 < v.cols(); j0 += 256) {
    const Eigen::Index nb = std::min<Eigen::Index>(256, v.cols() - j0);
    g.noalias() = u.transpose() * v.middleCols(j0, nb);
    for (Eigen::Index j = 0; j < nb; ++j)
      for (Eigen::Index i = 0; i < u.cols(); ++i) {
        if (same && i == j0 + j) continue;
        const double d2 = std::max(0.0, nu(i) + nv(j0 + j) - 2.0 * g(i, j));
        total += portable::exp(-d2 * inv2h2);
      }
  }
  return total;
}

double plain_mmd2(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, double h) {
  const double n = double(x.cols()), m = double(y.cols()), c = 1.0 / (2.0 * h * h);
  return plain_kernel_sum(x, x, c, true) / (n * (n - 1.0)) + plain_kernel_sum(y, y, c, true) / (m * (m - 1.0)) -
         2.0 * plain_kernel_sum(x, y, c, false) / (n * m);
}

}  // namespace

TEST_CASE("mmd2 pieces: the bits of the plain double loop, across block edges", "[sampling][mmd]") {
  Rng rng(21, 1);
  struct Case {
    Eigen::Index d, nx, ny;
  };
  for (const Case c : {Case{1, 2, 2}, Case{1, 257, 3}, Case{3, 600, 530}, Case{2, 256, 513}}) {
    const Eigen::MatrixXd x = normals(c.d, c.nx, 0.0, rng), y = normals(c.d, c.ny, 0.3, rng);
    const double h = median_bandwidth(x, y);
    INFO("d " << c.d << ", " << c.nx << " x " << c.ny);
    CHECK(mmd2_unbiased(x, y, h) == plain_mmd2(x, y, h));
    Mmd2Pieces p(c.nx, c.ny);
    CHECK(p.total() == 3);  // small: one piece per sum
    CHECK(p.remaining_kernels() == double(c.nx * c.nx + c.ny * c.ny + c.nx * c.ny));
  }
}

TEST_CASE("mmd2 pieces: a split into several pieces per sum keeps the bits and counts its work", "[sampling][mmd]") {
  // 2000 x 2100: a piece holds at most 4e6 kernel values, so 7 blocks of 256 columns; 8 and 9 blocks per sum.
  Rng rng(22, 1);
  const Eigen::MatrixXd x = normals(2, 2000, 0.0, rng), y = normals(2, 2100, 0.5, rng);
  const double h = median_bandwidth(x, y);
  Mmd2Pieces p(2000, 2100);
  REQUIRE(p.total() == 6);
  p.start(x, y, h);
  const double all = 2000.0 * 2000 + 2100.0 * 2100 + 2000.0 * 2100;
  CHECK(p.remaining_kernels() == all);
  p.step();
  CHECK(p.done() == 1);
  CHECK(p.remaining_kernels() == all - 2000.0 * 7 * 256);
  CHECK_THROWS_WITH(p.value(), "mmd2: not all pieces are summed yet");
  while (p.done() < p.total()) p.step();
  CHECK(p.remaining_kernels() == 0.0);
  const double value = p.value();
  CHECK(value == plain_mmd2(x, y, h));
  CHECK(value == mmd2_unbiased(x, y, h));
  CHECK(value > 0.01);  // N(0, I) against N(0.5, I): clearly apart
  p.start(x, y, h);  // starts over: the same sums again
  while (p.done() < p.total()) p.step();
  CHECK(p.value() == value);
}
