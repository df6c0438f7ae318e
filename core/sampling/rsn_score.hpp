#pragma once
// The score network with the reservoir-sampler network's form (SCIENCE.md 5.2):
// s(x) = -x + W1 phi(W2 x + b2), W1 d x N, W2 N x d, b2 N. theta = [W1, W2, b2], each column-major.
#include "common/rng.hpp"
#include "rnn/activation.hpp"
#include "sampling/score_model.hpp"

namespace rnnbook {

class RsnScore : public ScoreModel {
 public:
  RsnScore(Eigen::Index dim, Eigen::Index hidden, Activation phi);

  // SCIENCE.md 5.5: W2 ~ N(0, scale^2 / d), b2_j = -W2_j . c_j with centres c_j ~ U[-range, range]^d
  // (the units' switch points spread over the data), W1 ~ N(0, 1/N).
  void initialize(double weight_scale, double centre_range, Rng& rng);

  Eigen::Index dim() const override { return d_; }
  Eigen::Index hidden() const { return n_; }
  Activation activation() const { return phi_; }
  Eigen::VectorXd& parameters() override { return theta_; }
  const Eigen::VectorXd& parameters() const override { return theta_; }

  Eigen::Map<const Eigen::MatrixXd> W1() const { return {theta_.data(), d_, n_}; }
  Eigen::Map<const Eigen::MatrixXd> W2() const { return {theta_.data() + d_ * n_, n_, d_}; }
  Eigen::Map<const Eigen::VectorXd> b2() const { return {theta_.data() + 2 * d_ * n_, n_}; }
  Eigen::Map<Eigen::MatrixXd> W1() { return {theta_.data(), d_, n_}; }
  Eigen::Map<Eigen::MatrixXd> W2() { return {theta_.data() + d_ * n_, n_, d_}; }
  Eigen::Map<Eigen::VectorXd> b2() { return {theta_.data() + 2 * d_ * n_, n_}; }

  void forward(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) override;
  void backward(const Eigen::Ref<const Eigen::MatrixXd>& ds, Eigen::Ref<Eigen::VectorXd> grad) override;
  void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) const override;

 private:
  Eigen::Index d_, n_;
  Activation phi_;
  Eigen::VectorXd theta_;
  Eigen::MatrixXd x_, u_, a_, du_;  // kept by forward: input, pre-activation, phi(u); backward's work
};

}  // namespace rnnbook
