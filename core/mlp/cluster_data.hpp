#pragma once
// Labelled points for the MLP: Gaussian clusters (SCIENCE.md 7.2, S9: centres N(0, I_d), noise sd
// sigma, points scaled by s, so x = s (c_label + sigma eps)) with one-hot targets; and points as
// columns (X is d x n, Y is k x n).
#include <Eigen/Dense>

#include "common/rng.hpp"

namespace rnnbook {

struct LabelledPoints {
  Eigen::MatrixXd x;  // d x n
  Eigen::MatrixXd y;  // k x n, one-hot for classification
  Eigen::Index points() const { return x.cols(); }
  // Columns [from, from + n) (n clipped to what is there).
  LabelledPoints head(Eigen::Index n) const;
};

struct ClusterSettings {
  int classes = 10;
  int dim = 20;
  double noise = 1.0;                  // sigma
  double scale = 0.7071067811865476;   // s = 1/sqrt(2)
};

class GaussianClusters {
 public:
  // Draws the class centres from rng. Throws Error unless classes, dim >= 1, noise >= 0, scale > 0.
  GaussianClusters(const ClusterSettings& settings, Rng& rng);

  // n points, point i in class i mod classes (balanced; training batches are drawn at random).
  LabelledPoints sample(Eigen::Index n, Rng& rng) const;
  const Eigen::MatrixXd& centres() const { return centres_; }  // d x classes
  const ClusterSettings& settings() const { return s_; }

 private:
  ClusterSettings s_;
  Eigen::MatrixXd centres_;
};

}  // namespace rnnbook
