// Langevin steps per second of the reservoir-sampler network (SCIENCE.md 5.2): 10,000 chains in 2-D
// through an RSN with N = 200 and 500, simulated in reservoir space with W_rec applied as W2 (W1 h).
// For comparison: the same score in sample space (the drift the RSN's output follows), and a few
// steps with W_rec formed densely (what "never dense" avoids). Run natively and as wasm under node.
// Usage: sample_bench [--quick]. The last line of stdout is one JSON object (see bench/README.md).
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "common/rng.hpp"
#include "sampling/langevin.hpp"
#include "sampling/reservoir_sampler.hpp"

namespace {

constexpr int kChains = 10000, kDim = 2;

using bench::Timing;
using bench::time_units;

struct Row {
  int N;
  Timing rsn, x_space, dense;
};

Row bench_size(int N, double min_seconds) {
  rnnbook::Rng rng(1234, std::uint64_t(N));
  rnnbook::RsnScore score(kDim, N, rnnbook::Activation::tanh);
  score.initialize(4.0, 3.0, rng);  // SCIENCE.md 5.5's initialisation: a trained network costs the same
  const rnnbook::ReservoirSampler rsn(score);
  Eigen::MatrixXd h0(N, kChains);
  for (auto& v : h0.reshaped()) v = rng.uniform(-2.0, 2.0);
  const double dt = 0.01;

  rnnbook::ReservoirChains chains(rsn, h0, dt);
  const Timing t_rsn = time_units([&] { chains.step(rng); }, min_seconds, 3);

  const rnnbook::ScoreFunction s = [&](const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) {
    score.score(x, out);
  };
  rnnbook::LangevinChains lang(s, rsn.W_out() * h0, dt);
  const Timing t_x = time_units([&] { lang.step(rng); }, min_seconds, 3);

  // The dense product W_rec h (N x N by N x chains) per step, plus the rest of the step.
  const Eigen::MatrixXd w_rec = rsn.dense_recurrent();
  Eigen::MatrixXd h = h0, u(N, kChains), xi(kDim, kChains);
  const Timing t_dense = time_units(
      [&] {
        u.noalias() = w_rec * h;
        u.colwise() += rsn.b();
        u = u.array().tanh().matrix();
        rnnbook::fill_normal(xi, rng);
        h = (1.0 - dt) * h + dt * u;
        h.noalias() += std::sqrt(2.0 * dt) * rsn.Sigma() * xi;
      },
      0.0, 2);

  Eigen::MatrixXd x;
  chains.outputs(x);
  std::printf("N=%4d  rsn %8.2f steps/s (%7.2f ms)  x-space %8.2f steps/s  dense W_rec %7.2f steps/s  (mean x %.4f)\n", N,
              t_rsn.units / t_rsn.seconds, 1e3 * t_rsn.seconds / t_rsn.units, t_x.units / t_x.seconds,
              t_dense.units / t_dense.seconds, x.mean());
  std::fflush(stdout);
  return {N, t_rsn, t_x, t_dense};
}

std::string timing_json(const char* name, const Timing& t) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "\"%s\": {\"steps\": %ld, \"seconds\": %.6f, \"steps_per_s\": %.4f, \"ms_per_step\": %.4f}",
                name, t.units, t.seconds, t.units / t.seconds, 1e3 * t.seconds / t.units);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  const double min_seconds = bench::quick_flag(argc, argv) ? 0.3 : 1.5;
  const char* runtime = bench::kRuntime;
  std::vector<Row> rows;
  for (int N : {200, 500}) rows.push_back(bench_size(N, min_seconds));

  std::string json = std::string("{\"runtime\": \"") + runtime + "\", \"chains\": " + std::to_string(kChains) +
                     ", \"d\": " + std::to_string(kDim) + ", \"results\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    json += (i ? ", {" : "{") + std::string("\"N\": ") + std::to_string(rows[i].N) + ", " + timing_json("rsn", rows[i].rsn) +
            ", " + timing_json("x_space", rows[i].x_space) + ", " + timing_json("dense", rows[i].dense) + "}";
  }
  json += "]}";
  std::printf("%s\n", json.c_str());
  return 0;
}
