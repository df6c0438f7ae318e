#pragma once
// The sample-quality measures (measures/sample_quality.hpp) as calls by name on user arrays, for the
// fronts (wasm, JS): options are a JSON object read with Fields, so defaults, ranges and messages
// exist once. Samples x and y are (n) or (n, d) arrays in C order; the result holds scalars and arrays.
#include <string>

#include "experiments/result.hpp"

namespace rnnbook {

// name and what it returns:
//   "wasserstein1"         1-D x and y                       scalar w1
//   "sliced_wasserstein1"  options directions (50), seed (0)  scalar sliced_w1 (W1 when d = 1)
//   "mmd2"                 options bandwidth (0: the median heuristic), max_points (1000)
//                                                            scalars mmd2, bandwidth
//   "median_bandwidth"     option max_points (1000): pooled points used, evenly spaced
//                                                            scalar bandwidth
//   "histogram_kl"         1-D; options bins (100), eps (1e-6)  scalar kl = KL(x || y)
//   "excess_kurtosis"      x only                            array kurtosis [d]
//   "mode_masses"          y: the centres (K, d)             array masses [K]
// Throws rnnbook::Error naming the argument (x, y, options.<field>) and the allowed range.
Result sample_quality_function(const std::string& name, const ResultArray& x, const ResultArray& y,
                               const std::string& options_json);

}  // namespace rnnbook
