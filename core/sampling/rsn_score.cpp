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

namespace {

// out = W2 x + b2 as d outer products (d is small: a GEMM's packing would cost more than the sums).
void pre_activation(const Eigen::Ref<const Eigen::MatrixXd>& w2, const Eigen::Ref<const Eigen::VectorXd>& b2,
                    const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::MatrixXd& out) {
  out = b2.replicate(1, x.cols());
  for (Eigen::Index k = 0; k < x.rows(); ++k) out.noalias() += w2.col(k) * x.row(k);
}

}  // namespace

// s = -x + W1 phi(W2 x + b2) (SCIENCE.md 5.2). tanh needs only a = phi(u) later, the others u too.
void RsnScore::forward(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) {
  x_ = x;
  pre_activation(W2(), b2(), x, a_);
  if (phi_ != Activation::tanh) u_ = a_;
  phi_in_place(phi_, a_);
  s = -x;
  s.noalias() += W1() * a_;
}

// dW1 = ds a^T, du = (W1^T ds) * phi'(u), dW2 = du x^T, db2 = du 1.
void RsnScore::backward(const Eigen::Ref<const Eigen::MatrixXd>& ds, Eigen::Ref<Eigen::VectorXd> grad) {
  Eigen::Map<Eigen::MatrixXd> g1(grad.data(), d_, n_), g2(grad.data() + d_ * n_, n_, d_);
  Eigen::Map<Eigen::VectorXd> gb(grad.data() + 2 * d_ * n_, n_);
  g1.noalias() = ds * a_.transpose();
  du_.noalias() = W1().row(0).transpose() * ds.row(0);  // W1^T ds as d outer products
  for (Eigen::Index k = 1; k < d_; ++k) du_.noalias() += W1().row(k).transpose() * ds.row(k);
  if (phi_ == Activation::tanh) {
    du_.array() *= 1.0 - a_.array().square();  // phi' from phi: no second tanh
  } else {
    Eigen::MatrixXd dphi(u_.rows(), u_.cols());
    apply_dphi(phi_, u_, dphi);
    du_.array() *= dphi.array();
  }
  g2.noalias() = du_ * x_.transpose();
  gb = du_.rowwise().sum();
}

void RsnScore::score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) const {
  Eigen::MatrixXd a;
  pre_activation(W2(), b2(), x, a);
  phi_in_place(phi_, a);
  s = -x;
  s.noalias() += W1() * a;
}

}  // namespace rnnbook
