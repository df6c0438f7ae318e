// The state metrics of SCIENCE.md 12.5 (core/switching/state_metrics.hpp, assignment.hpp) against
// brute force and hand-computed cases.
#include <catch2/catch.hpp>
#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "switching/assignment.hpp"
#include "switching/state_metrics.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;

namespace switching_metrics_test {

// The kNN rule written out: sort all (distance, index) pairs, vote, smallest label on ties.
int brute_knn_label(const MatrixXd& train, const std::vector<int>& labels, const Eigen::VectorXd& x, int k, int classes) {
  std::vector<std::pair<double, Index>> all;
  for (Index j = 0; j < train.cols(); ++j) all.emplace_back((train.col(j) - x).squaredNorm(), j);
  std::sort(all.begin(), all.end());
  std::vector<int> votes(static_cast<std::size_t>(classes), 0);
  for (int r = 0; r < k; ++r) ++votes[labels[all[r].second]];
  int best = 0;
  for (int c = 1; c < classes; ++c)
    if (votes[c] > votes[best]) best = c;
  return best;
}


TEST_CASE("best_assignment finds the best permutation (brute force over all of them)", "[switching][metrics]") {
  Rng rng(1);
  for (int rep = 0; rep < 30; ++rep) {
    const Index n = 1 + rep % 6;
    MatrixXd s(n, n);
    for (auto& v : s.reshaped()) v = rep % 2 ? std::floor(4 * rng.uniform()) : rng.normal();  // ties too
    const std::vector<int> perm = best_assignment(s);
    std::vector<int> sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    for (Index i = 0; i < n; ++i) REQUIRE(sorted[i] == i);
    double got = 0;
    for (Index i = 0; i < n; ++i) got += s(i, perm[i]);
    std::vector<int> p(static_cast<std::size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    double best = -1e300;
    do {
      double v = 0;
      for (Index i = 0; i < n; ++i) v += s(i, p[i]);
      best = std::max(best, v);
    } while (std::next_permutation(p.begin(), p.end()));
    CHECK(std::abs(got - best) < 1e-12);
  }
  CHECK_THROWS_AS(best_assignment(MatrixXd(2, 3)), Error);
}

TEST_CASE("kNN accuracy follows the written-out rule, ties included", "[switching][metrics]") {
  Rng rng(2);
  for (int lattice = 0; lattice < 2; ++lattice) {
    MatrixXd train(2, 80), test(2, 50);
    std::vector<int> ltr(80), lte(50);
    for (Index j = 0; j < 80; ++j) {
      for (Index c = 0; c < 2; ++c) train(c, j) = lattice ? std::floor(5 * rng.uniform()) : rng.normal();
      ltr[j] = int(4 * rng.uniform());
    }
    int want = 0;
    for (Index i = 0; i < 50; ++i) {
      for (Index c = 0; c < 2; ++c) test(c, i) = lattice ? std::floor(5 * rng.uniform()) : rng.normal();
      lte[i] = int(4 * rng.uniform());
      want += brute_knn_label(train, ltr, test.col(i), 10, 4) == lte[i];
    }
    CHECK(knn_accuracy(train, ltr, test, lte, 10) == double(want) / 50.0);
    // In ranges of test points (the switching experiment's units of work) the counts add up.
    CHECK(knn_correct(train, ltr, test, lte, 10, 0, 17) + knn_correct(train, ltr, test, lte, 10, 17, 50) == want);
  }
  // Two far clusters: perfect.
  MatrixXd a(1, 4), b(1, 2);
  a << 0, 0.1, 10, 10.1;
  b << 0.05, 10.05;
  CHECK(knn_accuracy(a, {0, 0, 1, 1}, b, {0, 1}, 2) == 1.0);
  CHECK_THROWS_WITH(knn_accuracy(a, {0, 0, 1, 1}, b, {0, 1}, 5), Catch::Matchers::Contains("k must be in [1, 4]"));
}

TEST_CASE("Matched accuracy, soft-state TV error, switch rate, R^2 and forecast skill on hand cases",
          "[switching][metrics]") {
  // Inferred labels are the truth relabelled by i -> (i + 1) mod 3, with one error.
  const std::vector<int> truth = {0, 0, 1, 1, 2, 2, 0, 1};
  const std::vector<int> inferred = {2, 2, 0, 0, 1, 1, 2, 1};
  const std::vector<int> perm = match_states(inferred, truth, 3);
  CHECK(perm == std::vector<int>{1, 2, 0});
  CHECK(matched_accuracy(inferred, truth, perm) == 7.0 / 8.0);
  CHECK(switches_per_100_steps(truth) == 100.0 * 4.0 / 7.0);
  CHECK(argmax_states((MatrixXd(3, 2) << 0.2, 0.5, 0.5, 0.5, 0.3, 0.0).finished()) == std::vector<int>{1, 0});
  // TV: inferred state 0 is true state 1, so [0.7, 0.2, 0.1] maps to [0.1, 0.7, 0.2].
  MatrixXd zi(3, 1), zt(3, 1);
  zi << 0.7, 0.2, 0.1;
  zt << 0.1, 0.7, 0.2;
  CHECK(soft_state_tv_error(zi, zt, perm) == Approx(0.0).margin(1e-15));
  zt << 0.0, 1.0, 0.0;
  CHECK(soft_state_tv_error(zi, zt, perm) == Approx(0.3).epsilon(1e-14));
  // Unequal state counts: matched over the larger count, TV over states padded with zeros.
  // Two inferred states against three true ones: state 0 is true 1, state 1 is true 0; true 2 is never matched.
  const std::vector<int> truth3 = {1, 1, 0, 0, 2, 2};
  const std::vector<int> inferred2 = {0, 0, 1, 1, 1, 0};
  const std::vector<int> perm2 = match_states(inferred2, truth3, 3);
  CHECK(perm2 == std::vector<int>{1, 0, 2});
  CHECK(matched_accuracy(inferred2, truth3, perm2) == 4.0 / 6.0);
  MatrixXd z2(2, 1), z3(3, 1);
  z2 << 0.6, 0.4;       // becomes [0.4, 0.6, 0] on the true states
  z3 << 0.0, 0.5, 0.5;  // TV = (0.4 + 0.1 + 0.5) / 2
  CHECK(soft_state_tv_error(z2, z3, perm2) == Approx(0.5).epsilon(1e-14));
  // Four inferred states against three true ones: inferred 2 is left over and matches label 3, which never occurs.
  const std::vector<int> truth7 = {1, 1, 0, 0, 2, 2, 2};
  const std::vector<int> inferred4 = {3, 3, 0, 0, 1, 1, 2};
  const std::vector<int> perm4 = match_states(inferred4, truth7, 4);
  CHECK(perm4 == std::vector<int>{0, 2, 3, 1});
  CHECK(matched_accuracy(inferred4, truth7, perm4) == 6.0 / 7.0);
  MatrixXd z4(4, 1);
  z4 << 0.1, 0.1, 0.1, 0.7;  // [0.1, 0.7, 0.1 | 0.1 on the missing state] against [0, 0.5, 0.5 | 0]
  CHECK(soft_state_tv_error(z4, z3, perm4) == Approx(0.4).epsilon(1e-14));
  CHECK_THROWS_WITH(soft_state_tv_error(z4, z3, perm2), Catch::Matchers::Contains("max(Ki, Kt) entries"));
  // R^2 and skill.
  Rng rng(3);
  MatrixXd y(2, 30);
  for (auto& v : y.reshaped()) v = rng.normal();
  CHECK(level_r2(y, y) == 1.0);
  MatrixXd mean = y.rowwise().mean().replicate(1, 30);
  CHECK(level_r2(mean, y) == Approx(0.0).margin(1e-14));
  MatrixXd persistence = MatrixXd::Zero(2, 30);
  persistence.rightCols(27) = y.leftCols(27);
  CHECK(forecast_skill(persistence, y, 3) == Approx(0.0).margin(1e-15));
  CHECK(forecast_skill(y, y, 3) == 1.0);
  CHECK_THROWS_AS(forecast_skill(y, y, 30), Error);
  const MatrixXd inc = with_increments(y, 20.0);
  CHECK(inc.rows() == 4);
  CHECK(inc.bottomRows(2).col(0).isZero(0));
  CHECK(inc(3, 5) == 20.0 * (y(1, 5) - y(1, 4)));
}

}  // namespace switching_metrics_test
