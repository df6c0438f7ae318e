// Seeded trend test S5 (SCIENCE.md 7.2): in the calibrated default of 4.2 the student's mu crosses zero
// once through a real multiplier, and around the crossing the sNTK on the relaxation batch collapses
// onto the bifurcation channel. Tagged [trend]: native ctest only.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "experiments/pitchfork_experiment.hpp"
#include "trend_stats.hpp"

using namespace rnnbook;

namespace {

using rnnbook::testing::median;

}  // namespace

TEST_CASE("S5: a pitchfork crossing collapses the sNTK onto the bifurcation channel", "[trend][pitchfork]") {
  std::vector<double> drop, alignment, rho1, rho_growth, pr_at;
  int good = 0;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    PitchforkExperiment e(json{{"kind", "pitchfork"}, {"seed", seed}});
    while (!e.done()) e.step(e.total());
    const Result r = e.result();
    const double k = r.scalars.at("crossing_step");
    const bool once = r.scalars.at("mu_crossings") == 1 && r.scalars.at("crossing_type") == 0 && k > 200 && k < 500;
    good += once;
    const auto& steps = r.arrays.at("measure_step").data;
    const auto& pr = r.arrays.at("pr").data;
    std::vector<double> before, rho_before;
    std::size_t at = 0;
    double best = INFINITY;
    for (std::size_t m = 0; m < steps.size(); ++m) {
      if (steps[m] < k) before.push_back(pr[m]), rho_before.push_back(r.arrays.at("rho").data[m]);
      if (std::abs(steps[m] - k) <= 0.1 * k && pr[m] < best) best = pr[m], at = m;
    }
    if (!std::isfinite(k) || before.empty() || !std::isfinite(best)) {
      std::printf("S5 seed %d: crossings %g, step %g: no measurement window\n", int(seed), r.scalars.at("mu_crossings"), k);
      continue;
    }
    drop.push_back(median(before) / best);
    alignment.push_back(r.arrays.at("alignment").data[at]);
    rho1.push_back(r.arrays.at("rho1").data[at]);
    rho_growth.push_back(r.arrays.at("rho").data[at] / median(rho_before));
    pr_at.push_back(best);
    std::printf("S5 seed %d: crossings %g at step %g (type %g); PR %.2f -> %.2f (x%.1f drop) at step %g; alignment %.4f, "
                "rho1 %.1f, rho %.2f (x%.0f); loss %.4f -> %.4f; %.1f s\n",
                int(seed), r.scalars.at("mu_crossings"), k, r.scalars.at("crossing_type"), median(before), best,
                drop.back(), steps[at], alignment.back(), rho1.back(), r.arrays.at("rho").data[at], rho_growth.back(),
                r.scalars.at("initial_loss"), r.scalars.at("final_loss"), r.timing_ms / 1000);
  }
  CHECK(good >= 4);
  REQUIRE(drop.size() >= 4);
  std::printf("S5 medians: PR drop x%.1f, alignment %.4f, rho1 %.1f, rho growth x%.0f, PR at crossing %.2f\n",
              median(drop), median(alignment), median(rho1), median(rho_growth), median(pr_at));
  CHECK(median(drop) >= 10);
  CHECK(median(alignment) > 0.95);
  CHECK((median(rho1) > 10 || median(rho_growth) > 30));
  CHECK(median(pr_at) < 3);
}
