#pragma once
// The one exception type of rnnbook: its message names the field and the allowed range.
#include <stdexcept>
#include <string>
#include <vector>

namespace rnnbook {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// "[3, 4]" (or with other brackets, "(3, 4)"), as messages write an array shape.
inline std::string shape_text(const std::vector<std::size_t>& shape, const char* open = "[", const char* close = "]") {
  std::string t = open;
  for (std::size_t i = 0; i < shape.size(); ++i) t += (i ? ", " : "") + std::to_string(shape[i]);
  return t + close;
}

// "rows x cols", as messages write a matrix size.
inline std::string size_text(long long rows, long long cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

}  // namespace rnnbook
