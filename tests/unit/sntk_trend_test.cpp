// Seeded trend test S4 (SCIENCE.md 7.2): the sNTK effective rank collapses as MemoryPro is learned,
// not monotonically, and the collapse lives in the propagator P, not in the Kronecker core K.
// Tagged [trend]: native ctest only (a few minutes in wasm; tests/CMakeLists.txt).
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "experiments/sntk_experiment.hpp"
#include "trend_stats.hpp"
#include "measures/sntk_measures.hpp"
#include "tasks/memory_pro.hpp"

using namespace rnnbook;

namespace {

// The S4 setting: cell B, a = 0.7, tanh, bias, N = 32, W ~ N(0, g^2/N), U ~ U(+-1/sqrt 3); MemoryPro
// 10+10+10 with training noise 0.1 sqrt 2; Adam 1e-3, batch 64; Theta on 8 noise-free angles, dense.
json s4_config(std::uint64_t seed, double gain, long steps, long interval) {
  return json{{"kind", "sntk"}, {"seed", seed}, {"steps", steps}, {"batch_size", 64},
              {"model", {{"hidden", 32}, {"cell", "current"}, {"leak", 0.7}, {"gain", gain}, {"input_init", "uniform"}}},
              {"task", {{"name", "memory_pro"}, {"stim_steps", 10}, {"memory_steps", 10}, {"response_steps", 10}}},
              {"optimizer", {{"name", "adam"}, {"lr", 1e-3}}},
              {"sntk", {{"interval", interval}, {"eval_trials", 8}, {"method", "dense"}, {"top_k", 10}}}};
}

// rank(Theta) against N rank(Z) on 4 copies of one angle, where the bound is not trivially the
// parameter count: rank(Z) = 30 (one row per step), so rank(Theta) <= 32 x 30 = 960 < P = 1152.
void check_copies_bound(const SntkExperiment& e) {
  const auto task = std::static_pointer_cast<const MemoryPro>(e.config().train.task);
  const Batch copies = task->with_angles({0.7, 0.7, 0.7, 0.7}, nullptr);
  const StateSpaceModel model(e.parameters(), copies, e.config().selection);
  SntkOptions o;
  o.method = SntkMethod::dense;
  o.partial_traces = false;
  Rng rng(1);
  const SntkMeasurement m = measure_sntk(model, o, rng);
  std::printf("S4 copies of one angle: rank(Theta) %d, N rank(Z) %d\n", int(m.rank_theta), int(m.rank_bound));
  CHECK(m.rank_bound == 960);
  CHECK(m.rank_theta == m.rank_bound);
}

Result run_sntk(const json& config, bool copies_bound = false) {
  SntkExperiment e(config);
  if (copies_bound) check_copies_bound(e);
  while (!e.done()) e.step(e.total());
  if (copies_bound) check_copies_bound(e);
  return e.result();
}

using rnnbook::testing::median;

int count_if(const std::vector<double>& v, bool (*pred)(double)) { return int(std::count_if(v.begin(), v.end(), pred)); }

}  // namespace

TEST_CASE("S4: the sNTK effective rank collapses when MemoryPro is learned, in P and not in K", "[trend][sntk]") {
  std::vector<double> ratio, bottom, k_ratio, zz_ratio, temporal_ratio, spatial_ratio;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const Result r = run_sntk(s4_config(seed, 1.0, 1000, 100), seed == 0);
    const auto& pr = r.arrays.at("pr").data;
    const auto first = [&](const char* name) { return r.arrays.at(name).data.front(); };
    const auto last = [&](const char* name) { return r.arrays.at(name).data.back(); };
    const double accuracy = r.scalars.at("sntk_eval_accuracy");
    std::printf("S4 seed %d: PR %.2f -> %.2f (min %.2f), ratio %.3f; PR(K) x%.2f, PR(ZZ) x%.2f, temporal x%.2f, "
                "spatial x%.2f; accuracy %.2f, loss %.4f\n",
                int(seed), pr.front(), pr.back(), *std::min_element(pr.begin(), pr.end()), pr.back() / pr.front(),
                last("pr_K") / first("pr_K"), last("pr_ZZ") / first("pr_ZZ"),
                last("pr_temporal") / first("pr_temporal"), last("pr_spatial") / first("pr_spatial"), accuracy,
                r.scalars.at("final_loss"));
    CHECK(accuracy >= 0.9);  // the trend counts only for runs that learned the task
    ratio.push_back(pr.back() / pr.front());
    bottom.push_back(*std::min_element(pr.begin(), pr.end()) / pr.front());
    k_ratio.push_back(last("pr_K") / first("pr_K"));
    zz_ratio.push_back(last("pr_ZZ") / first("pr_ZZ"));
    temporal_ratio.push_back(last("pr_temporal") / first("pr_temporal"));
    spatial_ratio.push_back(last("pr_spatial") / first("pr_spatial"));
    const auto& rank = r.arrays.at("rank_theta").data;
    const auto& bound = r.arrays.at("rank_bound").data;
    for (std::size_t m = 0; m < rank.size(); ++m) CHECK(rank[m] <= bound[m]);
  }
  std::printf("S4 medians: PR end/init %.3f, min/init %.3f, PR(K) x%.2f, PR(ZZ) x%.2f, temporal x%.2f, spatial x%.2f\n",
              median(ratio), median(bottom), median(k_ratio), median(zz_ratio), median(temporal_ratio),
              median(spatial_ratio));
  CHECK(count_if(ratio, [](double x) { return x < 0.6; }) >= 4);
  CHECK(median(ratio) < 0.45);
  CHECK(median(bottom) < median(ratio));  // not monotone: PR bottoms out, then climbs back partway
  CHECK(median(k_ratio) > 1.3);           // K's effective rank rises: the collapse is not in K ...
  CHECK(median(zz_ratio) > 1.3);
  CHECK(median(temporal_ratio) > 1.1);
  CHECK(median(spatial_ratio) < 0.6);     // ... while Theta's spatial operator falls with Theta
}

TEST_CASE("S4 control: at g = 0.1 nothing is learned in 1000 steps and PR barely moves", "[trend][sntk]") {
  const Result r = run_sntk(s4_config(0, 0.1, 1000, 1000));
  const auto& pr = r.arrays.at("pr").data;
  std::printf("S4 control g = 0.1: PR %.2f -> %.2f (ratio %.3f), accuracy %.2f, loss %.4f\n", pr.front(), pr.back(),
              pr.back() / pr.front(), r.scalars.at("sntk_eval_accuracy"), r.scalars.at("final_loss"));
  CHECK(r.scalars.at("sntk_eval_accuracy") < 0.9);
  CHECK(pr.back() / pr.front() > 0.8);
  CHECK(pr.back() / pr.front() < 1.25);
}
