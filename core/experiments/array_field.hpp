#pragma once
// An array inside a config: {"shape": [...], "data": [...]} with data in C order, or nested JSON
// arrays. Every error names the field (and the entry) and what is allowed.
#include <string>

#include "experiments/result.hpp"

namespace rnnbook {

// Reads a `rank`-d array of finite numbers with at most max_values values; `axes` names the axes
// for messages, e.g. "(T, B, I)".
ResultArray read_config_array(const json& v, const std::string& name, std::size_t rank, const std::string& axes,
                              std::size_t max_values);

}  // namespace rnnbook
