#pragma once
// FNV-1a over the bit patterns of a matrix's entries (double or float): any one-ulp difference changes it.
// Tests that assert a fixed fingerprint check that native and wasm builds compute the same bits.
#include <Eigen/Dense>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace rnnbook::testing {

template <class Derived>
std::uint64_t bits_fingerprint(const Eigen::DenseBase<Derived>& m) {
  using Scalar = typename Derived::Scalar;
  using Bits = std::conditional_t<sizeof(Scalar) == 8, std::uint64_t, std::uint32_t>;
  static_assert(sizeof(Bits) == sizeof(Scalar), "a double or float matrix");
  std::uint64_t h = 1469598103934665603ull;
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      Bits u;
      const Scalar x = m(i, j);
      std::memcpy(&u, &x, sizeof u);
      for (std::size_t byte = 0; byte < sizeof u; ++byte) h = (h ^ ((u >> (8 * byte)) & 0xff)) * 1099511628211ull;
    }
  return h;
}

}  // namespace rnnbook::testing
