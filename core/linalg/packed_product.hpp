#pragma once
// C += A B for the products of recurrent training (W h_t, W^T g_t, g_t h_t^T), in float64 and float32:
// register-blocked kernels over a two-double (four-float) vector, SSE2 natively and simd128 in wasm,
// where Eigen 3.4 has no SIMD kernels (about 2x Eigen's product there, bench/README.md). Each entry of C
// is summed in the same order, without fused multiply-adds, in every build: native and wasm products
// agree bit for bit. A native build with RNNBOOK_NATIVE_ARCH=ON on a CPU with FMA uses a wider fused
// float64 kernel instead (AVX-512 or AVX2): faster, and different in the last bits.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

// A read-only strided matrix of doubles or floats: entry (i, j) is data[i * row_stride + j * col_stride].
template <class Scalar>
struct BasicMatrixView {
  const Scalar* data = nullptr;
  Eigen::Index rows = 0, cols = 0, row_stride = 1, col_stride = 0;

  BasicMatrixView transpose() const { return {data, cols, rows, col_stride, row_stride}; }
};
using MatrixView = BasicMatrixView<double>;
using FloatMatrixView = BasicMatrixView<float>;

// The view of a column-major Eigen matrix, map or block with direct access.
template <class Derived>
BasicMatrixView<typename Derived::Scalar> view_of(const Eigen::DenseBase<Derived>& m) {
  static_assert(!(Derived::Flags & Eigen::RowMajorBit), "view_of: column-major matrices only");
  return {m.derived().data(), m.rows(), m.cols(), m.innerStride(), m.outerStride()};
}

// The left factor A of C += A B, copied once into the kernel's layout, then used for many products.
template <class Scalar>
class BasicPackedMatrix {
 public:
  BasicPackedMatrix() = default;
  explicit BasicPackedMatrix(BasicMatrixView<Scalar> a) { assign(a); }
  void assign(BasicMatrixView<Scalar> a);  // reuses its buffer: no allocation once it is large enough

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  const Scalar* panels() const { return panels_.data(); }

 private:
  Eigen::Index rows_ = 0, cols_ = 0;
  std::vector<Scalar> panels_;
};
using PackedMatrix = BasicPackedMatrix<double>;
using FloatPackedMatrix = BasicPackedMatrix<float>;

// The kernel this build compiled: "portable" (same bits in every build), "fused-avx512" or "fused-avx2".
const char* product_kernel();

// C += A B, C of size a.rows() x b.cols(); b.rows() must equal a.cols(). scratch holds B in the
// kernel's layout and is reused across calls.
void multiply_add(const PackedMatrix& a, MatrixView b, Eigen::Ref<Eigen::MatrixXd> c,
                  std::vector<double>& scratch);
// The float32 product: an 8 x 4 tile of four-float vectors, products
// and sums rounded to float in a fixed order, the same bits in every build (tuned builds included).
void multiply_add(const FloatPackedMatrix& a, FloatMatrixView b, Eigen::Ref<Eigen::MatrixXf> c,
                  std::vector<float>& scratch);

}  // namespace rnnbook
