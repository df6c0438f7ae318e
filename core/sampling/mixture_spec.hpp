#pragma once
// The parameters of a mixture of K components in d dimensions (Gaussian or Laplace): weights,
// means and covariance (scale) matrices, checked once with errors that name the field.
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace rnnbook {

struct MixtureSpec {
  Eigen::VectorXd weights;                   // K, >= 0, summing to 1
  Eigen::MatrixXd means;                     // d x K
  std::vector<Eigen::MatrixXd> covariances;  // K matrices d x d, symmetric positive definite

  Eigen::Index dim() const { return means.rows(); }
  Eigen::Index components() const { return weights.size(); }

  // Throws rnnbook::Error naming `field`.weights / .means / .covariances[k] and what is allowed.
  void validate(const std::string& field) const;
};

// Weights may differ from 1 in sum by this much (rounding in typed values).
constexpr double kWeightSumTolerance = 1e-6;

}  // namespace rnnbook
