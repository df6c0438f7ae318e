#pragma once
// The one exception type of rnnbook: its message names the field and the allowed range.
#include <stdexcept>
#include <string>

namespace rnnbook {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rnnbook
