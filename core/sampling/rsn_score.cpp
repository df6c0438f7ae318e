#include "sampling/rsn_score.hpp"

#include <cmath>

#include "sampling/phi.hpp"

namespace rnnbook {

RsnScore::RsnScore(Eigen::Index dim, Eigen::Index hidden, Activation phi)
    : d_(dim), n_(hidden), phi_(phi), theta_(Eigen::VectorXd::Zero(2 * dim * hidden + hidden)) {}

void RsnScore::initialize(double weight_scale, double centre_range, Rng& rng) {
  auto w1 = W1();
  auto w2 = W2();
  auto b = b2();
  const double s2 = weight_scale / std::sqrt(double(d_)), s1 = 1.0 / std::sqrt(double(n_));
  for (Eigen::Index j = 0; j < d_; ++j)
    for (Eigen::Index i = 0; i < n_; ++i) w2(i, j) = s2 * rng.normal();
  for (Eigen::Index i = 0; i < n_; ++i) {
    double dot = 0.0;
    for (Eigen::Index j = 0; j < d_; ++j) dot += w2(i, j) * rng.uniform(-centre_range, centre_range);
    b(i) = -dot;
  }
  for (Eigen::Index j = 0; j < n_; ++j)
    for (Eigen::Index i = 0; i < d_; ++i) w1(i, j) = s1 * rng.normal();
}

// s = -x + W1 phi(W2 x + b2) (SCIENCE.md 5.2).
void RsnScore::forward(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) {
  x_ = x;
  u_.noalias() = W2() * x;
  u_.colwise() += b2();
  a_ = u_;
  phi_in_place(phi_, a_);
  s = -x;
  s.noalias() += W1() * a_;
}

// dW1 = ds a^T, du = (W1^T ds) * phi'(u), dW2 = du x^T, db2 = du 1.
void RsnScore::backward(const Eigen::Ref<const Eigen::MatrixXd>& ds, Eigen::Ref<Eigen::VectorXd> grad) {
  Eigen::Map<Eigen::MatrixXd> g1(grad.data(), d_, n_), g2(grad.data() + d_ * n_, n_, d_);
  Eigen::Map<Eigen::VectorXd> gb(grad.data() + 2 * d_ * n_, n_);
  g1.noalias() = ds * a_.transpose();
  du_.resize(u_.rows(), u_.cols());
  if (phi_ == Activation::tanh) du_ = 1.0 - a_.array().square();  // phi' from phi: no second tanh
  else apply_dphi(phi_, u_, du_);
  du_.array() *= (W1().transpose() * ds).array();
  g2.noalias() = du_ * x_.transpose();
  gb = du_.rowwise().sum();
}

void RsnScore::score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) const {
  Eigen::MatrixXd a = W2() * x;
  a.colwise() += b2();
  phi_in_place(phi_, a);
  s = -x;
  s.noalias() += W1() * a;
}

}  // namespace rnnbook
