// Seeded trend tests of SCIENCE.md 7.2 that train networks through the `train` experiment:
// S3 (rich vs lazy by initial rank) and S11 (truncated gradient ends sharper than BPTT).
// Tagged [trend]: they run in the native ctest only (tests/CMakeLists.txt keeps them out of wasm).
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <vector>

#include "experiments/experiment.hpp"
#include "trend_stats.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;

// S3: cell C, ReLU, a = 1, no bias, N = 64, one Gaussian W0 (g = 1.25) per seed truncated to ranks
// {1, 8, 64}; 2AF with CE at every step; SGD lr 0.003, momentum 0.9, batch 32, 2000 iterations;
// KA on 32 trials x 8 steps x 3 logits, RA on 320 trials. The readout has no bias (trainable.c false).
TEST_CASE("trend S3: low-rank initialisations learn richer than full rank", "[trend]") {
  const int ranks[] = {1, 8, 64};
  const int seeds = 5;
  std::map<int, std::vector<double>> dw, ka, ra;
  for (int seed = 0; seed < seeds; ++seed)
    for (int r : ranks) {
      json config = json::parse(R"({"kind": "train", "steps": 2000, "batch_size": 32, "eval_trials": 64,
        "model": {"hidden": 64, "cell": "ctrnn", "activation": "relu", "bias": false, "leak": 1.0, "gain": 1.25},
        "task": {"name": "two_afc"}, "trainable": {"c": false},
        "optimizer": {"name": "sgd", "lr": 0.003, "momentum": 0.9},
        "measures": {"rich_lazy": true, "kernel_trials": 32, "representation_trials": 320}})");
      config["seed"] = seed;
      config["model"]["rank"] = r;
      const Result res = run_experiment(config.dump());
      const double acc = res.scalars.at("eval_accuracy");
      INFO("seed " << seed << " rank " << r << " accuracy " << acc);
      CHECK(acc >= 0.75);  // every run learns the task
      dw[r].push_back(res.scalars.at("weight_change"));
      ka[r].push_back(res.scalars.at("kernel_alignment"));
      ra[r].push_back(res.scalars.at("representation_alignment"));
    }
  std::vector<bool> dw_order, ka_order, ra_order;
  for (int s = 0; s < seeds; ++s) {
    dw_order.push_back(dw[1][s] > dw[64][s]);
    ka_order.push_back(ka[1][s] < ka[64][s]);
    ra_order.push_back(ra[1][s] < ra[64][s]);
  }
  WARN("S3 medians over ranks 1 / 8 / 64: weight change " << median(dw[1]) << " / " << median(dw[8]) << " / "
       << median(dw[64]) << "; kernel alignment " << median(ka[1]) << " / " << median(ka[8]) << " / "
       << median(ka[64]) << "; representation alignment " << median(ra[1]) << " / " << median(ra[8]) << " / "
       << median(ra[64]) << "; seeds with rank 1 vs 64 ordered: dW " << count_true(dw_order) << "/5, KA "
       << count_true(ka_order) << "/5, RA " << count_true(ra_order) << "/5");
  // Per seed, rank 1 against rank 64, each in at least 4 of 5 seeds.
  CHECK(count_true(dw_order) >= 4);
  CHECK(count_true(ka_order) >= 4);
  CHECK(count_true(ra_order) >= 4);
  // Medians: weight change falls and kernel alignment rises over {1, 8, 64}.
  CHECK(median(dw[1]) > median(dw[8]));
  CHECK(median(dw[8]) > median(dw[64]));
  CHECK(median(ka[1]) < median(ka[8]));
  CHECK(median(ka[8]) < median(ka[64]));
  CHECK(median(dw[1]) / median(dw[64]) > 1.03);
  CHECK(median(ka[64]) - median(ka[1]) > 0.1);
  // Rank 1 is the least aligned representation; RA(8) and RA(64) tie, so their order is not asserted.
  CHECK(median(ra[1]) < std::min(median(ra[8]), median(ra[64])) - 0.02);
}

// S11: cell A, tanh, a = 0.2, N = 64, W0 ~ N(0, 1/N), b = 0 and trained; the 2AF of S3; Adam lr 1e-2,
// batch 32, 500 iterations, the same init and data for both rules (same seed); lambda_max of the
// exact CE-loss Hessian w.r.t. W on 256 validation trials (power iteration, rel tol 1e-6, <= 300).
TEST_CASE("trend S11: the truncated gradient ends at a larger leading Hessian eigenvalue than BPTT", "[trend]") {
  const int seeds = 5;
  std::vector<double> bptt, trunc, ratio;
  for (int seed = 0; seed < seeds; ++seed) {
    double lmax[2];
    for (int rule = 0; rule < 2; ++rule) {
      json config = json::parse(R"({"kind": "train", "steps": 500, "batch_size": 32,
        "model": {"hidden": 64, "cell": "rate", "activation": "tanh", "leak": 0.2, "gain": 1.0, "bias": true},
        "task": {"name": "two_afc"}, "optimizer": {"name": "adam", "lr": 0.01},
        "measures": {"hessian_every": 500, "hessian_trials": 256, "hessian_tol": 1e-6, "hessian_iterations": 300}})");
      config["seed"] = seed;
      config["gradient"] = rule == 0 ? "bptt" : "truncated";
      const Result res = run_experiment(config.dump());
      REQUIRE(res.arrays.at("hessian_steps").data == std::vector<double>{0, 500});
      lmax[rule] = res.arrays.at("hessian_max").data.back();
      INFO("seed " << seed << " rule " << config["gradient"] << " lambda_max " << lmax[rule] << " after "
                   << res.arrays.at("hessian_iterations").data.back() << " products");
      CHECK(lmax[rule] > 0.0);
    }
    bptt.push_back(lmax[0]);
    trunc.push_back(lmax[1]);
    ratio.push_back(lmax[1] / lmax[0]);
  }
  std::vector<bool> sharper;
  for (int s = 0; s < seeds; ++s) sharper.push_back(trunc[s] > bptt[s]);
  WARN("S11 medians: lambda_max BPTT " << median(bptt) << ", truncated " << median(trunc)
       << ", paired ratio truncated/BPTT " << median(ratio) << " (min " << *std::min_element(ratio.begin(), ratio.end())
       << "); truncated sharper in " << count_true(sharper) << "/5 seeds");
  CHECK(count_true(sharper) >= 4);
  CHECK(median(ratio) > 1.2);
}
