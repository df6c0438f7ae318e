#include "switching/kmeans.hpp"

#include <limits>
#include <string>

#include "common/error.hpp"

namespace rnnbook {
namespace {

// Index of the nearest centre (the smaller index on ties) and its squared distance.
int nearest_centre(const Eigen::Ref<const Eigen::MatrixXd>& centres, const Eigen::Ref<const Eigen::VectorXd>& x,
                   double& best) {
  best = std::numeric_limits<double>::infinity();
  int arg = 0;
  for (Eigen::Index c = 0; c < centres.cols(); ++c) {
    const double d = (centres.col(c) - x).squaredNorm();
    if (d < best) best = d, arg = int(c);
  }
  return arg;
}

KMeansResult lloyd_from_seeds(const Eigen::Ref<const Eigen::MatrixXd>& X, int K, Rng& rng, int max_iterations) {
  const Eigen::Index n = X.cols();
  KMeansResult r;
  r.centres.resize(X.rows(), K);
  // k-means++: the first centre uniformly, each next with probability proportional to D(x)^2.
  r.centres.col(0) = X.col(Eigen::Index(rng.uniform() * double(n)) % n);
  Eigen::VectorXd d2(n);
  for (Eigen::Index i = 0; i < n; ++i) d2(i) = (X.col(i) - r.centres.col(0)).squaredNorm();
  for (int c = 1; c < K; ++c) {
    const double total = d2.sum();
    Eigen::Index pick = n - 1;
    if (total > 0.0) {
      const double target = rng.uniform() * total;
      double acc = 0.0;
      for (Eigen::Index i = 0; i < n; ++i)
        if ((acc += d2(i)) > target) {
          pick = i;
          break;
        }
    } else {
      pick = Eigen::Index(rng.uniform() * double(n)) % n;
    }
    r.centres.col(c) = X.col(pick);
    for (Eigen::Index i = 0; i < n; ++i) d2(i) = std::min(d2(i), (X.col(i) - r.centres.col(c)).squaredNorm());
  }
  r.labels.assign(std::size_t(n), -1);
  for (int it = 0; it < max_iterations; ++it) {
    bool changed = false;
    r.inertia = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      double best;
      const int l = nearest_centre(r.centres, X.col(i), best);
      r.inertia += best;
      changed |= l != r.labels[std::size_t(i)];
      r.labels[std::size_t(i)] = l;
    }
    if (!changed) break;
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(X.rows(), K);
    Eigen::VectorXd count = Eigen::VectorXd::Zero(K);
    for (Eigen::Index i = 0; i < n; ++i) {
      sum.col(r.labels[std::size_t(i)]) += X.col(i);
      count(r.labels[std::size_t(i)]) += 1.0;
    }
    for (int c = 0; c < K; ++c)
      if (count(c) > 0) r.centres.col(c) = sum.col(c) / count(c);
  }
  return r;
}

}  // namespace

KMeansResult kmeans(const Eigen::Ref<const Eigen::MatrixXd>& points, int clusters, int restarts, Rng& rng, int max_iterations) {
  if (clusters < 1 || clusters > points.cols())
    throw Error("kmeans: clusters must be in [1, " + std::to_string(points.cols()) + "], got " + std::to_string(clusters));
  if (restarts < 1) throw Error("kmeans: restarts must be >= 1, got " + std::to_string(restarts));
  if (max_iterations < 1) throw Error("kmeans: max_iterations must be >= 1, got " + std::to_string(max_iterations));
  if (!points.allFinite()) throw Error("kmeans: points must be finite");
  KMeansResult best;
  for (int r = 0; r < restarts; ++r) {
    KMeansResult k = lloyd_from_seeds(points, clusters, rng, max_iterations);
    if (r == 0 || k.inertia < best.inertia) best = std::move(k);
  }
  return best;
}

}  // namespace rnnbook
