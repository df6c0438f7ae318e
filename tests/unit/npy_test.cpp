#include <catch2/catch.hpp>
#include <cstring>
#include <initializer_list>
#include <string>

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

namespace {

// A .npy file by hand: magic, version, header length, the header dict, then the data bytes.
std::string npy_file(const std::string& dict, const std::string& data, int major = 1) {
  std::string header = dict;
  while ((header.size() + (major == 1 ? 11 : 13)) % 64) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(major);
  out += char(0);
  const std::size_t n = header.size();
  out += char(n & 0xff);
  out += char((n >> 8) & 0xff);
  if (major > 1) out += std::string{char((n >> 16) & 0xff), char((n >> 24) & 0xff)};
  return out + header + data;
}

std::string doubles(std::initializer_list<double> v) {
  std::string s(v.size() * 8, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

std::string message_of(const std::string& bytes) {
  try {
    parse_npy(bytes);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE(".npy reader: versions, Fortran order, and every damaged file refused with a reason", "[npy]") {
  SECTION("version 2 and 3 headers, scalars and empty arrays") {
    const ResultArray v2 = parse_npy(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles({1, 2}), 2));
    CHECK(v2.shape == std::vector<std::size_t>{2});
    CHECK(v2.data == std::vector<double>{1, 2});
    CHECK(parse_npy(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", doubles({7}), 3)).data ==
          std::vector<double>{7});
    CHECK(parse_npy(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", "")).data.empty());
  }
  SECTION("Fortran order comes back in C order") {
    // The 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column.
    const ResultArray f = parse_npy(npy_file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                                             doubles({1, 4, 2, 5, 3, 6})));
    CHECK(f.shape == std::vector<std::size_t>{2, 3});
    CHECK(f.data == std::vector<double>{1, 2, 3, 4, 5, 6});
  }
  SECTION("damaged files") {
    const std::string ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
    CHECK(message_of("\x93NUMPX\x01\x00\x00\x00") == "npy: cannot read the array: not a .npy file (no \\x93NUMPY magic)");
    CHECK(message_of(npy_file(ok, doubles({1}))) ==
          "npy: cannot read the array: the shape needs 2 values (16 bytes), the file has 8 bytes of data");
    CHECK(message_of(npy_file("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", doubles({1}))) ==
          "npy: cannot read the array: the data type is '<i4'; only little-endian float64 ('<f8') is read");
    CHECK(message_of(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", "")) ==
          "npy: cannot read the array: the shape is too large");
    CHECK(message_of(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5000000000000), }", "")) ==
          "npy: cannot read the array: a dimension of the shape is too large");  // found by tests/fuzz/npy
    CHECK(message_of(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1 1), }", doubles({1}))) ==
          "npy: cannot read the array: the shape holds something other than sizes");
    CHECK(message_of(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", "")) ==
          "npy: cannot read the array: the shape holds something other than sizes");
    CHECK(message_of(npy_file("{'descr': '<f8', 'shape': (2,), }", doubles({1, 2}))) ==
          "npy: cannot read the array: the header has no 'fortran_order'");
    std::string cut = npy_file(ok, doubles({1, 2}));
    CHECK(message_of(cut.substr(0, 40)) == "npy: cannot read the array: the file ends inside its header");
  }
}
