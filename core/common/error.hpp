#pragma once
// The one exception type of rnnbook: its message names the field and the allowed range.
#include <stdexcept>
#include <string>

namespace rnnbook {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// "rows x cols", as messages write a matrix size.
inline std::string size_text(long long rows, long long cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

}  // namespace rnnbook
