// Study (not a benchmark, not a test): does the training ELBO pick the GDM fit that recovers the states
// best? For each soft-sticky NASCAR data seed s (train s, test 1000 + s, as test S19) it fits GDM with
// S19's settings from R model seeds s + 100000 r (r = 0 is S19's own fit) and prints, per fit, the ELBO
// three ways (the last sampled value, the mean of the last 100, and a 100-draw ELBO at the final
// parameters on train and on test data), the iterations, matched accuracy, kNN and switch rate (and the
// matched accuracy after 250, 500 and 750 iterations, from the same run: CPU time counts these). Then,
// per data seed, Spearman's rank correlation between ELBO and matched accuracy, and the median matched
// accuracy of r = 0 and of the best-ELBO fit. Usage: gdm_restarts_study [--from 0] [--to 9] [--restarts 4]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <numeric>
#include <vector>

#include "switching/gdm_elbo.hpp"
#include "switching/gdm_inference.hpp"
#include "switching/gdm_training.hpp"
#include "switching/nascar.hpp"
#include "switching/state_metrics.hpp"

namespace {

using Eigen::MatrixXd;
using namespace rnnbook;

struct Fit {
  int restart = 0;
  double elbo_last = 0, elbo_tail = 0, elbo_train = 0, elbo_test = 0;
  int iterations = 0;
  bool stopped_early = false;
  double matched = 0, knn = 0, switches = 0, cpu = 0;
  std::vector<double> matched_along;  // matched accuracy after 250, 500 and 750 iterations
};

// A 100-draw ELBO at fixed parameters (the same draws for every fit of a data seed).
double elbo_at(const GdmModel& m, const MatrixXd& y, std::uint64_t seed) {
  GdmElbo elbo(y, m.projection, m.tau, GdmTrainingSettings{}.entropy_bonus);
  Rng rng(seed, 5);
  return elbo.evaluate(m.parameters, draw_gumbel_noise(m.parameters.shape().states, y.cols(), 100, rng));
}

struct Scores {
  double matched, knn, switches;
};

// Scored exactly as S19 scores (tests/unit/switching_trend_test.cpp).
Scores score_fit(const GdmModel& m, const NascarData& train, const NascarData& test, std::uint64_t model_seed) {
  Rng eval(model_seed, 3);
  const MatrixXd ztr = gdm_soft_states(m, train.y, 20, eval);
  const MatrixXd zte = gdm_soft_states(m, test.y, 20, eval);
  const std::vector<int> ltr = argmax_states(train.z), lte = argmax_states(test.z);
  return {matched_accuracy(argmax_states(zte), lte, match_states(argmax_states(ztr), ltr, 4)),
          knn_accuracy(ztr, ltr, zte, lte, 10), switches_per_100_steps(argmax_states(zte))};
}

Fit fit_once(const NascarData& train, const NascarData& test, int data_seed, int restart) {
  const std::uint64_t model_seed = std::uint64_t(data_seed) + 100000u * std::uint64_t(restart);
  const std::clock_t start = std::clock();
  Rng init(model_seed, 1);
  GdmTrainer trainer(train.y, initial_gdm_model({10, 4, 2}, 0.99, init), GdmTrainingSettings{}, Rng(model_seed, 2));
  Fit f;
  // In chunks of 250 (the same bits as one run): the states along the way, scored with their own draws.
  for (int chunk = 0; chunk < 3; ++chunk) {
    trainer.run(250);
    f.matched_along.push_back(score_fit(trainer.model(), train, test, model_seed).matched);
  }
  trainer.run(GdmTrainingSettings{}.max_iterations);
  f.restart = restart;
  f.cpu = double(std::clock() - start) / CLOCKS_PER_SEC;
  const std::vector<double>& h = trainer.elbo_history();
  f.elbo_last = h.back();
  const std::size_t tail = std::min<std::size_t>(100, h.size());
  f.elbo_tail = std::accumulate(h.end() - long(tail), h.end(), 0.0) / double(tail);
  f.elbo_train = elbo_at(trainer.model(), train.y, std::uint64_t(data_seed));
  f.elbo_test = elbo_at(trainer.model(), test.y, std::uint64_t(data_seed));
  f.iterations = trainer.iterations();
  f.stopped_early = trainer.stopped_early();
  const Scores final_scores = score_fit(trainer.model(), train, test, model_seed);
  f.matched = final_scores.matched;
  f.knn = final_scores.knn;
  f.switches = final_scores.switches;
  return f;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size(); ++i) r[order[i]] = double(i);
  return r;
}

// Spearman's rho (no ties expected in continuous values).
double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = double(a.size());
  double d2 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
  return 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int int_arg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const int from = int_arg(argc, argv, "--from", 0), to = int_arg(argc, argv, "--to", 9);
  const int restarts = int_arg(argc, argv, "--restarts", 4);
  std::printf("seed r  elbo_last  elbo_tail elbo_train  elbo_test  iters early matched   kNN  sw/100  cpu_s  m@250  m@500  m@750\n");
  std::vector<double> single, by_tail, by_train, by_test, rho_tail, rho_train;
  for (int s = from; s <= to; ++s) {
    const NascarData train = generate_nascar(nascar_settings(NascarVariant::soft_sticky), std::uint64_t(s));
    const NascarData test =
        generate_nascar(nascar_settings(NascarVariant::soft_sticky), std::uint64_t(1000 + s), &train.emission);
    std::vector<Fit> fits;
    for (int r = 0; r < restarts; ++r) {
      const Fit f = fit_once(train, test, s, r);
      std::printf("%4d %d %10.2f %10.2f %10.2f %10.2f %6d %5d %7.3f %5.3f %7.2f %6.1f %6.3f %6.3f %6.3f\n", s, r, f.elbo_last,
                  f.elbo_tail, f.elbo_train, f.elbo_test, f.iterations, int(f.stopped_early), f.matched, f.knn,
                  f.switches, f.cpu, f.matched_along[0], f.matched_along[1], f.matched_along[2]);
      std::fflush(stdout);
      fits.push_back(f);
    }
    const auto pick = [&](double Fit::*elbo) {
      return std::max_element(fits.begin(), fits.end(), [&](const Fit& a, const Fit& b) { return a.*elbo < b.*elbo; })->matched;
    };
    std::vector<double> tail, trn, matched;
    for (const Fit& f : fits) {
      tail.push_back(f.elbo_tail);
      trn.push_back(f.elbo_train);
      matched.push_back(f.matched);
    }
    single.push_back(fits[0].matched);
    by_tail.push_back(pick(&Fit::elbo_tail));
    by_train.push_back(pick(&Fit::elbo_train));
    by_test.push_back(pick(&Fit::elbo_test));
    rho_tail.push_back(spearman(tail, matched));
    rho_train.push_back(spearman(trn, matched));
    std::printf("seed %d: Spearman(ELBO, matched) tail %.2f, 100-draw train %.2f; matched of r = 0 %.3f, best by tail %.3f, "
                "by 100-draw train %.3f, by test ELBO %.3f\n",
                s, rho_tail.back(), rho_train.back(), single.back(), by_tail.back(), by_train.back(), by_test.back());
  }
  std::printf("seeds %d-%d: median matched, r = 0 %.3f; best of %d by tail ELBO %.3f, by 100-draw train ELBO %.3f, "
              "by test ELBO %.3f; median Spearman tail %.2f, train %.2f\n",
              from, to, median_of(single), restarts, median_of(by_tail), median_of(by_train), median_of(by_test),
              median_of(rho_tail), median_of(rho_train));
  return 0;
}
