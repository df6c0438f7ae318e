// TwoNN and Levina-Bickel (k = 10..20) on n points in 50 dimensions: a 10-D Gaussian placed in R^50
// by a random rotation (the `gaussian` manifold, seed 1). Each timing is the whole estimator on the
// point set: duplicates dropped, exact nearest neighbours, the estimate. Run natively and as wasm
// under node to compare; bench/run_dimension_bench.mjs adds a NumPy reference.
// Usage: dimension_bench [--quick]. The last line of stdout is one JSON object (see bench/README.md).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "dimension/levina_bickel.hpp"
#include "dimension/manifolds.hpp"
#include "dimension/twonn.hpp"

namespace {

constexpr int kD = 50, kIntrinsic = 10;

struct Timing {
  int n;
  const char* estimator;
  int runs;
  double seconds;  // the fastest run
  double estimate;
};

template <class F>
Timing time_best(int n, const char* estimator, int runs, F f) {
  Timing t{n, estimator, runs, 1e300, 0.0};
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    t.estimate = f();
    t.seconds = std::min(t.seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("n=%5d  %-13s %8.3f s  (best of %d)  estimate %.4f\n", n, estimator, t.seconds, runs, t.estimate);
  std::fflush(stdout);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<int> sizes = bench::quick_flag(argc, argv) ? std::vector<int>{1000, 2000} : std::vector<int>{1000, 5000, 10000};
  const char* runtime = bench::kRuntime;

  std::vector<Timing> results;
  for (int n : sizes) {
    rnnbook::ManifoldSpec spec;
    spec.kind = rnnbook::Manifold::gaussian;
    spec.dimension = kIntrinsic;
    spec.samples = n;
    spec.embedding = kD;
    const Eigen::MatrixXd X = rnnbook::sample_manifold(spec, 1);
    const int runs = n <= 1000 ? 3 : 1;
    results.push_back(time_best(n, "twonn", runs, [&] { return rnnbook::twonn(X).mle; }));
    results.push_back(time_best(n, "levina_bickel", runs, [&] { return rnnbook::levina_bickel(X, 10, 20).dimension; }));
  }

  std::string json = std::string("{\"runtime\": \"") + runtime + "\", \"D\": " + std::to_string(kD) +
                     ", \"intrinsic\": " + std::to_string(kIntrinsic) + ", \"results\": [";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Timing& t = results[i];
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s{\"n\": %d, \"estimator\": \"%s\", \"runs\": %d, \"seconds\": %.6f, \"estimate\": %.6f}",
                  i ? ", " : "", t.n, t.estimator, t.runs, t.seconds, t.estimate);
    json += buf;
  }
  json += "]}";
  std::printf("%s\n", json.c_str());
  return 0;
}
