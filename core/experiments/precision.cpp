#include "experiments/precision.hpp"

namespace rnnbook {

const char* precision_name(Precision p) { return p == Precision::float32 ? "float32" : "float64"; }

Precision read_precision(Fields& root) {
  return root.choice("precision", "float64", {"float64", "float32"}) == "float32" ? Precision::float32
                                                                                 : Precision::float64;
}

}  // namespace rnnbook
