#include "common/number_text.hpp"

#include <sstream>

namespace rnnbook {

std::string number_text(double x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

}  // namespace rnnbook
