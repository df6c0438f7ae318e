// Training-step throughput of the leaky tanh RNN: one step = loss_and_gradient (forward + BPTT)
// on a fixed random batch, then Adam::step, in float64 and in float32 (the `precision` option), and the
// SIMD peak of this runtime (independent multiply-adds in registers, two-double and four-float vectors).
// Run natively and as wasm under node to compare.
// Usage: train_bench [--quick]. The last line of stdout is one JSON object (see bench/README.md).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "common/rng.hpp"
#include "common/simd.hpp"
#include "common/simd_float.hpp"
#include "linalg/packed_product.hpp"
#include "optim/adam.hpp"
#include "rnn/batch.hpp"
#include "rnn/network.hpp"
#include "rnn/parameters.hpp"

namespace {

constexpr int kT = 100, kB = 32, kI = 2, kO = 1;

struct Result {
  int N;
  const char* dtype;
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

template <class Scalar>
Result bench_size(int N, double min_seconds) {
  using clock = std::chrono::steady_clock;
  constexpr bool f32 = std::is_same_v<Scalar, float>;
  rnnbook::Rng rng(1234, std::uint64_t(N));
  rnnbook::RnnShape shape{N, kI, kO, 1.0};
  shape.cell = rnnbook::CellKind::rate;  // the leaky tanh RNN, explicit in case the defaults change
  shape.activation = rnnbook::Activation::tanh;
  const rnnbook::RnnParameters drawn = rnnbook::gaussian_init(shape, 1.0, rng);
  rnnbook::BasicRnnParameters<Scalar> params(shape), grad(shape);
  params.flat() = drawn.flat().cast<Scalar>();
  rnnbook::BasicTrajectory<Scalar> traj;
  const rnnbook::Batch batch = random_batch(rng);
  rnnbook::BasicAdam<Scalar> adam(shape.parameter_count(), rnnbook::AdamSettings{});

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
  std::printf("%s N=%4d  %6ld steps in %6.3f s  %9.2f steps/s  %9.3f ms/step  (loss %.6f)\n", f32 ? "float32" : "float64",
              N, steps, elapsed, steps / elapsed, 1e3 * elapsed / steps, loss);
  std::fflush(stdout);
  return {N, f32 ? "float32" : "float64", steps, elapsed};
}

// The product kernel alone at the shapes of a training step (C += W H: N x N times N x B; dW += G H^T:
// N x B times B x N), GFLOP/s: whether it slows down when W (2 MB at N = 512 in float64) leaves the caches.
template <class Scalar>
double product_rate(int N, bool outer, double min_seconds) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using clock = std::chrono::steady_clock;
  const Matrix W = Matrix::Random(N, N), H = Matrix::Random(N, kB), G = Matrix::Random(N, kB);
  Matrix C = Matrix::Zero(N, kB), dW = Matrix::Zero(N, N);
  const rnnbook::BasicPackedMatrix<Scalar> packed_W(rnnbook::view_of(W));
  rnnbook::BasicPackedMatrix<Scalar> packed_G;
  std::vector<Scalar> scratch;
  const auto once = [&] {
    if (!outer) return rnnbook::multiply_add(packed_W, rnnbook::view_of(H), C, scratch);
    packed_G.assign(rnnbook::view_of(G));  // as BPTT packs g at every step
    rnnbook::multiply_add(packed_G, rnnbook::view_of(H).transpose(), dW, scratch);
  };
  once();
  long count = 0;
  const auto start = clock::now();
  double elapsed = 0.0;
  while (count < 3 || elapsed < min_seconds / 4) {
    once();
    ++count;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  return 2.0 * N * N * kB * count / elapsed / 1e9;
}

// The SIMD peak: twelve independent vector accumulators a = a * m + c (a multiply and an add, no fused
// multiply-add, as the product kernels), named variables so that they stay in registers (an array went
// through memory in wasm), so neither latency nor memory limits the rate. Short calls, not one long
// loop: V8 cannot replace a running wasm function by its optimised code, so a loop entered once in the
// baseline compiler stays there (the peak read 4 GFLOP/s, below the product kernel's own rate).
template <class Vec, class Mul, class Add>
__attribute__((noinline)) Vec peak_rounds(Vec* acc, Vec m, Vec c, long rounds, Mul mul, Add add) {
  Vec a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], a4 = acc[4], a5 = acc[5];
  Vec a6 = acc[6], a7 = acc[7], a8 = acc[8], a9 = acc[9], a10 = acc[10], a11 = acc[11];
  for (long r = 0; r < rounds; ++r) {
    a0 = add(mul(a0, m), c), a1 = add(mul(a1, m), c), a2 = add(mul(a2, m), c), a3 = add(mul(a3, m), c);
    a4 = add(mul(a4, m), c), a5 = add(mul(a5, m), c), a6 = add(mul(a6, m), c), a7 = add(mul(a7, m), c);
    a8 = add(mul(a8, m), c), a9 = add(mul(a9, m), c), a10 = add(mul(a10, m), c), a11 = add(mul(a11, m), c);
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3, acc[4] = a4, acc[5] = a5;
  acc[6] = a6, acc[7] = a7, acc[8] = a8, acc[9] = a9, acc[10] = a10, acc[11] = a11;
  return add(add(add(add(a0, a1), add(a2, a3)), add(add(a4, a5), add(a6, a7))), add(add(a8, a9), add(a10, a11)));
}

template <class Vec, class Splat, class Mul, class Add>
double simd_peak(int lanes, Splat splat, Mul mul, Add add) {
  using clock = std::chrono::steady_clock;
  Vec acc[12];
  for (int k = 0; k < 12; ++k) acc[k] = splat(1.0 + 0.001 * k);
  const Vec m = splat(0.999999), c = splat(1e-7);
  const long rounds = 100000, warm_up = 50, calls = 200;
  Vec sum = splat(0.0);
  for (long k = 0; k < warm_up; ++k) sum = add(sum, peak_rounds(acc, m, c, rounds, mul, add));
  const auto start = clock::now();
  for (long k = 0; k < calls; ++k) sum = add(sum, peak_rounds(acc, m, c, rounds, mul, add));
  const double seconds = std::chrono::duration<double>(clock::now() - start).count();
  unsigned char bytes[sizeof(Vec)];
  std::memcpy(bytes, &sum, sizeof(Vec));
  volatile unsigned char sink = bytes[sizeof(Vec) - 1];  // the results are used, so the loop stays
  (void)sink;
  return 2.0 * lanes * 12 * double(rounds) * double(calls) / seconds / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const double min_seconds = bench::quick_flag(argc, argv) ? 0.3 : 1.5;
  const char* runtime = bench::kRuntime;

  using namespace rnnbook::simd;
  const double peak64 = simd_peak<Vec>(2, [](double x) { return splat(x); }, [](Vec a, Vec b) { return mul(a, b); },
                                       [](Vec a, Vec b) { return add(a, b); });
  const double peak32 = simd_peak<Floats>(4, [](double x) { return splat_floats(float(x)); },
                                          [](Floats a, Floats b) { return mul_floats(a, b); },
                                          [](Floats a, Floats b) { return add_floats(a, b); });
  std::printf("SIMD peak (multiply + add, no FMA): %.1f GFLOP/s float64, %.1f GFLOP/s float32\n", peak64, peak32);

  std::string products = "[";
  for (int N : {128, 512})
    for (const bool outer : {false, true}) {
      const double r64 = product_rate<double>(N, outer, min_seconds), r32 = product_rate<float>(N, outer, min_seconds);
      std::printf("product %s N=%4d: %6.2f GFLOP/s float64, %6.2f GFLOP/s float32\n", outer ? "G H^T" : "W H  ", N, r64, r32);
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s{\"N\": %d, \"shape\": \"%s\", \"float64\": %.3f, \"float32\": %.3f}",
                    products.size() > 1 ? ", " : "", N, outer ? "G H^T" : "W H", r64, r32);
      products += buf;
    }
  products += "], ";

  std::vector<Result> results;
  for (int N : {32, 128, 512}) {
    results.push_back(bench_size<double>(N, min_seconds));
    results.push_back(bench_size<float>(N, min_seconds));
  }

  char peaks[160];
  std::snprintf(peaks, sizeof peaks, "\"simd_peak_gflops\": {\"float64\": %.3f, \"float32\": %.3f}, ", peak64, peak32);
  std::string json = std::string("{\"runtime\": \"") + runtime + "\", \"product_kernel\": \"" +
                     rnnbook::product_kernel() + "\", " + peaks + "\"product_gflops\": " + products + "\"results\": [";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s{\"N\": %d, \"dtype\": \"%s\", \"T\": %d, \"B\": %d, \"steps\": %ld, \"seconds\": %.6f, "
                  "\"steps_per_s\": %.4f, \"ms_per_step\": %.4f}",
                  i ? ", " : "", r.N, r.dtype, kT, kB, r.steps, r.seconds, r.steps / r.seconds,
                  1e3 * r.seconds / r.steps);
    json += buf;
  }
  json += "]}";
  std::printf("%s\n", json.c_str());
  return 0;
}
