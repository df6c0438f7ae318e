#pragma once
// .npy files (NumPy format 1.0, little-endian float64, C order) for result arrays.
#include <string>

#include "experiments/result.hpp"

namespace rnnbook {

std::string npy_bytes(const ResultArray& a);
ResultArray parse_npy(const std::string& bytes);  // throws rnnbook::Error on a malformed file

}  // namespace rnnbook
