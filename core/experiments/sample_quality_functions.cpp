#include "experiments/sample_quality_functions.hpp"

#include <Eigen/Dense>
#include <string>

#include "common/error.hpp"
#include "measures/sample_quality.hpp"

namespace rnnbook {
namespace {

// A (n) or (n, d) C-order array as the d x n matrix of its samples (the same memory order).
Eigen::MatrixXd samples_of(const ResultArray& a, const std::string& name) {
  if (a.shape.empty() || a.shape.size() > 2)
    throw Error(name + ": must be samples of shape (n) or (n, d), got " + std::to_string(a.shape.size()) + " axes");
  const std::size_t n = a.shape[0], d = a.shape.size() == 2 ? a.shape[1] : 1;
  if (d < 1) throw Error(name + ": samples must have at least one coordinate");
  if (a.data.size() != n * d)
    throw Error(name + ": shape needs " + std::to_string(n * d) + " values, got " + std::to_string(a.data.size()));
  return Eigen::Map<const Eigen::MatrixXd>(a.data.data(), Eigen::Index(d), Eigen::Index(n));
}


void same_dimension(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  if (x.rows() != y.rows())
    throw Error("y: samples must have as many coordinates as x (" + std::to_string(x.rows()) + "), got " +
                std::to_string(y.rows()));
}

void one_dimensional(const Eigen::MatrixXd& x, const std::string& name, const std::string& what) {
  if (x.rows() != 1) throw Error(name + ": " + what + " needs 1-D samples, got d = " + std::to_string(x.rows()));
}

// The sliced W1 holds the sorted projections of both sample sets on every direction at once.
void check_projections(Eigen::Index samples, std::int64_t directions) {
  const double values = double(samples) * double(directions);
  if (values > kMaxSortedProjections)
    throw Error("options.directions: (x's + y's samples) x directions = " + std::to_string(samples) + " x " +
                std::to_string(directions) + " = " + std::to_string(std::int64_t(values)) + " projections exceeds the limit " +
                std::to_string(std::int64_t(kMaxSortedProjections)) + "; use at most " +
                std::to_string(std::int64_t(kMaxSortedProjections / double(samples))) + " directions or fewer samples");
}

}  // namespace

Result sample_quality_function(const std::string& name, const ResultArray& xa, const ResultArray& ya,
                               const std::string& options_json) {
  Result r;
  r.kind = name;
  r.version = kVersion;
  const json options = options_json.empty() ? json::object() : parse_config_text(options_json);
  Fields f(options, r.config, "options");
  const Eigen::MatrixXd x = samples_of(xa, "x");
  const auto y = [&] { return samples_of(ya, "y"); };
  if (name == "wasserstein1") {
    const Eigen::MatrixXd b = y();
    one_dimensional(x, "x", "wasserstein1");
    one_dimensional(b, "y", "wasserstein1");
    f.finish();
    r.scalars["w1"] = wasserstein1(x.row(0).transpose(), b.row(0).transpose());
  } else if (name == "sliced_wasserstein1") {
    const Eigen::MatrixXd b = y();
    same_dimension(x, b);
    const std::int64_t m = f.integer("directions", 50, 1, 10000);
    const std::int64_t seed = f.integer("seed", 0, 0, INT64_C(9007199254740991));
    f.finish();
    if (x.rows() > 1) check_projections(x.cols() + b.cols(), m);
    Rng rng(std::uint64_t(seed), 6);  // the stream the sample experiment uses for its directions
    const Eigen::MatrixXd u = x.rows() == 1 ? Eigen::MatrixXd::Ones(1, 1) : random_directions(x.rows(), m, rng);
    r.scalars["sliced_w1"] = sliced_wasserstein1(x, b, u);
  } else if (name == "mmd2" || name == "median_bandwidth") {
    const Eigen::MatrixXd b = y();
    same_dimension(x, b);
    check_samples(x, "x", 2);
    check_samples(b, "y", 2);
    const double given = name == "mmd2" ? f.number("bandwidth", 0.0, 0.0, 1e12) : 0.0;
    const std::int64_t cap = f.integer("max_points", 1000, 2, 20000);
    f.finish();
    const double h = given > 0.0 ? given : median_bandwidth(x, b, cap);
    if (!(h > 0.0)) throw Error("x, y: all pairwise distances are 0, so the median bandwidth is 0; give options.bandwidth");
    r.scalars["bandwidth"] = h;
    if (name == "mmd2") r.scalars["mmd2"] = mmd2_unbiased(x, b, h);
  } else if (name == "histogram_kl") {
    const Eigen::MatrixXd b = y();
    one_dimensional(x, "x", "histogram_kl");
    one_dimensional(b, "y", "histogram_kl");
    const int bins = int(f.integer("bins", 100, 1, 100000));
    const double eps = f.number("eps", 1e-6, 0.0, 1.0, true);
    f.finish();
    r.scalars["kl"] = histogram_kl(x.row(0).transpose(), b.row(0).transpose(), bins, eps);
  } else if (name == "excess_kurtosis") {
    f.finish();
    r.arrays["kurtosis"] = vector_array(excess_kurtosis(x));
  } else if (name == "mode_masses") {
    const Eigen::MatrixXd centres = y();
    same_dimension(x, centres);
    check_samples(centres, "y");
    f.finish();
    r.arrays["masses"] = vector_array(mode_masses(x, centres));
  } else {
    throw Error("function: unknown name \"" + name +
                "\"; allowed: wasserstein1, sliced_wasserstein1, mmd2, median_bandwidth, histogram_kl, "
                "excess_kurtosis, mode_masses");
  }
  return r;
}

}  // namespace rnnbook
