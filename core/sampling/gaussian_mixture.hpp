#pragma once
// A mixture of Gaussians sum_k w_k N(mu_k, C_k) in any dimension, with exact log-density, score
// and sampler (SCIENCE.md 5.2: the 1-D double peak is one).
#include <vector>

#include "sampling/mixture_spec.hpp"
#include "sampling/target.hpp"

namespace rnnbook {

class GaussianMixture : public Target {
 public:
  // Validates spec (errors name `field`.weights, .means, .covariances[k]).
  explicit GaussianMixture(MixtureSpec spec, const std::string& field = "target");

  Eigen::Index dim() const override { return spec_.dim(); }
  Eigen::VectorXd log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const override;
  void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const override;
  using Target::score;
  Eigen::MatrixXd sample(Eigen::Index n, Rng& rng) const override;
  Eigen::MatrixXd mode_centres() const override { return spec_.means; }

  const MixtureSpec& spec() const { return spec_; }

 private:
  // ln(w_k N(x; mu_k, C_k)) for every component k and column of x (K x n).
  Eigen::MatrixXd component_log_terms(const Eigen::Ref<const Eigen::MatrixXd>& x) const;

  MixtureSpec spec_;
  std::vector<Eigen::MatrixXd> chol_;       // lower L_k, L_k L_k^T = C_k
  std::vector<Eigen::MatrixXd> precision_;  // C_k^-1
  Eigen::VectorXd log_norm_;                // ln w_k - d/2 ln 2 pi - ln det L_k
};

// Picks a component index from weights that sum to 1 (one uniform draw).
Eigen::Index pick_component(const Eigen::VectorXd& weights, Rng& rng);

// ln sum_k exp(a_k) for each column of a (K x n), and the responsibilities softmax(a) in place.
Eigen::VectorXd log_sum_exp_columns(Eigen::MatrixXd& a_to_softmax);

}  // namespace rnnbook
