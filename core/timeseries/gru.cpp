#include "timeseries/gru.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

namespace {

// sigma(a) = (1 + tanh(a/2)) / 2, through the libm-free tanh kernel (the same bits in wasm).
void gru_sigmoid(Eigen::MatrixXd& a) {
  a *= 0.5;
  apply_phi(Activation::tanh, a, a);
  a = 0.5 * (a.array() + 1.0);
}

}  // namespace

GruWeights GruWeights::zeros(Eigen::Index inputs, Eigen::Index hidden) {
  return {Eigen::MatrixXd::Zero(3 * hidden, inputs), Eigen::MatrixXd::Zero(3 * hidden, hidden),
          Eigen::VectorXd::Zero(3 * hidden), Eigen::VectorXd::Zero(3 * hidden)};
}

GruWeights GruWeights::uniform(Eigen::Index inputs, Eigen::Index hidden, Rng& rng) {
  GruWeights w = zeros(inputs, hidden);
  const double bound = 1.0 / std::sqrt(double(hidden));
  Eigen::VectorXd flat(w.size());
  for (Eigen::Index i = 0; i < flat.size(); ++i) flat(i) = rng.uniform(-bound, bound);
  w.read_from(flat);
  return w;
}

void GruWeights::write_to(Eigen::Ref<Eigen::VectorXd> flat) const {
  if (flat.size() != size()) throw Error("gru: the flat vector must have " + std::to_string(size()) + " entries");
  Eigen::Index at = 0;
  for (const Eigen::MatrixXd* m : {&Wx, &Wh}) {
    flat.segment(at, m->size()) = m->reshaped();
    at += m->size();
  }
  flat.segment(at, bx.size()) = bx;
  flat.segment(at + bx.size(), bh.size()) = bh;
}

void GruWeights::read_from(const Eigen::Ref<const Eigen::VectorXd>& flat) {
  if (flat.size() != size()) throw Error("gru: the flat vector must have " + std::to_string(size()) + " entries");
  Eigen::Index at = 0;
  for (Eigen::MatrixXd* m : {&Wx, &Wh}) {
    m->reshaped() = flat.segment(at, m->size());
    at += m->size();
  }
  bx = flat.segment(at, bx.size());
  bh = flat.segment(at + bx.size(), bh.size());
}

void gru_forward(const GruWeights& w, const std::vector<Eigen::MatrixXd>& x, GruTrace& trace) {
  if (x.empty()) throw Error("gru: needs at least one input step");
  const Eigen::Index N = w.hidden(), B = x[0].cols();
  const std::size_t L = x.size();
  for (const Eigen::MatrixXd& xt : x)
    if (xt.rows() != w.inputs() || xt.cols() != B)
      throw Error("gru: every input step must be " + size_text(w.inputs(), B) + " (inputs x batch)");
  trace.h.resize(L + 1);
  trace.r.resize(L);
  trace.z.resize(L);
  trace.n.resize(L);
  trace.hn.resize(L);
  trace.h[0].setZero(N, B);
  Eigen::MatrixXd gx(3 * N, B), gh(3 * N, B);
  for (std::size_t t = 0; t < L; ++t) {
    gx.noalias() = w.Wx * x[t];
    gx.colwise() += w.bx;
    gh.noalias() = w.Wh * trace.h[t];
    gh.colwise() += w.bh;
    Eigen::MatrixXd& r = trace.r[t];
    Eigen::MatrixXd& z = trace.z[t];
    Eigen::MatrixXd& n = trace.n[t];
    r = gx.topRows(N) + gh.topRows(N);
    gru_sigmoid(r);
    z = gx.middleRows(N, N) + gh.middleRows(N, N);
    gru_sigmoid(z);
    trace.hn[t] = gh.bottomRows(N);
    n = gx.bottomRows(N) + r.cwiseProduct(trace.hn[t]);
    apply_phi(Activation::tanh, n, n);
    trace.h[t + 1] = (1.0 - z.array()) * n.array() + z.array() * trace.h[t].array();
  }
}

// Reverse of one step (delta = dL/dh_t):
//   dn = delta (1 - z),  dz = delta (h_{t-1} - n),  da_n = dn (1 - n^2),
//   da_r = da_n hn r (1 - r),  da_z = dz z (1 - z),  dhn = da_n r,
//   x-side pre-activation gradient [da_r; da_z; da_n], h-side [da_r; da_z; dhn],
//   dL/dh_{t-1} = delta z + Wh^T [da_r; da_z; dhn].
void gru_backward(const GruWeights& w, const std::vector<Eigen::MatrixXd>& x, const GruTrace& trace,
                  const Eigen::Ref<const Eigen::MatrixXd>& dh_final, GruWeights& grad) {
  const Eigen::Index N = w.hidden();
  const std::size_t L = x.size();
  if (trace.r.size() != L || dh_final.rows() != N || dh_final.cols() != trace.final_state().cols())
    throw Error("gru: the backward pass needs the forward trace of these inputs and an N x B final-state gradient");
  Eigen::MatrixXd delta = dh_final, ax(3 * N, delta.cols()), ah(3 * N, delta.cols());
  for (std::size_t s = L; s-- > 0;) {
    const auto r = trace.r[s].array(), z = trace.z[s].array(), n = trace.n[s].array();
    const auto hprev = trace.h[s].array();
    const Eigen::ArrayXXd dn = delta.array() * (1.0 - z);
    const Eigen::ArrayXXd da_n = dn * (1.0 - n * n);
    ax.topRows(N) = (da_n * trace.hn[s].array() * r * (1.0 - r)).matrix();
    ax.middleRows(N, N) = (delta.array() * (hprev - n) * z * (1.0 - z)).matrix();
    ax.bottomRows(N) = da_n.matrix();
    ah.topRows(2 * N) = ax.topRows(2 * N);
    ah.bottomRows(N) = (da_n * r).matrix();
    grad.Wx.noalias() += ax * x[s].transpose();
    grad.bx += ax.rowwise().sum();
    grad.Wh.noalias() += ah * trace.h[s].transpose();
    grad.bh += ah.rowwise().sum();
    delta.array() *= z;
    delta.noalias() += w.Wh.transpose() * ah;
  }
}

}  // namespace rnnbook
