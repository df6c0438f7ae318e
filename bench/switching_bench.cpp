// Speed of the `switching` kind's parts (SCIENCE.md 12), natively and as wasm under node:
// * exp / log of 1e6 values: the portable scalar functions, their two-lane array forms (the same bits;
//   core/common/portable_math_lanes.cpp) and the C library's (not portable: for scale only);
// * GDM training iterations (soft-sticky NASCAR, N = 10, T = 1000, K = 4, M = 10, early stopping off);
// * EM iterations of the hard rAR-HMM (standard NASCAR, N = 10, T = 1000, K = 4, never converging);
// * one whole default `switching` run through the experiment layer (what the notebook's first run costs).
// Usage: switching_bench [--quick]. The last line of stdout is one JSON object (see bench/README.md).
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "common/portable_math.hpp"
#include "common/rng.hpp"
#include "experiments/experiment.hpp"
#include "switching/ar_hmm_fit.hpp"
#include "switching/gdm_training.hpp"
#include "switching/nascar.hpp"

namespace {

using namespace rnnbook;

using bench::Timing;
using bench::time_units;

std::string timing_json(const char* name, const Timing& t) {
  char buf[220];
  std::snprintf(buf, sizeof buf, "\"%s\": {\"units\": %ld, \"seconds\": %.6f, \"per_s\": %.4f, \"ms_each\": %.5f}", name,
                t.units, t.seconds, t.units / t.seconds, 1e3 * t.seconds / t.units);
  return buf;
}

void print_rate(const char* what, const Timing& t, const char* unit) {
  std::printf("%-26s %10.2f %s/s  (%.4f ms each)\n", what, t.units / t.seconds, unit, 1e3 * t.seconds / t.units);
  std::fflush(stdout);
}

// Keeps the compiler from dropping a loop whose results are otherwise unused.
volatile double sink = 0.0;

}  // namespace

int main(int argc, char** argv) {
  const double min_seconds = bench::quick_flag(argc, argv) ? 0.3 : 1.5;
  const char* runtime = bench::kRuntime;
  std::string json = std::string("{\"runtime\": \"") + runtime + "\"";

  // exp over [-30, 5] (the softmax and Gumbel range) and log over (0, 10]; a unit is 1e6 values.
  constexpr int kValues = 1000000;
  std::vector<double> xe(kValues), xl(kValues), y(kValues);
  Rng rng(7, 0);
  for (int i = 0; i < kValues; ++i) {
    xe[std::size_t(i)] = rng.uniform(-30.0, 5.0);
    xl[std::size_t(i)] = rng.uniform(1e-12, 10.0);
  }
  const auto each = [&](double (*f)(double), const std::vector<double>& x) {
    return [&, f] {
      for (int i = 0; i < kValues; ++i) y[std::size_t(i)] = f(x[std::size_t(i)]);
      sink = sink + y[kValues / 2];
    };
  };
  const Timing exp_scalar = time_units(each(portable::exp, xe), min_seconds, 3);
  print_rate("portable exp, scalar", exp_scalar, "Mvalues");
  const Timing exp_lanes = time_units([&] { portable::exp_each(xe.data(), y.data(), kValues); sink = sink + y[kValues / 2]; },
                                      min_seconds, 3);
  print_rate("portable exp_each", exp_lanes, "Mvalues");
  const Timing exp_libc = time_units(each([](double v) { return std::exp(v); }, xe), min_seconds, 3);
  print_rate("C library exp", exp_libc, "Mvalues");
  const Timing log_scalar = time_units(each(portable::log, xl), min_seconds, 3);
  print_rate("portable log, scalar", log_scalar, "Mvalues");
  const Timing log_lanes = time_units([&] { portable::log_each(xl.data(), y.data(), kValues); sink = sink + y[kValues / 2]; },
                                      min_seconds, 3);
  print_rate("portable log_each", log_lanes, "Mvalues");
  const Timing log_libc = time_units(each([](double v) { return std::log(v); }, xl), min_seconds, 3);
  print_rate("C library log", log_libc, "Mvalues");
  json += ", \"math\": {" + timing_json("exp_scalar", exp_scalar) + ", " + timing_json("exp_each", exp_lanes) + ", " +
          timing_json("exp_libc", exp_libc) + ", " + timing_json("log_scalar", log_scalar) + ", " +
          timing_json("log_each", log_lanes) + ", " + timing_json("log_libc", log_libc) + "}";

  // GDM training iterations: the settings of trend test S19, without early stopping.
  const NascarData soft = generate_nascar(nascar_settings(NascarVariant::soft_sticky), 0);
  GdmTrainingSettings gs;
  gs.early_stopping = false;
  gs.max_iterations = 1000000;
  Rng init(0, 1);
  GdmTrainer gdm(soft.y, initial_gdm_model({10, 4, 2}, 0.99, init), gs, Rng(0, 2));
  const Timing gdm_t = time_units([&] { gdm.run(1); }, min_seconds, 10);
  print_rate("GDM training iterations", gdm_t, "it");
  json += ", " + timing_json("gdm_iteration", gdm_t);

  // EM iterations of the hard rAR-HMM, with the projection of the GDM's start.
  const NascarData standard = generate_nascar(nascar_settings(NascarVariant::standard), 0);
  ArHmmFitSettings hs;
  hs.max_iterations = 1000000;
  hs.tolerance = 0.0;  // stops only if an iteration gains nothing; then a fresh fit goes on
  Rng init2(0, 1);
  const GdmModel start = initial_gdm_model({10, 4, 2}, 0.99, init2);
  Rng krng(0, 4);
  auto hard = std::make_unique<ArHmmFitter>(standard.y, start.projection, hs, krng);
  const Timing em_t = time_units(
      [&] {
        if (hard->done()) hard = std::make_unique<ArHmmFitter>(standard.y, start.projection, hs, krng);
        hard->run(1);
      },
      min_seconds, 5);
  print_rate("rAR-HMM EM iterations", em_t, "it");
  json += ", " + timing_json("em_iteration", em_t);

  // A whole default run (1000 GDM iterations at most, 50 EM iterations, the scores).
  const Timing run_t = time_units([] { sink = sink + run_experiment(R"({"kind": "switching"})").scalars.size(); }, 0.0, 1, false);
  print_rate("default switching runs", run_t, "run");
  json += ", " + timing_json("default_run", run_t) + "}";
  std::printf("%s\n", json.c_str());
  return 0;
}
