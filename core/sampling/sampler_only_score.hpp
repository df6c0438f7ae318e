#pragma once
// Sampler-only networks (SCIENCE.md 5.1): the d units are the samples themselves, so the drift is
// the score. Firing-rate form s(x) = phi(W x + b) - x; synaptic-current form s(x) = W phi(x) + b - x.
// W is d x d, b has d entries; theta = [W (column-major), b].
#include "common/rng.hpp"
#include "rnn/activation.hpp"
#include "sampling/score_model.hpp"

namespace rnnbook {

enum class SamplerForm { firing_rate, synaptic_current };

class SamplerOnlyScore : public ScoreModel {
 public:
  SamplerOnlyScore(Eigen::Index dim, SamplerForm form, Activation phi);

  // W ~ N(0, scale^2 / d), b = 0.
  void initialize(double weight_scale, Rng& rng);

  Eigen::Index dim() const override { return d_; }
  SamplerForm form() const { return form_; }
  Eigen::VectorXd& parameters() override { return theta_; }
  const Eigen::VectorXd& parameters() const override { return theta_; }
  Eigen::Map<const Eigen::MatrixXd> W() const { return {theta_.data(), d_, d_}; }
  Eigen::Map<const Eigen::VectorXd> b() const { return {theta_.data() + d_ * d_, d_}; }
  Eigen::Map<Eigen::MatrixXd> W() { return {theta_.data(), d_, d_}; }
  Eigen::Map<Eigen::VectorXd> b() { return {theta_.data() + d_ * d_, d_}; }

  void forward(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) override;
  void backward(const Eigen::Ref<const Eigen::MatrixXd>& ds, Eigen::Ref<Eigen::VectorXd> grad) override;
  void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) const override;

 private:
  Eigen::Index d_;
  SamplerForm form_;
  Activation phi_;
  Eigen::VectorXd theta_;
  Eigen::MatrixXd x_, u_, work_;  // kept by forward: x; W x + b (firing rate) or phi(x) (synaptic)
};

}  // namespace rnnbook
