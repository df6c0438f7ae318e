#include "sampling/reservoir_sampler.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "sampling/langevin.hpp"
#include "sampling/phi.hpp"

namespace rnnbook {

// SCIENCE.md 5.2: with these weights d(W_out h) = (-x + W1 phi(W2 x + b2)) dt + sqrt(2) dB, so the
// output x runs Langevin dynamics on the learned score.
ReservoirSampler::ReservoirSampler(const RsnScore& score)
    : w_out_(score.W1()), w2_(score.W2()), b_(score.b2()), phi_(score.activation()) {
  const Eigen::MatrixXd gram = w_out_ * w_out_.transpose();
  const Eigen::LLT<Eigen::MatrixXd> llt(gram);
  if (llt.info() != Eigen::Success || !(llt.matrixL().toDenseMatrix().diagonal().minCoeff() > 0.0))
    throw Error("model: W_out W_out^T is not invertible (the readout W1 has rank below d); the network cannot sample");
  sigma_ = llt.solve(w_out_).transpose();  // (W W^T)^-1 W, transposed: W^T (W W^T)^-1
}

void ReservoirSampler::drift(const Eigen::Ref<const Eigen::MatrixXd>& h, Eigen::Ref<Eigen::MatrixXd> out) const {
  const Eigen::MatrixXd x = w_out_ * h;
  out.noalias() = w2_ * x;
  out.colwise() += b_;
  phi_in_place(phi_, out);
  out -= h;
}

ReservoirChains::ReservoirChains(const ReservoirSampler& rsn, Eigen::MatrixXd h0, double dt, const std::string& field)
    : rsn_(rsn), h_(std::move(h0)), dt_(dt) {
  check_step_size(dt, field);
  if (h_.rows() != rsn.hidden()) throw Error("reservoir: h0 must have one row per unit");
  if (!h_.allFinite()) throw Error("reservoir: h0 must be finite");
  x_.resize(rsn.dim(), kBlock);
  u_.resize(rsn.hidden(), kBlock);
  xi_.resize(rsn.dim(), h_.cols());
}

// h <- (1 - dt) h + dt phi(W2 (W_out h) + b) + sqrt(2 dt) Sigma xi, a block of chains at a time so
// that the block's h and pre-activations stay in cache; the inner dimension d is small, so the
// products with W2 and Sigma are d outer products.
void ReservoirChains::step(Rng& rng) {
  fill_normal(xi_, rng);  // all draws first: the same order as LangevinChains
  const double noise = std::sqrt(2.0 * dt_);
  const Eigen::Index d = rsn_.dim(), n = h_.cols();
  for (Eigen::Index j0 = 0; j0 < n; j0 += kBlock) {
    const Eigen::Index nb = std::min(kBlock, n - j0);
    auto h = h_.middleCols(j0, nb);
    auto x = x_.leftCols(nb);
    auto u = u_.leftCols(nb);
    x.noalias() = rsn_.W_out() * h;
    u = rsn_.b().replicate(1, nb);
    for (Eigen::Index k = 0; k < d; ++k) u.noalias() += rsn_.W2().col(k) * x.row(k);
    phi_in_place(rsn_.activation(), u);
    h = (1.0 - dt_) * h + dt_ * u;
    for (Eigen::Index k = 0; k < d; ++k) h.noalias() += rsn_.Sigma().col(k) * (noise * xi_.block(k, j0, 1, nb));
  }
}

}  // namespace rnnbook
