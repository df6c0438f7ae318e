#pragma once
// The arithmetic of training (forward pass, gradient, loss, optimiser): float64, or float32 with the
// loss and the clipping norm summed in float64. Measurements stay float64, computed from the float32
// weights. Kinds train, sntk, pitchfork and flatness read the field "precision".
#include "experiments/fields.hpp"

namespace rnnbook {

enum class Precision { float64, float32 };

const char* precision_name(Precision p);

// The field "precision": "float64" (default) or "float32".
Precision read_precision(Fields& root);

}  // namespace rnnbook
