#pragma once
// The reservoir-sampler network (RSN, SCIENCE.md 5.1-5.2) made from a trained score network by the
// exact transfer W_out = W1, W_rec = W2 W1, b = b2, Sigma = W_out^T (W_out W_out^T)^-1, and its
// Euler-Maruyama simulation in reservoir space:
//   h <- h + dt (-h + phi(W_rec h + b)) + sqrt(2 dt) Sigma xi,  xi ~ N(0, I_d),  x = W_out h.
// W_rec (N x N, rank <= d) is never formed: W_rec h is computed as W2 (W1 h).
#include "common/rng.hpp"
#include "sampling/rsn_score.hpp"

namespace rnnbook {

class ReservoirSampler {
 public:
  // Throws rnnbook::Error when W_out W_out^T is not invertible.
  explicit ReservoirSampler(const RsnScore& score);

  Eigen::Index dim() const { return w_out_.rows(); }
  Eigen::Index hidden() const { return w_out_.cols(); }
  const Eigen::MatrixXd& W_out() const { return w_out_; }
  const Eigen::MatrixXd& W2() const { return w2_; }
  const Eigen::VectorXd& b() const { return b_; }
  const Eigen::MatrixXd& Sigma() const { return sigma_; }  // N x d, W_out Sigma = I_d
  Activation activation() const { return phi_; }
  Eigen::MatrixXd dense_recurrent() const { return w2_ * w_out_; }  // W_rec, for tests only

  // out = -h + phi(W2 (W_out h) + b) for each column of h (N x n).
  void drift(const Eigen::Ref<const Eigen::MatrixXd>& h, Eigen::Ref<Eigen::MatrixXd> out) const;

 private:
  Eigen::MatrixXd w_out_, w2_, sigma_;
  Eigen::VectorXd b_;
  Activation phi_;
};

// Reservoir states h (N x n, one chain per column) advanced one step at a time; no allocation per step.
class ReservoirChains {
 public:
  // dt > 0 (errors name `field`); h0 finite, N x n.
  ReservoirChains(const ReservoirSampler& rsn, Eigen::MatrixXd h0, double dt, const std::string& field = "dt");

  // One step of every chain; xi is drawn column by column like LangevinChains' noise.
  void step(Rng& rng);
  const Eigen::MatrixXd& states() const { return h_; }
  void outputs(Eigen::MatrixXd& x) const { x.noalias() = rsn_.W_out() * h_; }  // x = W_out h, d x n

 private:
  static constexpr Eigen::Index kBlock = 32;  // chains per block: h and u of a block fit in L2

  const ReservoirSampler& rsn_;
  Eigen::MatrixXd h_, x_, u_, xi_;  // x_, u_: one block
  double dt_;
};

}  // namespace rnnbook
