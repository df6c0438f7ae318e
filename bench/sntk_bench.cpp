// sNTK operator costs (issue 4): one Theta q product (a VJP then a JVP), the top-10 eigenvalues of
// Theta by Lanczos (run on the smaller of Theta and G = J^T J: same non-zero spectrum), and forming J
// densely (P JVPs), for N = 64, B = 16, T = 50 and N = 256, B = 32, T = 100 (rate cell, tanh, I = 2).
// Forming J is timed over a sample of columns and extrapolated when it would take too long.
// Usage: sntk_bench [--quick]. The last line of stdout is one JSON object (bench/README.md).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "common/rng.hpp"
#include "ops/sntk_operators.hpp"
#include "ops/spectral.hpp"
#include "rnn/network.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

struct Size {
  int N, B, T;
};

struct Row {
  Size size;
  Eigen::Index D, P;
  double theta_ms, lanczos_s, lambda1;
  long lanczos_matvecs;
  double dense_j_s;
  long dense_columns;  // columns actually formed (P when the time is measured, fewer when extrapolated)
};

rnnbook::Batch random_batch(const Size& s, rnnbook::Rng& rng) {
  rnnbook::Batch b;
  b.x = xt::zeros<double>({std::size_t(s.T), std::size_t(s.B), std::size_t(2)});
  b.y = xt::zeros<double>({std::size_t(s.T), std::size_t(s.B), std::size_t(1)});
  b.mask = xt::ones<double>({std::size_t(s.T), std::size_t(s.B)});
  for (auto& v : b.x) v = rng.normal();
  return b;
}

Row bench_size(const Size& s, double min_seconds, double dense_budget) {
  rnnbook::Rng rng(99, std::uint64_t(s.N));
  rnnbook::RnnShape shape{s.N, 2, 1, 1.0};
  const rnnbook::RnnParameters p = rnnbook::gaussian_init(shape, 1.0, rng);
  auto model = std::make_shared<const rnnbook::StateSpaceModel>(p, random_batch(s, rng));
  Row r{s, model->state_dim(), model->param_dim(), 0, 0, 0, 0, 0, 0};

  const rnnbook::StateNtkOperator theta(model);
  Eigen::VectorXd q = rnnbook::gaussian_matrix(r.D, 1, rng).col(0), out(r.D);
  theta.apply(q, out);  // warm-up
  auto start = clock_type::now();
  long n = 0;
  while (n < 3 || seconds_since(start) < min_seconds) {
    theta.apply(q, out);
    ++n;
  }
  r.theta_ms = 1e3 * seconds_since(start) / double(n);

  start = clock_type::now();
  const rnnbook::ParameterGramOperator gram(model);
  const rnnbook::LinearOperator& smaller = r.P <= r.D ? static_cast<const rnnbook::LinearOperator&>(gram) : theta;
  const rnnbook::Eigenpairs top = rnnbook::top_eigenpairs(smaller, 10, rng);
  r.lanczos_s = seconds_since(start);
  r.lanczos_matvecs = long(top.matvecs);
  r.lambda1 = top.values(0);

  // Dense J, one JVP per column, until done or the budget is spent; then extrapolate to P columns.
  Eigen::VectorXd e = Eigen::VectorXd::Zero(r.P), col(r.D);
  start = clock_type::now();
  long cols = 0;
  while (cols < r.P && (cols < 4 || seconds_since(start) < dense_budget)) {
    e(cols) = 1.0;
    model->jvp(e, col);
    e(cols) = 0.0;
    ++cols;
  }
  r.dense_columns = cols;
  r.dense_j_s = seconds_since(start) * double(r.P) / double(cols);
  std::printf("N=%3d B=%2d T=%3d  D=%7ld P=%6ld  Theta q %9.3f ms  Lanczos top-10 %8.3f s (%ld products, "
              "lambda1 %.4g)  dense J %9.2f s%s\n",
              s.N, s.B, s.T, long(r.D), long(r.P), r.theta_ms, r.lanczos_s, r.lanczos_matvecs, r.lambda1, r.dense_j_s,
              cols < r.P ? " (extrapolated)" : "");
  std::fflush(stdout);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = bench::quick_flag(argc, argv);
  const double min_seconds = quick ? 0.2 : 1.0, dense_budget = quick ? 1.0 : 10.0;
  const char* runtime = bench::kRuntime;
  std::vector<Row> rows;
  for (const Size& s : {Size{64, 16, 50}, Size{256, 32, 100}}) rows.push_back(bench_size(s, min_seconds, dense_budget));
  std::string json = std::string("{\"runtime\": \"") + runtime + "\", \"results\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s{\"N\": %d, \"B\": %d, \"T\": %d, \"D\": %ld, \"P\": %ld, \"theta_ms\": %.6g, \"lanczos_s\": %.6g, "
                  "\"lanczos_matvecs\": %ld, \"lambda1\": %.10g, \"dense_j_s\": %.6g, \"dense_columns\": %ld}",
                  i ? ", " : "", r.size.N, r.size.B, r.size.T, long(r.D), long(r.P), r.theta_ms, r.lanczos_s,
                  r.lanczos_matvecs, r.lambda1, r.dense_j_s, r.dense_columns);
    json += buf;
  }
  std::printf("%s]}\n", json.c_str());
  return 0;
}
