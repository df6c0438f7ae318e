#pragma once
// The dimension measures as single calls on one array: the JS API's low-level functions
// (docs/js-api.md, "Dimension of your own data"). Options are read with Fields, so defaults,
// ranges and unknown options are handled, and messages named, as in the `measure` experiment.
#include <string>

#include "experiments/result.hpp"

namespace rnnbook {

// name: "participation_ratio", "pca_components", "covariance_spectrum", "effective_rank", "twonn",
// "levina_bickel", "local_pca", "nearest_neighbours" (input: points (n, D), a matrix for
// effective_rank) or "manifold" (no input). options_json: a JSON object ("" or "null" for defaults).
// Returns the options with defaults as config, and the answer as scalars and arrays.
Result dimension_function(const std::string& name, const ResultArray& input, const std::string& options_json);

}  // namespace rnnbook
