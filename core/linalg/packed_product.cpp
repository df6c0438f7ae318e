#include "linalg/packed_product.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/simd.hpp"

namespace rnnbook {

// The register tile: 4 x 4 entries of C held in eight two-double vectors. Measured in wasm (V8) and
// natively: 4 x 4 and 8 x 2 reach 11-12 GFLOP/s in wasm, wider tiles spill (bench/README.md).
namespace packed_kernel {

constexpr Eigen::Index kTileRows = 4, kTileCols = 4;

using namespace simd;

// c (4 x 4 block of C, column stride ldc) += sum over k of a[k] b[k]^T, for the panels a = [k][4 rows]
// and b = [k][4 columns, each twice] (pack_columns): every operand is a plain vector load.
inline void tile_multiply_add(Eigen::Index depth, const double* a, const double* b, double* c, Eigen::Index ldc) {
  Vec c00 = zero(), c10 = zero(), c01 = zero(), c11 = zero();
  Vec c02 = zero(), c12 = zero(), c03 = zero(), c13 = zero();
  for (Eigen::Index k = 0; k < depth; ++k, a += kTileRows, b += 2 * kTileCols) {
    const Vec a0 = load(a), a1 = load(a + 2);
    const Vec b0 = load(b), b1 = load(b + 2), b2 = load(b + 4), b3 = load(b + 6);
    c00 = add(c00, mul(a0, b0));
    c10 = add(c10, mul(a1, b0));
    c01 = add(c01, mul(a0, b1));
    c11 = add(c11, mul(a1, b1));
    c02 = add(c02, mul(a0, b2));
    c12 = add(c12, mul(a1, b2));
    c03 = add(c03, mul(a0, b3));
    c13 = add(c13, mul(a1, b3));
  }
  const Vec sums[8] = {c00, c10, c01, c11, c02, c12, c03, c13};
  for (int j = 0; j < 4; ++j, c += ldc) {
    store(c, add(load(c), sums[2 * j]));
    store(c + 2, add(load(c + 2), sums[2 * j + 1]));
  }
}

Eigen::Index panel_count(Eigen::Index n, Eigen::Index width) { return (n + width - 1) / width; }

// Panels of 4 rows of m (zero past the last row), each stored k-major: out[p][k][r].
void pack_rows(const MatrixView& m, std::vector<double>& out) {
  const Eigen::Index panels = panel_count(m.rows, kTileRows);
  out.resize(std::size_t(panels * kTileRows * m.cols));
  double* o = out.data();
  for (Eigen::Index p = 0; p < panels; ++p)
    for (Eigen::Index k = 0; k < m.cols; ++k)
      for (Eigen::Index r = 0; r < kTileRows; ++r) {
        const Eigen::Index i = p * kTileRows + r;
        *o++ = i < m.rows ? m.data[i * m.row_stride + k * m.col_stride] : 0.0;
      }
}

// Panels of 4 columns of m (zero past the last column), k-major, each entry twice: out[q][k][c][2],
// so that the kernel loads a broadcast pair instead of shuffling (SSE2 has no broadcast load).
void pack_columns(const MatrixView& m, std::vector<double>& out) {
  const Eigen::Index panels = panel_count(m.cols, kTileCols);
  out.resize(std::size_t(panels * 2 * kTileCols * m.rows));
  double* o = out.data();
  for (Eigen::Index q = 0; q < panels; ++q)
    for (Eigen::Index k = 0; k < m.rows; ++k)
      for (Eigen::Index c = 0; c < kTileCols; ++c, o += 2) {
        const Eigen::Index j = q * kTileCols + c;
        o[0] = o[1] = j < m.cols ? m.data[k * m.row_stride + j * m.col_stride] : 0.0;
      }
}

}  // namespace packed_kernel

void PackedMatrix::assign(MatrixView a) {
  rows_ = a.rows;
  cols_ = a.cols;
  packed_kernel::pack_rows(a, panels_);
}

void multiply_add(const PackedMatrix& a, MatrixView b, Eigen::Ref<Eigen::MatrixXd> c,
                  std::vector<double>& scratch) {
  using namespace packed_kernel;
  if (b.rows != a.cols() || c.rows() != a.rows() || c.cols() != b.cols)
    throw Error("multiply_add: (" + size_text(a.rows(), a.cols()) + ") times (" + size_text(b.rows, b.cols) +
                ") into (" + size_text(c.rows(), c.cols()) + "): the shapes do not match");
  const Eigen::Index depth = a.cols(), rows = c.rows(), cols = c.cols();
  pack_columns(b, scratch);
  alignas(16) double edge[kTileRows * kTileCols];  // a tile that overhangs C
  // Each panel of B (depth x 4, twice) stays in L1 while every panel of A streams past it.
  for (Eigen::Index q = 0; q < panel_count(cols, kTileCols); ++q) {
    const Eigen::Index j0 = q * kTileCols, jn = std::min(kTileCols, cols - j0);
    const double* b_panel = scratch.data() + q * 2 * kTileCols * depth;
    for (Eigen::Index p = 0; p < panel_count(rows, kTileRows); ++p) {
      const Eigen::Index i0 = p * kTileRows, in = std::min(kTileRows, rows - i0);
      const double* a_panel = a.panels() + p * kTileRows * depth;
      if (in == kTileRows && jn == kTileCols) {
        tile_multiply_add(depth, a_panel, b_panel, &c(i0, j0), c.outerStride());
        continue;
      }
      std::fill(edge, edge + kTileRows * kTileCols, 0.0);
      tile_multiply_add(depth, a_panel, b_panel, edge, kTileRows);
      for (Eigen::Index j = 0; j < jn; ++j)
        for (Eigen::Index i = 0; i < in; ++i) c(i0 + i, j0 + j) += edge[i + kTileRows * j];
    }
  }
}

}  // namespace rnnbook
