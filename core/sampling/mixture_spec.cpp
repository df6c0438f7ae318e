#include "sampling/mixture_spec.hpp"

#include <cmath>

#include "common/error.hpp"
#include "common/number_text.hpp"

namespace rnnbook {
void MixtureSpec::validate(const std::string& field) const {
  const Eigen::Index K = components(), d = dim();
  if (K < 1) throw Error(field + ".weights: must hold at least one weight");
  if (means.cols() != K)
    throw Error(field + ".means: must hold one mean per weight (" + std::to_string(K) + "), got " +
                std::to_string(means.cols()));
  if (d < 1) throw Error(field + ".means: the means must have at least one coordinate");
  if (Eigen::Index(covariances.size()) != K)
    throw Error(field + ".covariances: must hold one matrix per weight (" + std::to_string(K) + "), got " +
                std::to_string(covariances.size()));
  double sum = 0.0;
  for (Eigen::Index k = 0; k < K; ++k) {
    const double w = weights(k);
    if (!std::isfinite(w) || w < 0.0)
      throw Error(field + ".weights[" + std::to_string(k) + "]: must be a number >= 0, got " + number_text(w));
    sum += w;
  }
  if (!(std::abs(sum - 1.0) <= kWeightSumTolerance))
    throw Error(field + ".weights: must sum to 1, got a sum of " + number_text(sum));
  if (!means.allFinite()) throw Error(field + ".means: must be finite numbers");
  for (Eigen::Index k = 0; k < K; ++k) {
    const Eigen::MatrixXd& c = covariances[std::size_t(k)];
    const std::string name = field + ".covariances[" + std::to_string(k) + "]";
    if (c.rows() != d || c.cols() != d)
      throw Error(name + ": must be a " + std::to_string(d) + " x " + std::to_string(d) + " matrix, got " +
                  std::to_string(c.rows()) + " x " + std::to_string(c.cols()));
    if (!c.allFinite()) throw Error(name + ": must hold finite numbers");
    if (!((c - c.transpose()).cwiseAbs().maxCoeff() <= 1e-12 * c.cwiseAbs().maxCoeff()))
      throw Error(name + ": must be symmetric");
    const double smallest = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(c, Eigen::EigenvaluesOnly).eigenvalues()(0);
    if (!(smallest > 0.0))
      throw Error(name + ": must be positive definite, got smallest eigenvalue " + number_text(smallest));
  }
}

}  // namespace rnnbook
