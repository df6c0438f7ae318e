#include "experiments/target_config.hpp"

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "sampling/gaussian_mixture.hpp"
#include "sampling/laplace_mixture.hpp"
#include "sampling/ring.hpp"
#include "sampling/sample_set.hpp"
#include "sampling/standard_targets.hpp"

namespace rnnbook {
namespace {

// The number of axes of an array given as {"shape": [...]} or as nested arrays.
std::size_t array_rank(const json& v) {
  if (v.is_object() && v.contains("shape") && v["shape"].is_array()) return v["shape"].size();
  std::size_t rank = 0;
  for (const json* at = &v; at->is_array(); at = at->empty() ? nullptr : &(*at)[0]) {
    ++rank;
    if (at->empty()) break;
  }
  return rank;
}

// A required array of rank `low` (d = 1) or `high`; the config echoes the values, or only the
// shape for user samples.
ResultArray required_array(Fields& f, const char* key, std::size_t low, std::size_t high, const std::string& axes_low,
                           const std::string& axes_high, bool echo_values = true) {
  const json* v = f.raw(key);
  if (!v)
    throw Error(f.name(key) + ": missing; must be an array " + axes_high +
                (low == high ? std::string() : " (or " + axes_low + " in 1-D)"));
  const std::size_t rank = array_rank(*v) == low ? low : high;
  ResultArray a = read_config_array(*v, f.name(key), rank, rank == low ? axes_low : axes_high, kMaxTargetValues);
  if (echo_values) f.fill(key, {{"shape", a.shape}, {"data", a.data}});
  else f.fill(key, {{"shape", a.shape}});
  return a;
}

// weights (K), means (K, d) or (K) in 1-D, covariances (K, d, d) or (K) variances in 1-D.
MixtureSpec parse_mixture(Fields& f) {
  const ResultArray w = required_array(f, "weights", 1, 1, "(K)", "(K)");
  const ResultArray m = required_array(f, "means", 1, 2, "(K)", "(K, d)");
  const ResultArray c = required_array(f, "covariances", 1, 3, "(K)", "(K, d, d)");
  const std::size_t K = w.shape[0], d = m.shape.size() == 1 ? 1 : m.shape[1];
  if (m.shape[0] != K)
    throw Error(f.name("means") + ": must hold one mean per weight (" + std::to_string(K) + "), got " +
                std::to_string(m.shape[0]));
  if (c.shape[0] != K)
    throw Error(f.name("covariances") + ": must hold one matrix per weight (" + std::to_string(K) + "), got " +
                std::to_string(c.shape[0]));
  if (std::int64_t(d) > kMaxTargetDim)
    throw Error(f.name("means") + ": d = " + std::to_string(d) + " coordinates, over the limit of " +
                std::to_string(kMaxTargetDim));
  const std::size_t cd = c.shape.size() == 1 ? 1 : c.shape[1];
  if (cd != d || (c.shape.size() == 3 && c.shape[2] != d))
    throw Error(f.name("covariances") + ": must be " + std::to_string(d) + " x " + std::to_string(d) +
                " matrices, like the means");
  MixtureSpec s;
  s.weights = Eigen::Map<const Eigen::VectorXd>(w.data.data(), Eigen::Index(K));
  // (K, d) in C order is d x K column-major.
  s.means = Eigen::Map<const Eigen::MatrixXd>(m.data.data(), Eigen::Index(d), Eigen::Index(K));
  for (std::size_t k = 0; k < K; ++k)
    s.covariances.push_back(
        Eigen::Map<const Eigen::MatrixXd>(c.data.data() + k * d * d, Eigen::Index(d), Eigen::Index(d)).transpose());
  return s;
}

}  // namespace

std::shared_ptr<const Target> parse_target(Fields& f) {
  const std::string name = f.choice(
      "name", "double_peak", {"double_peak", "laplace_x", "gaussian_mixture", "laplace_mixture", "ring", "samples"});
  const std::string field = f.name("");
  const std::string prefix = field.substr(0, field.size() - 1);  // "target"
  if (name == "double_peak") return std::make_shared<GaussianMixture>(double_peak());
  if (name == "laplace_x") return std::make_shared<LaplaceMixture>(laplace_x());
  if (name == "ring") {
    const double radius = f.number("radius", 2.0, 0.0, 1e3, true);
    const double width = f.number("width", 0.25, 0.0, 1e3, true);
    return std::make_shared<Ring>(radius, width, prefix);
  }
  if (name == "samples") {
    const ResultArray a = required_array(f, "samples", 1, 2, "(n)", "(n, d)", false);
    const Eigen::Index n = Eigen::Index(a.shape[0]), d = a.shape.size() == 1 ? 1 : Eigen::Index(a.shape[1]);
    if (d > kMaxTargetDim)
      throw Error(f.name("samples") + ": d = " + std::to_string(d) + " coordinates, over the limit of " +
                  std::to_string(kMaxTargetDim));
    return std::make_shared<SampleSet>(Eigen::Map<const Eigen::MatrixXd>(a.data.data(), d, n), f.name("samples"));
  }
  MixtureSpec s = parse_mixture(f);
  if (name == "gaussian_mixture") return std::make_shared<GaussianMixture>(std::move(s), prefix);
  return std::make_shared<LaplaceMixture>(std::move(s), prefix);
}

}  // namespace rnnbook
