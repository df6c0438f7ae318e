#include "experiments/result.hpp"

#include <cmath>

namespace rnnbook {

json Result::summary() const {
  json j;
  j["kind"] = kind;
  j["version"] = version;
  j["seed"] = seed;
  j["config"] = config;
  j["scalars"] = json::object();
  // JSON has no NaN or Infinity: a non-finite scalar becomes null.
  for (const auto& [k, v] : scalars) j["scalars"][k] = std::isfinite(v) ? json(v) : json(nullptr);
  j["arrays"] = json::object();
  for (const auto& [k, a] : arrays) j["arrays"][k] = {{"shape", a.shape}};
  j["timing_ms"] = timing_ms;
  return j;
}

ResultArray vector_array(const std::vector<double>& v) { return {{v.size()}, v}; }

ResultArray vector_array(const Eigen::Ref<const Eigen::VectorXd>& v) {
  return {{std::size_t(v.size())}, std::vector<double>(v.data(), v.data() + v.size())};
}

ResultArray matrix_array(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = m;
  return {{std::size_t(m.rows()), std::size_t(m.cols())}, {r.data(), r.data() + r.size()}};
}

}  // namespace rnnbook
