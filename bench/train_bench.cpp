// Training-step throughput of the leaky tanh RNN: one step = loss_and_gradient (forward + BPTT)
// on a fixed random batch, then Adam::step. Run natively and as wasm under node to compare.
// Usage: train_bench [--quick]. The last line of stdout is one JSON object (see bench/README.md).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "linalg/packed_product.hpp"
#include "optim/adam.hpp"
#include "rnn/batch.hpp"
#include "rnn/network.hpp"
#include "rnn/parameters.hpp"

namespace {

constexpr int kT = 100, kB = 32, kI = 2, kO = 1;

struct Result {
  int N;
  long steps;
  double seconds;
};

rnnbook::Batch random_batch(rnnbook::Rng& rng) {
  rnnbook::Batch batch;
  batch.x.resize({std::size_t(kT), std::size_t(kB), std::size_t(kI)});
  batch.y.resize({std::size_t(kT), std::size_t(kB), std::size_t(kO)});
  batch.mask.resize({std::size_t(kT), std::size_t(kB)});
  for (auto& v : batch.x) v = rng.normal();
  for (auto& v : batch.y) v = rng.normal();
  batch.mask.fill(1.0);
  return batch;
}

Result bench_size(int N, double min_seconds) {
  using clock = std::chrono::steady_clock;
  rnnbook::Rng rng(1234, std::uint64_t(N));
  rnnbook::RnnShape shape{N, kI, kO, 1.0};
  shape.cell = rnnbook::CellKind::rate;  // the leaky tanh RNN, explicit in case the defaults change
  shape.activation = rnnbook::Activation::tanh;
  rnnbook::RnnParameters params = rnnbook::gaussian_init(shape, 1.0, rng);
  rnnbook::RnnParameters grad(shape);
  rnnbook::Trajectory traj;
  const rnnbook::Batch batch = random_batch(rng);
  rnnbook::Adam adam(shape.parameter_count(), rnnbook::AdamSettings{});

  double loss = 0.0;
  auto step = [&] {
    loss = rnnbook::loss_and_gradient(params, batch, traj, grad);
    adam.step(params.flat(), grad.flat());
  };

  step();  // warm-up: sizes the trajectory buffers (and, in wasm, grows the heap)
  const auto start = clock::now();
  long steps = 0;
  double elapsed = 0.0;
  while (steps < 3 || elapsed < min_seconds) {
    step();
    ++steps;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  std::printf("N=%4d  %6ld steps in %6.3f s  %9.2f steps/s  %9.3f ms/step  (loss %.6f)\n", N,
              steps, elapsed, steps / elapsed, 1e3 * elapsed / steps, loss);
  std::fflush(stdout);
  return {N, steps, elapsed};
}

}  // namespace

int main(int argc, char** argv) {
  double min_seconds = 1.5;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      min_seconds = 0.3;
    } else {
      std::fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
      return 2;
    }
  }
#ifdef __EMSCRIPTEN__
  const char* runtime = "wasm";
#else
  const char* runtime = "native";
#endif

  std::vector<Result> results;
  for (int N : {32, 128, 512}) results.push_back(bench_size(N, min_seconds));

  std::string json = std::string("{\"runtime\": \"") + runtime + "\", \"product_kernel\": \"" +
                     rnnbook::product_kernel() + "\", \"results\": [";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s{\"N\": %d, \"T\": %d, \"B\": %d, \"steps\": %ld, \"seconds\": %.6f, "
                  "\"steps_per_s\": %.4f, \"ms_per_step\": %.4f}",
                  i ? ", " : "", r.N, kT, kB, r.steps, r.seconds, r.steps / r.seconds,
                  1e3 * r.seconds / r.steps);
    json += buf;
  }
  json += "]}";
  std::printf("%s\n", json.c_str());
  return 0;
}
