// The float32 product C += A B: exactly a scalar float loop that sums each entry from zero in k order and
// then adds it to C (the kernel's documented order), at every tile edge and on strided views; so the same
// bits in every build, which the fingerprint asserts natively and in wasm.
#include <catch2/catch.hpp>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "linalg/packed_product.hpp"

using namespace rnnbook;

namespace {

Eigen::MatrixXf float_operand(Eigen::Index rows, Eigen::Index cols, float shift) {
  Eigen::MatrixXf m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = 1.0f / (float(i + 2 * j) + shift) - 0.3f;
  return m;
}

// The kernel's order: s = 0; s = s + a_ik b_kj for k = 0, 1, ...; c = c + s; each step rounded to float.
Eigen::MatrixXf ordered_product(const Eigen::MatrixXf& A, const Eigen::MatrixXf& B, Eigen::MatrixXf C) {
  for (Eigen::Index j = 0; j < C.cols(); ++j)
    for (Eigen::Index i = 0; i < C.rows(); ++i) {
      volatile float s = 0.0f;  // volatile: no reassociation or contraction by the compiler
      for (Eigen::Index k = 0; k < A.cols(); ++k) {
        const volatile float p = A(i, k) * B(k, j);
        s = s + p;
      }
      C(i, j) = C(i, j) + s;
    }
  return C;
}

std::uint32_t product_bits32(const Eigen::MatrixXf& m) {
  std::uint32_t h = 2166136261u;
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      std::uint32_t u;
      const float x = m(i, j);
      std::memcpy(&u, &x, 4);
      for (int byte = 0; byte < 4; ++byte) h = (h ^ ((u >> (8 * byte)) & 0xff)) * 16777619u;
    }
  return h;
}

}  // namespace

TEST_CASE("float multiply_add sums each entry in the documented order, at every tile edge", "[packed_product][float32]") {
  std::vector<float> scratch;
  for (const auto& [m, k, n] : std::vector<std::array<Eigen::Index, 3>>{
           {1, 1, 1}, {3, 5, 2}, {8, 4, 4}, {9, 3, 5}, {7, 13, 6}, {16, 1, 8}, {128, 128, 32}, {33, 65, 17},
           {15, 3, 4}, {17, 9, 3}, {0, 3, 2}, {4, 0, 3}}) {
    INFO("m, k, n = " << m << ", " << k << ", " << n);
    const Eigen::MatrixXf A = float_operand(m, k, 1.5f), B = float_operand(k, n, 2.25f);
    const Eigen::MatrixXf C0 = float_operand(m, n, 3.125f);
    Eigen::MatrixXf C = C0;
    multiply_add(FloatPackedMatrix(view_of(A)), view_of(B), C, scratch);
    CHECK(C == ordered_product(A, B, C0));
    // Transposed views and a strided block of a larger matrix, into a block of a larger C.
    const Eigen::MatrixXf At = A.transpose(), big = float_operand(k + 3, n + 2, 0.5f);
    const Eigen::MatrixXf Bs = big.block(2, 1, k, n), Bt = Bs.transpose();
    Eigen::MatrixXf E = Eigen::MatrixXf::Zero(m + 1, n + 3);
    multiply_add(FloatPackedMatrix(view_of(At).transpose()), view_of(Bt).transpose(), E.block(1, 2, m, n), scratch);
    CHECK(Eigen::MatrixXf(E.block(1, 2, m, n)) == ordered_product(A, Bs, Eigen::MatrixXf::Zero(m, n)));
    CHECK(E.row(0).isZero(0.0f));
    CHECK(E.leftCols(2).isZero(0.0f));
    CHECK(E.rightCols(1).isZero(0.0f));
    // And it is the product, to float accuracy (a float sum of k terms: error about k * 6e-8).
    if (C.size() == 0) continue;
    Eigen::MatrixXd exact = C0.cast<double>() + A.cast<double>() * B.cast<double>();
    CHECK((C.cast<double>() - exact).cwiseAbs().maxCoeff() <= 1e-6 * (1.0 + double(k)) * (1.0 + exact.cwiseAbs().maxCoeff()));
  }
}

TEST_CASE("float multiply_add names mismatched shapes, and gives the same bits natively and in wasm", "[packed_product][float32]") {
  std::vector<float> scratch;
  Eigen::MatrixXf C = float_operand(3, 2, 1.0f);
  const Eigen::MatrixXf A2 = float_operand(3, 4, 1.0f), B2 = float_operand(5, 2, 1.0f);
  CHECK_THROWS_WITH(multiply_add(FloatPackedMatrix(view_of(A2)), view_of(B2), C, scratch),
                    "multiply_add: (3 x 4) times (5 x 2) into (3 x 2): the shapes do not match");
  const Eigen::MatrixXf A = float_operand(37, 129, 1.5f), B = float_operand(129, 11, 2.25f);
  Eigen::MatrixXf D = float_operand(37, 11, 3.125f);
  multiply_add(FloatPackedMatrix(view_of(A)), view_of(B), D, scratch);
  CHECK(product_bits32(D) == 0xc760933eu);
}
