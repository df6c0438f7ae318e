#pragma once
// A number as error messages show it ("0.1", "1e-05", "0", "nan"): the stream's default format.
#include <string>

namespace rnnbook {

std::string number_text(double x);

}  // namespace rnnbook
