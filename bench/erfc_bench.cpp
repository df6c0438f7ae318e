// Speed of portable::erfc (common/portable_math.cpp), natively and as wasm under node: calls per second
// over the whole line it is used on ([-6, 27.3], uniform), over [-3, 3] (normal CDFs of z-scores, as the
// forecast kind's CRPS needs), and portable::exp over [-30, 5] for scale.
// Usage: erfc_bench [--quick]. The last line of stdout is one JSON object (see bench/README.md).
#include <cstdio>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "common/portable_math.hpp"

namespace {

volatile double sink = 0.0;  // keeps the loops' results alive

}  // namespace

int main(int argc, char** argv) {
  const double min_seconds = bench::quick_flag(argc, argv) ? 0.3 : 1.5;
  constexpr int kValues = 100000;  // a unit: one call on each of these
  std::string json = std::string("{\"runtime\": \"") + bench::kRuntime + "\", \"values_per_unit\": 100000, \"results\": [";
  std::printf("%-28s %14s\n", "function, range", "M calls/s");
  const struct {
    const char* name;
    double (*f)(double);
    double lo, hi;
  } cases[] = {{"erfc [-6, 27.3]", rnnbook::portable::erfc, -6.0, 27.3},
               {"erfc [-3, 3]", rnnbook::portable::erfc, -3.0, 3.0},
               {"exp [-30, 5]", rnnbook::portable::exp, -30.0, 5.0}};
  for (const auto& c : cases) {
    std::vector<double> x(kValues);
    for (int i = 0; i < kValues; ++i) x[std::size_t(i)] = c.lo + (c.hi - c.lo) * (i + 0.5) / kValues;
    const bench::Timing t = bench::time_units(
        [&] {
          double sum = 0.0;
          for (const double v : x) sum += c.f(v);
          sink = sink + sum;
        },
        min_seconds, 1);
    const double per_s = double(t.units) * kValues / t.seconds;
    std::printf("%-28s %14.3f\n", c.name, per_s / 1e6);
    std::fflush(stdout);
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s{\"name\": \"%s\", \"calls_per_s\": %.1f}", &c == cases ? "" : ", ", c.name, per_s);
    json += buf;
  }
  std::printf("%s]}\n", json.c_str());
}
