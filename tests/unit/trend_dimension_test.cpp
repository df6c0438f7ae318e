// Seeded trend tests of SCIENCE.md 7.2 for the dimension estimators, through the `measure`
// experiment: S1, S1', S1'' (TwoNN on a plane in R^50, a 5-D Gaussian, a 10-D cube) and S2 (PR of
// isotropic Gaussians). Median over 5 seeds. Tagged [trend]: native ctest only.
#include <catch2/catch.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "experiments/experiment.hpp"
#include "trend_stats.hpp"

using namespace rnnbook;

namespace {

using rnnbook::testing::median;

// Medians over seeds 0..4 of the named scalars of a measure run on `data`.
std::vector<double> medians(const std::string& data, const std::string& estimators,
                            const std::vector<std::string>& names) {
  std::vector<std::vector<double>> values(names.size());
  for (int seed = 0; seed < 5; ++seed) {
    const Result r = run_experiment(R"({"kind": "measure", "seed": )" + std::to_string(seed) + R"(, "data": )" + data +
                                    R"(, "estimators": )" + estimators + "}");
    for (std::size_t i = 0; i < names.size(); ++i) values[i].push_back(r.scalars.at(names[i]));
  }
  std::vector<double> out;
  for (auto& v : values) out.push_back(median(v));
  return out;
}

}  // namespace

TEST_CASE("trend S1: TwoNN on a uniform square in R^50 is 2", "[trend]") {
  const auto m = medians(R"({"manifold": "plane", "samples": 2000, "embedding": 50})", R"({"twonn": {}})",
                         {"twonn_mle", "twonn_fit"});
  INFO("median MLE " << m[0] << ", fit " << m[1] << " (prototype 1.999, 2.04)");
  CHECK(std::abs(m[0] - 2.0) <= 0.1);
  CHECK(std::abs(m[1] - 2.0) <= 0.1);
}

TEST_CASE("trend S1': TwoNN on a 5-D Gaussian is 5", "[trend]") {
  const auto m = medians(R"({"manifold": "gaussian", "dimension": 5, "samples": 1000})", R"({"twonn": {}})",
                         {"twonn_mle", "twonn_fit"});
  INFO("median MLE " << m[0] << ", fit " << m[1] << " (prototype 4.95, 5.01)");
  CHECK(std::abs(m[0] - 5.0) <= 0.3);
  CHECK(std::abs(m[1] - 5.0) <= 0.3);
}

TEST_CASE("trend S1'': TwoNN underestimates a 10-D cube", "[trend]") {
  const auto m = medians(R"({"manifold": "cube", "dimension": 10, "samples": 1000})", R"({"twonn": {}})",
                         {"twonn_mle", "twonn_fit"});
  INFO("median MLE " << m[0] << ", fit " << m[1] << " (prototype about 8.3)");
  for (double d : m) {
    CHECK(d > 7.0);
    CHECK(d < 10.0);
  }
}

TEST_CASE("trend S2: uncentred PR of an isotropic 10-D Gaussian is about d n / (n + d + 1)", "[trend]") {
  for (int n : {200, 1000}) {
    const double expected = 10.0 * n / (n + 11.0);  // 9.48, 9.89
    const auto m = medians(R"({"manifold": "gaussian", "dimension": 10, "samples": )" + std::to_string(n) + "}",
                           R"({"participation_ratio": {"centred": false}})", {"participation_ratio"});
    INFO("n = " << n << ": median PR " << m[0] << ", expected " << expected);
    CHECK(std::abs(m[0] - expected) <= 0.2);
  }
}
