#pragma once
// A mixture of symmetric multivariate Laplace distributions, x = m_k + sqrt(W) L_k z with
// W ~ Exp(1), z ~ N(0, I), L_k L_k^T = S_k (SCIENCE.md 5.2: the 2-D "X" is one). Each component has
// mean m_k and covariance S_k; its density has a cusp (in 2-D a log singularity) at m_k.
#include <vector>

#include "sampling/mixture_spec.hpp"
#include "sampling/target.hpp"

namespace rnnbook {

class LaplaceMixture : public Target {
 public:
  // spec.covariances are the S_k; errors name `field`.weights, .means, .covariances[k].
  explicit LaplaceMixture(MixtureSpec spec, const std::string& field = "target");

  Eigen::Index dim() const override { return spec_.dim(); }
  // +infinity at a component mean in d >= 2.
  Eigen::VectorXd log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const override;
  // 0 where x is exactly a component mean (the gradient is undefined there).
  void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const override;
  using Target::score;
  Eigen::MatrixXd sample(Eigen::Index n, Rng& rng) const override;

  const MixtureSpec& spec() const { return spec_; }

 private:
  double log_radial(double q) const;  // the part of ln p_k that depends on q = |x - m_k|^2 in S_k^-1

  MixtureSpec spec_;
  std::vector<Eigen::MatrixXd> chol_, precision_;
  Eigen::VectorXd log_norm_;  // ln w_k + ln 2 - d/2 ln 2 pi - 1/2 ln det S_k
  double nu_;                 // 1 - d/2
};

}  // namespace rnnbook
