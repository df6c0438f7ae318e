#include "switching/state_metrics.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "common/error.hpp"
#include "switching/assignment.hpp"

namespace rnnbook {
namespace {

void check_labels(const std::vector<int>& labels, int states, const char* who) {
  for (int l : labels)
    if (l < 0 || (states > 0 && l >= states))
      throw Error(std::string(who) + ": labels must be in [0, " + std::to_string(states) + "), got " + std::to_string(l));
}

}  // namespace

std::vector<int> argmax_states(const Eigen::Ref<const Eigen::MatrixXd>& soft) {
  std::vector<int> out(std::size_t(soft.cols()));
  for (Eigen::Index t = 0; t < soft.cols(); ++t) {
    Eigen::Index k;
    soft.col(t).maxCoeff(&k);
    out[std::size_t(t)] = int(k);
  }
  return out;
}

void check_knn_points(const Eigen::Ref<const Eigen::MatrixXd>& train, const std::vector<int>& train_labels,
                      const Eigen::Ref<const Eigen::MatrixXd>& test, const std::vector<int>& test_labels, int k) {
  const Eigen::Index n = train.cols(), d = train.rows();
  if (Eigen::Index(train_labels.size()) != n || Eigen::Index(test_labels.size()) != test.cols())
    throw Error("knn accuracy: one label per point is needed");
  if (test.rows() != d || test.cols() < 1) throw Error("knn accuracy: test points must be non-empty with the train points' dimension");
  if (k < 1 || k > n) throw Error("knn accuracy: k must be in [1, " + std::to_string(n) + "], got " + std::to_string(k));
  if (!train.allFinite() || !test.allFinite()) throw Error("knn accuracy: points must be finite");
  check_labels(train_labels, 0, "knn accuracy");
  check_labels(test_labels, 0, "knn accuracy");
}

Eigen::Index knn_correct(const Eigen::Ref<const Eigen::MatrixXd>& train, const std::vector<int>& train_labels,
                         const Eigen::Ref<const Eigen::MatrixXd>& test, const std::vector<int>& test_labels, int k,
                         Eigen::Index from, Eigen::Index to) {
  const Eigen::Index n = train.cols(), d = train.rows();
  if (Eigen::Index(train_labels.size()) != n || Eigen::Index(test_labels.size()) != test.cols() || test.rows() != d ||
      k < 1 || k > n)
    throw Error("knn accuracy: the points, labels and k do not fit (check_knn_points says how)");
  if (from < 0 || to < from || to > test.cols())
    throw Error("knn accuracy: the test points must be a range [from, to) within [0, " + std::to_string(test.cols()) + "]");
  // Votes for a label no train point has stay 0 and never win, so the train labels bound the classes.
  const int classes = 1 + *std::max_element(train_labels.begin(), train_labels.end());
  // Brute force across the two sets (dimension/knn searches within one set): squared distances
  // summed coordinate by coordinate, so equal points tie exactly.
  std::vector<double> dist(static_cast<std::size_t>(n));
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::vector<int> votes(static_cast<std::size_t>(classes));
  Eigen::Index correct = 0;
  for (Eigen::Index i = from; i < to; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      double s = 0.0;
      for (Eigen::Index c = 0; c < d; ++c) {
        const double diff = test(c, i) - train(c, j);
        s += diff * diff;
      }
      dist[std::size_t(j)] = s;
    }
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](Eigen::Index a, Eigen::Index b) {
      return dist[std::size_t(a)] < dist[std::size_t(b)] || (dist[std::size_t(a)] == dist[std::size_t(b)] && a < b);
    });
    std::fill(votes.begin(), votes.end(), 0);
    for (int r = 0; r < k; ++r) ++votes[std::size_t(train_labels[std::size_t(order[std::size_t(r)])])];
    const int predicted = int(std::max_element(votes.begin(), votes.end()) - votes.begin());
    correct += predicted == test_labels[std::size_t(i)];
  }
  return correct;
}

double knn_accuracy(const Eigen::Ref<const Eigen::MatrixXd>& train, const std::vector<int>& train_labels,
                    const Eigen::Ref<const Eigen::MatrixXd>& test, const std::vector<int>& test_labels, int k) {
  check_knn_points(train, train_labels, test, test_labels, k);
  return double(knn_correct(train, train_labels, test, test_labels, k, 0, test.cols())) / double(test.cols());
}

std::vector<int> match_states(const std::vector<int>& inferred, const std::vector<int>& truth, int states) {
  if (inferred.size() != truth.size() || inferred.empty()) throw Error("match states: the label sequences must be non-empty and of one length");
  if (states < 1) throw Error("match states: states must be >= 1");
  check_labels(inferred, states, "match states");
  check_labels(truth, states, "match states");
  Eigen::MatrixXd agree = Eigen::MatrixXd::Zero(states, states);
  for (std::size_t t = 0; t < truth.size(); ++t) agree(inferred[t], truth[t]) += 1.0;
  return best_assignment(agree);
}

double matched_accuracy(const std::vector<int>& inferred, const std::vector<int>& truth, const std::vector<int>& perm) {
  if (inferred.size() != truth.size() || inferred.empty()) throw Error("matched accuracy: the label sequences must be non-empty and of one length");
  check_labels(inferred, int(perm.size()), "matched accuracy");
  std::size_t hits = 0;
  for (std::size_t t = 0; t < truth.size(); ++t) hits += perm[std::size_t(inferred[t])] == truth[t];
  return double(hits) / double(truth.size());
}

double soft_state_tv_error(const Eigen::Ref<const Eigen::MatrixXd>& inferred, const Eigen::Ref<const Eigen::MatrixXd>& truth,
                           const std::vector<int>& perm) {
  const Eigen::Index Ki = inferred.rows(), Kt = truth.rows(), K = std::max(Ki, Kt), T = truth.cols();
  if (inferred.cols() != T || T < 1 || Ki < 1 || Kt < 1 || Eigen::Index(perm.size()) != K)
    throw Error("soft state error: the state matrices must be Ki x T and Kt x T (T >= 1) and the matching must have "
                "max(Ki, Kt) entries");
  for (int j : perm)
    if (j < 0 || j >= K) throw Error("soft state error: the matching's entries must be in [0, " + std::to_string(K) + ")");
  double total = 0.0;
  Eigen::VectorXd w(K), z(K);
  for (Eigen::Index t = 0; t < T; ++t) {
    w.setZero();
    for (Eigen::Index i = 0; i < Ki; ++i) w(perm[std::size_t(i)]) = inferred(i, t);
    z.setZero();
    z.head(Kt) = truth.col(t);
    total += 0.5 * (w - z).cwiseAbs().sum();
  }
  return total / double(T);
}

double switches_per_100_steps(const std::vector<int>& labels) {
  if (labels.size() < 2) throw Error("switch rate: at least 2 labels are needed");
  std::size_t switches = 0;
  for (std::size_t t = 1; t < labels.size(); ++t) switches += labels[t] != labels[t - 1];
  return 100.0 * double(switches) / double(labels.size() - 1);
}

double level_r2(const Eigen::Ref<const Eigen::MatrixXd>& prediction, const Eigen::Ref<const Eigen::MatrixXd>& truth) {
  if (prediction.rows() != truth.rows() || prediction.cols() != truth.cols() || truth.cols() < 2)
    throw Error("level r2: prediction and truth must have one shape with at least 2 columns");
  double sum = 0.0;
  for (Eigen::Index n = 0; n < truth.rows(); ++n) {
    const double sse = (truth.row(n) - prediction.row(n)).squaredNorm();
    const double sst = (truth.row(n).array() - truth.row(n).mean()).square().sum();
    sum += 1.0 - sse / sst;
  }
  return sum / double(truth.rows());
}

double forecast_skill(const Eigen::Ref<const Eigen::MatrixXd>& forecast, const Eigen::Ref<const Eigen::MatrixXd>& y, int h) {
  const Eigen::Index T = y.cols();
  if (forecast.rows() != y.rows() || forecast.cols() != T) throw Error("forecast skill: forecast and y must have one shape");
  if (h < 1 || h >= T) throw Error("forecast skill: h must be in [1, " + std::to_string(T - 1) + "], got " + std::to_string(h));
  const double model = (y.rightCols(T - h) - forecast.rightCols(T - h)).squaredNorm();
  const double persistence = (y.rightCols(T - h) - y.leftCols(T - h)).squaredNorm();
  return 1.0 - model / persistence;
}

Eigen::MatrixXd with_increments(const Eigen::Ref<const Eigen::MatrixXd>& y, double factor) {
  const Eigen::Index N = y.rows(), T = y.cols();
  Eigen::MatrixXd out(2 * N, T);
  out.topRows(N) = y;
  out.bottomRows(N).col(0).setZero();
  if (T > 1) out.bottomRows(N).rightCols(T - 1) = factor * (y.rightCols(T - 1) - y.leftCols(T - 1));
  return out;
}

}  // namespace rnnbook
