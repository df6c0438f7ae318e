#pragma once
// What every experiment returns (DESIGN.md, the experiment contract).
#include <Eigen/Core>
#include <map>
#include <string>
#include <vector>

#include "experiments/fields.hpp"

namespace rnnbook {

struct ResultArray {
  std::vector<std::size_t> shape;
  std::vector<double> data;  // row-major (C order)
};

struct Result {
  std::string kind;
  std::string version;
  std::uint64_t seed = 0;
  json config;  // with defaults filled in
  std::map<std::string, double> scalars;
  std::map<std::string, ResultArray> arrays;
  double timing_ms = 0.0;

  // Everything but the array data: arrays appear as {"shape": [...]}.
  json summary() const;
};

extern const char* const kVersion;

// Arrays for results and checkpoints (copies; matrices in C order, as NumPy).
ResultArray vector_array(const std::vector<double>& v);
ResultArray vector_array(const Eigen::Ref<const Eigen::VectorXd>& v);
ResultArray matrix_array(const Eigen::Ref<const Eigen::MatrixXd>& m);

}  // namespace rnnbook
