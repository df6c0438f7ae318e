// The hard-switching baseline (core/switching/ar_hmm*.hpp, SCIENCE.md 12.5): the forward algorithm
// and the marginals against brute-force enumeration of all K^T paths (U39), the one-step forecast
// against enumeration, the M-step as a stationary point, and EM's monotone objective.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "switching/ar_hmm.hpp"
#include "switching/ar_hmm_fit.hpp"
#include "switching/ar_hmm_transitions.hpp"
#include "switching/concrete.hpp"
#include "switching/kmeans.hpp"
#include "switching/nascar.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace switching_ar_hmm_test {

ArHmmModel random_ar_hmm(Index N, Index K, Index D, Rng& rng) {
  ArHmmModel m;
  ArHmmParameters& p = m.parameters;
  const auto fill = [&](auto& a, double s) { for (auto& v : a.reshaped()) v = s * rng.normal(); };
  m.projection.resize(D, N);
  p.log_initial.resize(K);
  p.R.resize(K, D);
  p.r.resize(K);
  p.P.resize(K, K);
  p.initial_means.resize(N, K);
  p.S.resize(N, K * D);
  p.b.resize(N, K);
  p.log_var.resize(N);
  fill(m.projection, 0.7);
  fill(p.log_initial, 1.0);
  p.log_initial = log_softmax(p.log_initial);
  fill(p.R, 1.0);
  fill(p.r, 1.0);
  fill(p.P, 1.5);
  fill(p.initial_means, 1.0);
  fill(p.S, 0.6);
  fill(p.b, 0.5);
  fill(p.log_var, 0.3);
  return m;
}

// Calls f(path) for every path in {0..K-1}^T.
template <class F>
void for_each_path(Index K, Index T, F f) {
  std::vector<int> z(std::size_t(T), 0);
  while (true) {
    f(z);
    Index i = 0;
    while (i < T && ++z[std::size_t(i)] == K) z[std::size_t(i++)] = 0;
    if (i == T) return;
  }
}


TEST_CASE("U39: the forward algorithm and the marginals equal brute-force enumeration of the K^T paths",
          "[switching][ar_hmm]") {
  Rng rng(39);
  const Index N = 3, K = 3, D = 2, T = 6;
  const ArHmmModel m = random_ar_hmm(N, K, D, rng);
  MatrixXd y(N, T);
  for (auto& v : y.reshaped()) v = rng.normal();
  // Enumeration: log p(y) and the marginals from the joint of each path.
  std::vector<double> logp;
  for_each_path(K, T, [&](const std::vector<int>& z) { logp.push_back(ar_hmm_path_log_probability(m, y, z)); });
  const VectorXd all = Eigen::Map<VectorXd>(logp.data(), Index(logp.size()));
  const double want = log_sum_exp(all);
  MatrixXd single = MatrixXd::Zero(K, T), pair = MatrixXd::Zero(K, K * (T - 1));
  std::size_t i = 0;
  for_each_path(K, T, [&](const std::vector<int>& z) {
    const double w = std::exp(logp[i++] - want);
    for (Index t = 0; t < T; ++t) single(z[t], t) += w;
    for (Index t = 0; t + 1 < T; ++t) pair(z[t], t * K + z[t + 1]) += w;
  });
  const ArHmmPosterior post = ar_hmm_posterior(m, y);
  CHECK(std::abs(post.log_likelihood - want) < 1e-10 * std::abs(want));
  CHECK((post.smoothed - single).cwiseAbs().maxCoeff() < 1e-10);
  CHECK((post.pairwise - pair).cwiseAbs().maxCoeff() < 1e-10);
  // Smoothed marginals sum to 1; pairwise marginals sum to the single-step ones on both sides.
  CHECK((post.smoothed.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
  CHECK((post.filtered.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
  for (Index t = 0; t + 1 < T; ++t) {
    const MatrixXd block = post.pairwise.middleCols(t * K, K);
    CHECK((block.rowwise().sum() - post.smoothed.col(t)).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((block.colwise().sum().transpose() - post.smoothed.col(t + 1)).cwiseAbs().maxCoeff() < 1e-12);
  }
  // The last filtered marginal is the last smoothed one.
  CHECK((post.filtered.col(T - 1) - post.smoothed.col(T - 1)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("The hard model's one-step forecast is the exact predictive mean E[y_{s+1} | y_1..s] (enumeration)",
          "[switching][ar_hmm]") {
  Rng rng(391);
  const Index N = 2, K = 3, D = 2, T = 5;
  const ArHmmModel m = random_ar_hmm(N, K, D, rng);
  MatrixXd y(N, T);
  for (auto& v : y.reshaped()) v = rng.normal();
  const ArHmmPosterior post = ar_hmm_posterior(m, y);
  const auto fc = ar_hmm_forecasts(m, y, post.filtered, 2);
  REQUIRE(fc.size() == 2);
  const ArHmmParameters& p = m.parameters;
  for (Index s = 0; s + 1 < T; ++s) {
    // p(z_{s+1} | y_1..s) by enumerating z_1..s on y_1..s, then one transition at y_s.
    const MatrixXd head = y.leftCols(s + 1);
    VectorXd next = VectorXd::Zero(K);
    std::vector<double> lw;
    std::vector<int> last;
    for_each_path(K, s + 1, [&](const std::vector<int>& z) {
      lw.push_back(ar_hmm_path_log_probability(m, head, z));
      last.push_back(z.back());
    });
    const double norm = log_sum_exp(Eigen::Map<VectorXd>(lw.data(), Index(lw.size())));
    const VectorXd u = m.projection * y.col(s);
    for (std::size_t i = 0; i < lw.size(); ++i) {
      const VectorXd logits = p.R * u + p.r + p.P.row(last[i]).transpose();
      next += std::exp(lw[i] - norm) * log_softmax(logits).array().exp().matrix();
    }
    VectorXd mean = VectorXd::Zero(N);
    for (Index k = 0; k < K; ++k) mean += next(k) * (p.S.middleCols(k * D, D) * u + p.b.col(k));
    CHECK((fc[0].col(s + 1) - mean).norm() < 1e-12 * mean.norm());
  }
  CHECK(fc[0].col(0).isZero(0));
  CHECK(fc[1].leftCols(2).isZero(0));
}

TEST_CASE("The transition M-step is a stationary point of its concave objective", "[switching][ar_hmm]") {
  Rng rng(392);
  const Index N = 3, K = 3, D = 2, T = 40;
  ArHmmModel m = random_ar_hmm(N, K, D, rng);
  MatrixXd y(N, T);
  for (auto& v : y.reshaped()) v = rng.normal();
  const ArHmmPosterior post = ar_hmm_posterior(m, y);
  const MatrixXd u = (m.projection * y).leftCols(T - 1);
  const double ridge = 1e-2;
  const double before = transition_objective(u, post.pairwise, ridge, m.parameters);
  const double after = fit_transitions(u, post.pairwise, ridge, 50, m.parameters);
  CHECK(after > before);
  CHECK(std::abs(after - transition_objective(u, post.pairwise, ridge, m.parameters)) < 1e-12 * std::abs(after));
  // Central differences of Q in every transition weight vanish at the maximiser.
  double worst = 0;
  for (auto* block : {&m.parameters.R, &m.parameters.P}) {
    for (Index i = 0; i < block->size(); ++i) {
      ArHmmParameters q = m.parameters;
      double& w = (block == &m.parameters.R ? q.R : q.P).reshaped()(i);
      const double h = 1e-5, keep = w;
      w = keep + h;
      const double up = transition_objective(u, post.pairwise, ridge, q);
      w = keep - h;
      const double down = transition_objective(u, post.pairwise, ridge, q);
      worst = std::max(worst, std::abs(up - down) / (2 * h));
    }
  }
  for (Index i = 0; i < K; ++i) {
    ArHmmParameters q = m.parameters;
    q.r(i) += 1e-5;
    const double up = transition_objective(u, post.pairwise, ridge, q);
    q.r(i) -= 2e-5;
    worst = std::max(worst, std::abs(up - transition_objective(u, post.pairwise, ridge, q)) / 2e-5);
  }
  CHECK(worst < 1e-6);
}

TEST_CASE("The emission M-step maximises the expected complete-data log-likelihood", "[switching][ar_hmm]") {
  Rng rng(393);
  const Index N = 3, K = 3, D = 2, T = 50;
  ArHmmModel m = random_ar_hmm(N, K, D, rng);
  MatrixXd y(N, T);
  for (auto& v : y.reshaped()) v = rng.normal();
  const ArHmmPosterior post = ar_hmm_posterior(m, y);
  ArHmmFitSettings s;
  s.states = int(K);
  ar_hmm_m_step(y, post.smoothed, post.pairwise, s, m);
  const auto expected = [&](const ArHmmModel& q) {
    return (ar_hmm_log_emissions(q, y).array() * post.smoothed.array()).sum();
  };
  double worst = 0;
  for (auto* block : {&m.parameters.S, &m.parameters.b}) {
    for (Index i = 0; i < block->size(); ++i) {
      ArHmmModel q = m;
      double& w = (block == &m.parameters.S ? q.parameters.S : q.parameters.b).reshaped()(i);
      const double keep = w;
      w = keep + 1e-5;
      const double up = expected(q);
      w = keep - 1e-5;
      worst = std::max(worst, std::abs(up - expected(q)) / 2e-5);
    }
  }
  for (Index n = 0; n < N; ++n) {
    ArHmmModel q = m;
    q.parameters.log_var(n) += 1e-5;
    const double up = expected(q);
    q.parameters.log_var(n) -= 2e-5;
    worst = std::max(worst, std::abs(up - expected(q)) / 2e-5);
  }
  CHECK(worst < 1e-5);
  CHECK(std::abs(std::exp(log_sum_exp(m.parameters.log_initial)) - 1.0) < 1e-12);
}

TEST_CASE("EM from k-means never lowers the penalised log-likelihood and recovers the standard track",
          "[switching][ar_hmm]") {
  NascarSettings ns = nascar_settings(NascarVariant::standard);
  ns.steps = 300;
  const NascarData d = generate_nascar(ns, 3);
  Rng rng(5);
  MatrixXd F(2, 10);
  for (auto& v : F.reshaped()) v = 0.1 * rng.normal();
  ArHmmFitSettings s;
  s.max_iterations = 15;
  ArHmmFitter fit(d.y, F, s, rng);
  fit.run(15);
  const auto& ob = fit.objective_history();
  REQUIRE(ob.size() >= 3);
  for (std::size_t i = 1; i < ob.size(); ++i) CHECK(ob[i] >= ob[i - 1] - 1e-9 * std::abs(ob[i - 1]));
  CHECK(fit.initial_labels().size() == 300);
  CHECK_THROWS_WITH(ArHmmFitter(d.y.leftCols(4), F, s, rng), Catch::Matchers::Contains("at least states + 1 = 5 steps"));
  ArHmmFitSettings bad;
  bad.transition_ridge = 0;
  CHECK_THROWS_WITH(check_ar_hmm_fit_settings(bad), Catch::Matchers::Contains("transition_ridge"));
}

TEST_CASE("k-means finds separated clusters and its inertia is the sum of squared distances", "[switching][ar_hmm]") {
  Rng rng(11);
  MatrixXd X(2, 60);
  const double cx[3] = {0, 10, -10};
  for (Index i = 0; i < 60; ++i) X.col(i) << cx[i % 3] + 0.1 * rng.normal(), 0.1 * rng.normal();
  const KMeansResult r = kmeans(X, 3, 4, rng);
  double inertia = 0;
  for (Index i = 0; i < 60; ++i) {
    CHECK(r.labels[i] == r.labels[i % 3]);
    inertia += (X.col(i) - r.centres.col(r.labels[i])).squaredNorm();
  }
  CHECK(r.labels[0] != r.labels[1]);
  CHECK(r.labels[1] != r.labels[2]);
  CHECK(r.labels[0] != r.labels[2]);
  CHECK(std::abs(inertia - r.inertia) < 1e-12 * inertia);
  CHECK_THROWS_AS(kmeans(X, 61, 1, rng), Error);
}

}  // namespace switching_ar_hmm_test
