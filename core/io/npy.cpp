#include "io/npy.hpp"

#include <sstream>
#include <xtensor/xadapt.hpp>
#include <xtensor/xnpy.hpp>

#include "common/error.hpp"

namespace rnnbook {

std::string npy_bytes(const ResultArray& a) {
  std::vector<double> data = a.data;  // xt::adapt needs a non-const vector (TOOLCHAIN.md 7.4)
  std::vector<std::size_t> shape = a.shape;
  return xt::dump_npy(xt::adapt(data, shape));
}

ResultArray parse_npy(const std::string& bytes) {
  try {
    std::istringstream in(bytes);
    auto arr = xt::load_npy<double>(in);
    ResultArray r;
    r.shape.assign(arr.shape().begin(), arr.shape().end());
    r.data.assign(arr.begin(), arr.end());
    return r;
  } catch (const std::exception& e) {
    throw Error(std::string("npy: cannot read the array: ") + e.what());
  }
}

}  // namespace rnnbook
