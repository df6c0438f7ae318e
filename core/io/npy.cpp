#include "io/npy.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <xtensor/xadapt.hpp>
#include <xtensor/xnpy.hpp>

#include "common/error.hpp"

namespace rnnbook {

std::string npy_bytes(const ResultArray& a) {
  std::vector<double> data = a.data;  // xt::adapt needs a non-const vector (TOOLCHAIN.md 7.4)
  std::vector<std::size_t> shape = a.shape;
  return xt::dump_npy(xt::adapt(data, shape));
}

// Reading is our own, strict code: xtensor's load_npy trusts the header (undefined behaviour and
// huge allocations on a damaged file, found by tests/fuzz/npy). Every size is checked against the
// bytes present before anything is allocated.
namespace {

// Larger sizes are refused before any arithmetic on them (2^40 values: far beyond any limit).
constexpr std::uint64_t kMaxValues = std::uint64_t(1) << 40;

[[noreturn]] void bad(const std::string& why) { throw Error("npy: cannot read the array: " + why); }

// The value text of 'key' in the header dict, up to the next ',' or '}' outside parentheses.
std::string header_value(const std::string& header, const std::string& key) {
  const std::string quoted[] = {"'" + key + "'", "\"" + key + "\""};
  std::size_t at = std::string::npos;
  for (const auto& q : quoted)
    if ((at = header.find(q)) != std::string::npos) {
      at += q.size();
      break;
    }
  if (at == std::string::npos) bad("the header has no '" + key + "'");
  at = header.find(':', at);
  if (at == std::string::npos) bad("the header's '" + key + "' has no value");
  std::size_t end = at + 1;
  int depth = 0;
  for (; end < header.size(); ++end) {
    const char c = header[end];
    if (c == '(') ++depth;
    else if (c == ')') --depth;
    else if ((c == ',' || c == '}') && depth == 0) break;
  }
  const std::string v = header.substr(at + 1, end - at - 1);
  const std::size_t b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
}

std::string trimmed(const std::string& t) {
  const std::size_t b = t.find_first_not_of(' '), e = t.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
}

// "(a, b, c)", "(a,)" or "()": sizes separated by commas, a trailing comma allowed.
std::vector<std::size_t> parse_shape(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') bad("the shape is not a tuple");
  std::vector<std::string> tokens;
  const std::string inner = text.substr(1, text.size() - 2);
  for (std::size_t from = 0;;) {
    const std::size_t comma = inner.find(',', from);
    tokens.push_back(trimmed(inner.substr(from, comma == std::string::npos ? std::string::npos : comma - from)));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  if (tokens.back().empty()) tokens.pop_back();  // "()" or a trailing comma
  std::vector<std::size_t> shape;
  for (const std::string& token : tokens) {
    if (token.empty()) bad("the shape holds something other than sizes");
    std::uint64_t d = 0;  // 64-bit on every target: size_t is 32-bit in wasm
    for (char c : token) {
      if (c < '0' || c > '9') bad("the shape holds something other than sizes");
      if (d > kMaxValues) bad("a dimension of the shape is too large");
      d = d * 10 + std::uint64_t(c - '0');
    }
    if (d > kMaxValues) bad("a dimension of the shape is too large");
    shape.push_back(std::size_t(d));
  }
  if (shape.size() > 32) bad("the shape has more than 32 dimensions");
  return shape;
}

}  // namespace

ResultArray parse_npy(const std::string& bytes) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) bad("not a .npy file (no \\x93NUMPY magic)");
  const unsigned major = static_cast<unsigned char>(bytes[6]);
  if (major < 1 || major > 3) bad("format version " + std::to_string(major) + " (1, 2 or 3 are read)");
  const std::size_t prefix = major == 1 ? 10 : 12;
  if (bytes.size() < prefix) bad("the file ends inside its header");
  std::size_t header_len = static_cast<unsigned char>(bytes[8]) | std::size_t(static_cast<unsigned char>(bytes[9])) << 8;
  if (major > 1)
    header_len |= std::size_t(static_cast<unsigned char>(bytes[10])) << 16 | std::size_t(static_cast<unsigned char>(bytes[11])) << 24;
  if (header_len > bytes.size() - prefix) bad("the file ends inside its header");
  const std::string header = bytes.substr(prefix, header_len);

  const std::string descr = header_value(header, "descr");
  if (descr != "'<f8'" && descr != "\"<f8\"") bad("the data type is " + descr + "; only little-endian float64 ('<f8') is read");
  const std::string order = header_value(header, "fortran_order");
  if (order != "False" && order != "True") bad("fortran_order is neither True nor False");
  ResultArray r;
  r.shape = parse_shape(header_value(header, "shape"));

  // The product of the sizes, and of the nonzero ones (an empty array's other sizes still make
  // strides), must stay far from overflow.
  std::uint64_t count = 1, bound = 1;
  for (std::size_t d : r.shape) {
    const std::uint64_t m = std::max<std::uint64_t>(d, 1);
    if (bound > kMaxValues / m) bad("the shape is too large");
    bound *= m;
    count *= d;
  }
  const std::uint64_t have = bytes.size() - prefix - header_len;
  if (have != count * 8)
    bad("the shape needs " + std::to_string(count) + " values (" + std::to_string(count * 8) + " bytes), the file has " +
        std::to_string(have) + " bytes of data");

  std::vector<double> raw(count);
  if (count) std::memcpy(raw.data(), bytes.data() + prefix + header_len, count * 8);  // little-endian hosts
  if (order == "False" || r.shape.size() < 2) {
    r.data = std::move(raw);
    return r;
  }
  // Fortran order: element (i0, ..., ik) sits at sum_j i_j * prod_{l<j} n_l; write it in C order.
  r.data.resize(count);
  std::vector<std::size_t> index(r.shape.size(), 0);
  for (std::size_t c = 0; c < count; ++c) {
    std::size_t f = 0, stride = 1;
    for (std::size_t j = 0; j < r.shape.size(); ++j) {
      f += index[j] * stride;
      stride *= r.shape[j];
    }
    r.data[c] = raw[f];
    for (std::size_t j = r.shape.size(); j-- > 0;) {  // the next index in C order
      if (++index[j] < r.shape[j]) break;
      index[j] = 0;
    }
  }
  return r;
}

}  // namespace rnnbook
