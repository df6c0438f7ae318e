#include "sampling/sampler_only_score.hpp"

#include <cmath>

#include "sampling/phi.hpp"

namespace rnnbook {

SamplerOnlyScore::SamplerOnlyScore(Eigen::Index dim, SamplerForm form, Activation phi)
    : d_(dim), form_(form), phi_(phi), theta_(Eigen::VectorXd::Zero(dim * dim + dim)) {}

void SamplerOnlyScore::initialize(double weight_scale, Rng& rng) {
  auto w = W();
  const double s = weight_scale / std::sqrt(double(d_));
  for (Eigen::Index j = 0; j < d_; ++j)
    for (Eigen::Index i = 0; i < d_; ++i) w(i, j) = s * rng.normal();
  b().setZero();
}

void SamplerOnlyScore::forward(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) {
  x_ = x;
  if (form_ == SamplerForm::firing_rate) {  // s = phi(W x + b) - x
    u_.noalias() = W() * x;
    u_.colwise() += b();
    s = u_;
    phi_in_place(phi_, s);
    s -= x;
  } else {  // s = W phi(x) + b - x
    u_ = x;
    phi_in_place(phi_, u_);
    s.noalias() = W() * u_;
    s.colwise() += b();
    s -= x;
  }
}

void SamplerOnlyScore::backward(const Eigen::Ref<const Eigen::MatrixXd>& ds, Eigen::Ref<Eigen::VectorXd> grad) {
  Eigen::Map<Eigen::MatrixXd> gw(grad.data(), d_, d_);
  Eigen::Map<Eigen::VectorXd> gb(grad.data() + d_ * d_, d_);
  if (form_ == SamplerForm::firing_rate) {  // du = ds * phi'(u); dW = du x^T; db = du 1
    work_.resize(u_.rows(), u_.cols());
    apply_dphi(phi_, u_, work_);
    work_.array() *= ds.array();
    gw.noalias() = work_ * x_.transpose();
    gb = work_.rowwise().sum();
  } else {  // dW = ds phi(x)^T; db = ds 1
    gw.noalias() = ds * u_.transpose();
    gb = ds.rowwise().sum();
  }
}

void SamplerOnlyScore::score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> s) const {
  Eigen::MatrixXd u;
  if (form_ == SamplerForm::firing_rate) {
    u.noalias() = W() * x;
    u.colwise() += b();
    s = u;
    phi_in_place(phi_, s);
    s -= x;
  } else {
    u = x;
    phi_in_place(phi_, u);
    s.noalias() = W() * u;
    s.colwise() += b();
    s -= x;
  }
}

}  // namespace rnnbook
