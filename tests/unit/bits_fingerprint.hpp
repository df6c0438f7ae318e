#pragma once
// FNV-1a over the bit patterns of a matrix's entries: any one-ulp difference changes it. Tests that
// assert a fixed fingerprint check that native and wasm builds compute the same bits.
#include <Eigen/Dense>
#include <cstdint>
#include <cstring>

namespace rnnbook::testing {

inline std::uint64_t bits_fingerprint(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  std::uint64_t h = 1469598103934665603ull;
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      std::uint64_t u;
      const double x = m(i, j);
      std::memcpy(&u, &x, 8);
      for (int byte = 0; byte < 8; ++byte) h = (h ^ ((u >> (8 * byte)) & 0xff)) * 1099511628211ull;
    }
  return h;
}

inline std::uint64_t bits_fingerprint(const Eigen::Ref<const Eigen::MatrixXf>& m) {
  std::uint64_t h = 1469598103934665603ull;
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      std::uint32_t u;
      const float x = m(i, j);
      std::memcpy(&u, &x, 4);
      for (int byte = 0; byte < 4; ++byte) h = (h ^ ((u >> (8 * byte)) & 0xff)) * 1099511628211ull;
    }
  return h;
}

}  // namespace rnnbook::testing
