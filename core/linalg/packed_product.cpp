#include "linalg/packed_product.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/simd.hpp"
#include "common/simd_float.hpp"

namespace rnnbook {

// Two kernels, chosen when the core is compiled:
// * portable (every default build): a 4 x 4 tile of C in eight two-double vectors (common/simd.hpp),
//   one rounding per multiply and per add, so native and wasm agree bit for bit. Measured in wasm (V8)
//   and natively: 4 x 4 and 8 x 2 reach 11-12 GFLOP/s in wasm, wider tiles spill (bench/README.md).
// * fused (RNNBOOK_NATIVE_ARCH=ON on a CPU with FMA): a tile of two AVX-512 or AVX2 vectors by 8 or
//   4 columns with fused multiply-adds, B broadcast in place (no packing), several times faster where
//   those units exist; its results differ from the portable kernel's in the last bits.
namespace packed_kernel {

#if defined(RNNBOOK_FUSED_PRODUCT) && defined(__FMA__) && !defined(__wasm_simd128__) && \
    (defined(__AVX512F__) || defined(__AVX2__))
#define RNNBOOK_WIDE_KERNEL 1
using namespace simd;
// AVX-512 (32 registers): 16 x 8, sixteen accumulators, two loads of A per sixteen multiply-adds
// (measured at N = 128: 8 columns 1.5x faster than 4, and faster than 6 or 12, which leave edge tiles
// at B = 32). AVX2 (16 registers): 8 x 4, eight accumulators.
constexpr Eigen::Index kTileRows = 2 * kWideLanes, kTileCols = kWideLanes == 8 ? 8 : 4;

// c (tile of C, column stride ldc) += sum over k of a[k] b(k, :): two row vectors of the A panel times
// kTileCols columns of B, each entry broadcast from B in place (any strides: B is not packed). col[c] is
// the offset of column c; an overhanging tile repeats the last column, and its extra sums are dropped.
inline void fused_tile_multiply_add(Eigen::Index depth, const double* a, const double* b, Eigen::Index b_row_stride,
                                    const Eigen::Index (&col)[kTileCols], double* c, Eigen::Index ldc) {
  Wide lo[kTileCols], hi[kTileCols];  // rows 0..L-1 and L..2L-1 of each column of the tile
  for (int j = 0; j < kTileCols; ++j) lo[j] = hi[j] = zero_wide();
  for (Eigen::Index k = 0; k < depth; ++k, a += kTileRows, b += b_row_stride) {
    const Wide a0 = load_wide(a), a1 = load_wide(a + kWideLanes);
    for (int j = 0; j < kTileCols; ++j) {
      const Wide bj = broadcast(b + col[j]);
      lo[j] = fma(a0, bj, lo[j]);
      hi[j] = fma(a1, bj, hi[j]);
    }
  }
  for (int j = 0; j < kTileCols; ++j, c += ldc) {
    store(c, add(load_wide(c), lo[j]));
    store(c + kWideLanes, add(load_wide(c + kWideLanes), hi[j]));
  }
}
#else
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
#endif

Eigen::Index panel_count(Eigen::Index n, Eigen::Index width) { return (n + width - 1) / width; }

// Panels of `Rows` rows of m (zero past the last row), each stored k-major: out[p][k][r].
template <Eigen::Index Rows, class Scalar>
void pack_rows(const BasicMatrixView<Scalar>& m, std::vector<Scalar>& out) {
  const Eigen::Index panels = panel_count(m.rows, Rows);
  out.resize(std::size_t(panels * Rows * m.cols));
  Scalar* o = out.data();
  for (Eigen::Index p = 0; p < panels; ++p) {
    if (m.row_stride == 1 && (p + 1) * Rows <= m.rows) {  // a whole panel of a column-major matrix: copies
      for (Eigen::Index k = 0; k < m.cols; ++k, o += Rows) std::copy_n(m.data + p * Rows + k * m.col_stride, Rows, o);
      continue;
    }
    for (Eigen::Index k = 0; k < m.cols; ++k)
      for (Eigen::Index r = 0; r < Rows; ++r) {
        const Eigen::Index i = p * Rows + r;
        *o++ = i < m.rows ? m.data[i * m.row_stride + k * m.col_stride] : Scalar(0);
      }
  }
}

// Panels of `Cols` columns of m (zero past the last column), k-major, each entry `Copies` times:
// out[q][k][c][Copies], so that a kernel loads a broadcast vector instead of shuffling (SSE2 has no
// broadcast load; wasm's float kernel uses load32_splat and one copy, 3 % faster at N = 128, while
// load64_splat made the double kernel no faster).
template <Eigen::Index Cols, int Copies, class Scalar>
void pack_columns(const BasicMatrixView<Scalar>& m, std::vector<Scalar>& out) {
  const Eigen::Index panels = panel_count(m.cols, Cols);
  out.resize(std::size_t(panels * Copies * Cols * m.rows));
  Scalar* o = out.data();
  for (Eigen::Index q = 0; q < panels; ++q)
    for (Eigen::Index k = 0; k < m.rows; ++k)
      for (Eigen::Index c = 0; c < Cols; ++c, o += Copies) {
        const Eigen::Index j = q * Cols + c;
        std::fill(o, o + Copies, j < m.cols ? m.data[k * m.row_stride + j * m.col_stride] : Scalar(0));
      }
}

// float32 (SCIENCE.md 1, training in float32): c (8 x 4 block of C, column stride ldc) += sum over k of
// a[k] b[k]^T, a = [k][8 rows], b = [k][4 columns, each four times]; every product and sum is rounded to
// float, in this order, in every build.
constexpr Eigen::Index kFloatTileRows = 2 * kFloatLanes, kFloatTileCols = 4;
#if defined(__wasm_simd128__)
// wasm has a broadcast load (v128.load32_splat): B packed once per entry, a quarter of the copying.
constexpr int kFloatCopies = 1;
inline Floats load_column_entry(const float* p) { return wasm_v128_load32_splat(p); }
#else
constexpr int kFloatCopies = kFloatLanes;  // SSE2 broadcasts by a shuffle: B packed four times, plain loads
inline Floats load_column_entry(const float* p) { return load(p); }
#endif
inline void float_tile_multiply_add(Eigen::Index depth, const float* a, const float* b, float* c, Eigen::Index ldc) {
  Floats lo[kFloatTileCols], hi[kFloatTileCols];  // rows 0..3 and 4..7 of each column of the tile
  for (int j = 0; j < kFloatTileCols; ++j) lo[j] = hi[j] = zero_floats();
  for (Eigen::Index k = 0; k < depth; ++k, a += kFloatTileRows, b += kFloatCopies * kFloatTileCols) {
    const Floats a0 = load(a), a1 = load(a + kFloatLanes);
    for (int j = 0; j < kFloatTileCols; ++j) {
      const Floats bj = load_column_entry(b + kFloatCopies * j);
      lo[j] = add_floats(lo[j], mul_floats(a0, bj));
      hi[j] = add_floats(hi[j], mul_floats(a1, bj));
    }
  }
  for (int j = 0; j < kFloatTileCols; ++j, c += ldc) {
    store(c, add_floats(load(c), lo[j]));
    store(c + kFloatLanes, add_floats(load(c + kFloatLanes), hi[j]));
  }
}

}  // namespace packed_kernel

const char* product_kernel() {
#if defined(RNNBOOK_WIDE_KERNEL) && defined(__AVX512F__)
  return "fused-avx512";
#elif defined(RNNBOOK_WIDE_KERNEL)
  return "fused-avx2";
#else
  return "portable";
#endif
}

template <>
void PackedMatrix::assign(MatrixView a) {
  rows_ = a.rows;
  cols_ = a.cols;
  packed_kernel::pack_rows<packed_kernel::kTileRows>(a, panels_);
}

template <>
void FloatPackedMatrix::assign(FloatMatrixView a) {
  rows_ = a.rows;
  cols_ = a.cols;
  packed_kernel::pack_rows<packed_kernel::kFloatTileRows>(a, panels_);
}

void multiply_add(const PackedMatrix& a, MatrixView b, Eigen::Ref<Eigen::MatrixXd> c,
                  std::vector<double>& scratch) {
  using namespace packed_kernel;
  if (b.rows != a.cols() || c.rows() != a.rows() || c.cols() != b.cols)
    throw Error("multiply_add: (" + size_text(a.rows(), a.cols()) + ") times (" + size_text(b.rows, b.cols) +
                ") into (" + size_text(c.rows(), c.cols()) + "): the shapes do not match");
  const Eigen::Index depth = a.cols(), rows = c.rows(), cols = c.cols();
#ifdef RNNBOOK_WIDE_KERNEL
  (void)scratch;  // the fused kernel reads B in place
#else
  pack_columns<kTileCols, 2>(b, scratch);
#endif
  double edge[kTileRows * kTileCols];  // a tile that overhangs C
  // Each panel of B (depth x kTileCols) stays in L1 while every panel of A streams past it.
  for (Eigen::Index q = 0; q < panel_count(cols, kTileCols); ++q) {
    const Eigen::Index j0 = q * kTileCols, jn = std::min(kTileCols, cols - j0);
#ifdef RNNBOOK_WIDE_KERNEL
    Eigen::Index col[kTileCols];
    for (Eigen::Index k = 0; k < kTileCols; ++k) col[k] = std::min(j0 + k, cols - 1) * b.col_stride;
    const auto tile = [&](const double* a_panel, double* dst, Eigen::Index ld) {
      fused_tile_multiply_add(depth, a_panel, b.data, b.row_stride, col, dst, ld);
    };
#else
    const double* b_panel = scratch.data() + q * 2 * kTileCols * depth;
    const auto tile = [&](const double* a_panel, double* dst, Eigen::Index ld) {
      tile_multiply_add(depth, a_panel, b_panel, dst, ld);
    };
#endif
    for (Eigen::Index p = 0; p < panel_count(rows, kTileRows); ++p) {
      const Eigen::Index i0 = p * kTileRows, in = std::min(kTileRows, rows - i0);
      const double* a_panel = a.panels() + p * kTileRows * depth;
      if (in == kTileRows && jn == kTileCols) {
        tile(a_panel, &c(i0, j0), c.outerStride());
        continue;
      }
      std::fill(edge, edge + kTileRows * kTileCols, 0.0);
      tile(a_panel, edge, kTileRows);
      for (Eigen::Index j = 0; j < jn; ++j)
        for (Eigen::Index i = 0; i < in; ++i) c(i0 + i, j0 + j) += edge[i + kTileRows * j];
    }
  }
}

void multiply_add(const FloatPackedMatrix& a, FloatMatrixView b, Eigen::Ref<Eigen::MatrixXf> c,
                  std::vector<float>& scratch) {
  using namespace packed_kernel;
  if (b.rows != a.cols() || c.rows() != a.rows() || c.cols() != b.cols)
    throw Error("multiply_add: (" + size_text(a.rows(), a.cols()) + ") times (" + size_text(b.rows, b.cols) +
                ") into (" + size_text(c.rows(), c.cols()) + "): the shapes do not match");
  const Eigen::Index depth = a.cols(), rows = c.rows(), cols = c.cols();
  pack_columns<kFloatTileCols, kFloatCopies>(b, scratch);
  float edge[kFloatTileRows * kFloatTileCols];  // a tile that overhangs C
  for (Eigen::Index q = 0; q < panel_count(cols, kFloatTileCols); ++q) {
    const Eigen::Index j0 = q * kFloatTileCols, jn = std::min(kFloatTileCols, cols - j0);
    const float* b_panel = scratch.data() + q * kFloatCopies * kFloatTileCols * depth;
    for (Eigen::Index p = 0; p < panel_count(rows, kFloatTileRows); ++p) {
      const Eigen::Index i0 = p * kFloatTileRows, in = std::min(kFloatTileRows, rows - i0);
      const float* a_panel = a.panels() + p * kFloatTileRows * depth;
      if (in == kFloatTileRows && jn == kFloatTileCols) {
        float_tile_multiply_add(depth, a_panel, b_panel, &c(i0, j0), c.outerStride());
        continue;
      }
      std::fill(edge, edge + kFloatTileRows * kFloatTileCols, 0.0f);
      float_tile_multiply_add(depth, a_panel, b_panel, edge, kFloatTileRows);
      for (Eigen::Index j = 0; j < jn; ++j)
        for (Eigen::Index i = 0; i < in; ++i) c(i0 + i, j0 + j) += edge[i + kFloatTileRows * j];
    }
  }
}

}  // namespace rnnbook
