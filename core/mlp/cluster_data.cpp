#include "mlp/cluster_data.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

LabelledPoints LabelledPoints::head(Eigen::Index n) const {
  n = std::min(n, points());
  return {x.leftCols(n), y.leftCols(n)};
}

GaussianClusters::GaussianClusters(const ClusterSettings& settings, Rng& rng) : s_(settings) {
  if (s_.classes < 1) throw Error("clusters: classes must be >= 1, got " + std::to_string(s_.classes));
  if (s_.dim < 1) throw Error("clusters: dim must be >= 1, got " + std::to_string(s_.dim));
  if (!(s_.noise >= 0.0)) throw Error("clusters: noise must be >= 0, got " + std::to_string(s_.noise));
  if (!(s_.scale > 0.0)) throw Error("clusters: scale must be > 0, got " + std::to_string(s_.scale));
  centres_.resize(s_.dim, s_.classes);
  for (auto& v : centres_.reshaped()) v = rng.normal();
}

LabelledPoints GaussianClusters::sample(Eigen::Index n, Rng& rng) const {
  LabelledPoints p;
  p.x.resize(s_.dim, n);
  p.y = Eigen::MatrixXd::Zero(s_.classes, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index label = i % s_.classes;
    for (Eigen::Index j = 0; j < s_.dim; ++j) p.x(j, i) = s_.scale * (centres_(j, label) + s_.noise * rng.normal());
    p.y(label, i) = 1.0;
  }
  return p;
}

}  // namespace rnnbook
