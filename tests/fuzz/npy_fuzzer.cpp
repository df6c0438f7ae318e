// libFuzzer target: any bytes as a .npy file. parse_npy either reads an array whose shape matches its
// data (and which writes back to bytes that read the same) or refuses with rnnbook::Error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/error.hpp"
#include "io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rnnbook::ResultArray a;
  try {
    a = rnnbook::parse_npy(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const rnnbook::Error&) {
    return 0;
  }
  std::size_t count = 1;
  for (std::size_t d : a.shape) count *= d;
  if (count != a.data.size()) std::abort();
  const rnnbook::ResultArray b = rnnbook::parse_npy(rnnbook::npy_bytes(a));
  if (b.shape != a.shape || b.data.size() != a.data.size()) std::abort();
  for (std::size_t i = 0; i < a.data.size(); ++i)  // bit for bit, NaN included
    if (std::memcmp(&a.data[i], &b.data[i], sizeof(double)) != 0) std::abort();
  return 0;
}
