// The packed product C += A B against Eigen's, on every edge of its tiling, and the same bits in every
// build (this suite also runs as wasm: the fingerprints below are asserted there too). build-native also
// compiles it with -march=native (native_arch_kernel_tests), where the fused kernel's tiles are checked.
#include <catch2/catch.hpp>
#include <array>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linalg/packed_product.hpp"
#include "bits_fingerprint.hpp"
#include "relative_error.hpp"

using namespace rnnbook;
using rnnbook::testing::bits_fingerprint;
using rnnbook::testing::relative_error;

namespace {

// Entries with inexact products and sums, the same in every build (no libm).
Eigen::MatrixXd product_operand(Eigen::Index rows, Eigen::Index cols, double shift) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = 1.0 / (double(i + 2 * j) + shift) - 0.3;
  return m;
}

}  // namespace

TEST_CASE("multiply_add adds A B into C, as Eigen's product, at every tile edge", "[packed_product]") {
  std::vector<double> scratch;
  for (const auto& [m, k, n] : std::vector<std::array<Eigen::Index, 3>>{
           {1, 1, 1}, {3, 5, 2}, {4, 4, 4}, {5, 3, 9}, {7, 13, 6}, {8, 1, 8}, {128, 128, 32}, {33, 65, 17},
           {15, 3, 4}, {16, 7, 4}, {17, 9, 5}, {31, 2, 7}, {48, 33, 12}}) {
    INFO("m, k, n = " << m << ", " << k << ", " << n);
    const Eigen::MatrixXd A = product_operand(m, k, 1.5), B = product_operand(k, n, 2.25);
    const Eigen::MatrixXd C0 = product_operand(m, n, 3.125);
    Eigen::MatrixXd C = C0;
    multiply_add(PackedMatrix(view_of(A)), view_of(B), C, scratch);
    CHECK(relative_error(C, C0 + A * B) < 1e-14);
    // Transposed views and a strided block of a larger matrix.
    const Eigen::MatrixXd At = A.transpose(), big = product_operand(k + 3, n + 2, 0.5);
    Eigen::MatrixXd Bs = big.block(2, 1, k, n);
    Eigen::MatrixXd D = C0;
    multiply_add(PackedMatrix(view_of(At).transpose()), view_of(big.block(2, 1, k, n)), D, scratch);
    CHECK(relative_error(D, C0 + A * Bs) < 1e-14);
    Eigen::MatrixXd E = Eigen::MatrixXd::Zero(m + 1, n + 3);
    const Eigen::MatrixXd Bt = Bs.transpose();
    multiply_add(PackedMatrix(view_of(A)), view_of(Bt).transpose(), E.block(1, 2, m, n), scratch);
    CHECK(relative_error(E.block(1, 2, m, n), A * Bs) < 1e-14);
    CHECK(E.row(0).isZero(0.0));
    CHECK(E.leftCols(2).isZero(0.0));
    CHECK(E.rightCols(1).isZero(0.0));
  }
}

TEST_CASE("multiply_add with depth 0 leaves C as it was, and names mismatched shapes", "[packed_product]") {
  std::vector<double> scratch;
  const Eigen::MatrixXd A(3, 0), B(0, 2);
  Eigen::MatrixXd C = product_operand(3, 2, 1.0);
  const Eigen::MatrixXd before = C;
  multiply_add(PackedMatrix(view_of(A)), view_of(B), C, scratch);
  CHECK(C == before);
  const Eigen::MatrixXd A2 = product_operand(3, 4, 1.0), B2 = product_operand(5, 2, 1.0);
  CHECK_THROWS_WITH(multiply_add(PackedMatrix(view_of(A2)), view_of(B2), C, scratch),
                    "multiply_add: (3 x 4) times (5 x 2) into (3 x 2): the shapes do not match");
}

TEST_CASE("multiply_add computes the same bits natively and in wasm", "[packed_product]") {
  std::vector<double> scratch;
  const Eigen::MatrixXd A = product_operand(37, 129, 1.5), B = product_operand(129, 11, 2.25);
  Eigen::MatrixXd C = product_operand(37, 11, 3.125);
  multiply_add(PackedMatrix(view_of(A)), view_of(B), C, scratch);
  const std::string kernel = product_kernel();
  if (kernel == "portable")
    CHECK(bits_fingerprint(C) == 0xfef6da4e93202d89ull);
  else  // a fused kernel rounds once per multiply-add: its accuracy is checked against Eigen above
    CHECK((kernel == "fused-avx512" || kernel == "fused-avx2"));
}

#ifdef RNNBOOK_FUSED_PRODUCT
TEST_CASE("RNNBOOK_NATIVE_ARCH builds the fused kernel on a CPU with AVX2 and FMA", "[packed_product]") {
  // -march=native: a CPU with AVX2 and FMA must get the fused kernel, not silently the portable one.
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) CHECK(std::string(product_kernel()) != "portable");
#ifdef __AVX512F__
  CHECK(std::string(product_kernel()) == "fused-avx512");
#endif
}
#endif
