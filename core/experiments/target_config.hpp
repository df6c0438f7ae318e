#pragma once
// The "target" group of a sample config: target.name picks the distribution and only its own
// fields may stand beside it (README.md, "The sample experiment").
#include <memory>

#include "experiments/fields.hpp"
#include "sampling/target.hpp"

namespace rnnbook {

// Most values a user array (samples, means, covariances) may hold, and the largest dimension d.
constexpr std::size_t kMaxTargetValues = 4000000;
constexpr std::int64_t kMaxTargetDim = 16;

std::shared_ptr<const Target> parse_target(Fields& target);

}  // namespace rnnbook
