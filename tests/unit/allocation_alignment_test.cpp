// core/common/allocation_alignment: operator new gives 16-byte aligned memory in every build, as
// glibc's malloc does natively, so Eigen's vectorised loops over std::vector data sum in the same
// order natively and in wasm (README.md, "Determinism").
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <vector>

TEST_CASE("operator new returns 16-byte aligned blocks of every size") {
  std::vector<std::unique_ptr<double[]>> blocks;
  for (std::size_t n = 1; n <= 300; ++n) {
    blocks.emplace_back(new double[n]);
    CHECK(reinterpret_cast<std::uintptr_t>(blocks.back().get()) % 16 == 0);
  }
  for (std::size_t n = 1; n <= 100; ++n) {
    const std::vector<double> v(n);
    CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % 16 == 0);
  }
}
