#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "io/npy.hpp"

using namespace rnnbook;

TEST_CASE(".npy bytes round-trip and carry a NumPy header", "[npy]") {
  ResultArray a{{2, 3}, {1, 2, 3, 4, 5, 6.5}};
  const std::string bytes = npy_bytes(a);
  REQUIRE(bytes.size() > 10);
  CHECK(bytes.substr(1, 5) == "NUMPY");
  CHECK(bytes.find("'shape': (2, 3)") != std::string::npos);
  CHECK(bytes.find("<f8") != std::string::npos);
  const ResultArray back = parse_npy(bytes);
  CHECK(back.shape == a.shape);
  CHECK(back.data == a.data);
  CHECK_THROWS_AS(parse_npy("not an npy file"), Error);
}
