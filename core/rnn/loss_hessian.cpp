#include "rnn/loss_hessian.hpp"

#include <cmath>
#include <utility>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "rnn/network.hpp"

// Derivation (forward-over-reverse, SCIENCE.md 6.4 "exact R-op"; 1.1-1.3 for the passes it differentiates).
// H v is the directional derivative D_v of the BPTT gradient. Write delta = D_v and v = (dW, dU, db, dC, dc).
// 1. Tangent forward pass (SCIENCE.md 1.4 extended by the W h term of each cell), delta h_0 = 0:
//      rate:    du = dW h + W dh + dU x + db,               dh' = (1-a) dh + a phi'(u) . du
//      current: du = dW phi(h) + W (phi'(h) . dh) + dU x + db, dh' = (1-a) dh + a du
//      ctrnn:   du = (1-a) dh + a (dW h + W dh + dU x + db),   dh' = phi'(u) . du
//    and dy_t = dC h_t + C dh_t + dc (h = h_{t-1}, h' = h_t).
// 2. Tangent of the loss error r_t = dL/dy_t = (m/|mask|) (y - y*) (MSE) or (m/|mask|) (p sum y* - y*)
//    with p = softmax(y) (cross-entropy): dr = (m/|mask|) dy, or (m/|mask|) sum y* (p . dy - p (p . dy)).
// 3. Tangent of the reverse pass of network.cpp, step by step from t = T down to 1, lambda_t = adjoint:
//      lambda += C^T r               ->  dlambda += dC^T r + C^T dr
//      grad C += r h_t^T, grad c += r ->  H_C += dr h_t^T + r dh_t^T,  H_c += dr
//      g = a d . lambda (rate, ctrnn; d = phi'(u))  ->  dg = a (phi''(u) . du . lambda + d . dlambda)
//      g = a lambda (current)                       ->  dg = a dlambda
//      grad W += g s^T, grad U += g x^T, grad b += g ->  H_W += dg s^T + g ds^T, H_U += dg x^T, H_b += dg
//        (s = h, ds = dh; current: s = phi(h), ds = phi'(h) . dh)
//      lambda <- A^T lambda:
//        rate:    (1-a) lambda + W^T g           ->  (1-a) dlambda + dW^T g + W^T dg
//        current: (1-a) lambda + d . (W^T g), d = phi'(h)
//                 ->  (1-a) dlambda + phi''(h) . dh . (W^T g) + d . (dW^T g + W^T dg)
//        ctrnn:   (1-a) d . lambda + W^T g
//                 ->  (1-a) (phi''(u) . du . lambda + d . dlambda) + dW^T g + W^T dg
// The undifferentiated quantities (h, u, phi', phi'', lambda, g, r, p) are stored by the constructor.

namespace rnnbook {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;

xt::xtensor<double, 3> like(std::size_t T, std::size_t B, std::size_t K) { return xt::zeros<double>({T, B, K}); }

}  // namespace

LossHessian::LossHessian(const RnnParameters& p, const Batch& batch, LossKind kind)
    : params_(p), grad_(p.shape()), batch_(batch), kind_(kind) {
  const RnnShape& s = params_.shape();
  loss_ = loss_and_gradient(params_, batch_, traj_, grad_, kind_);  // checks the widths
  const std::size_t T = batch_.steps(), B = batch_.trials(), N = std::size_t(s.hidden), O = std::size_t(s.outputs);
  const double a = s.leak;
  const bool current = s.cell == CellKind::current;
  d1_ = like(T, B, N);
  d2_ = like(T, B, N);
  lambda_ = like(T, B, N);
  g_ = like(T, B, N);
  dy_ = like(T, B, O);
  if (current) site_ = like(T, B, N);
  if (kind_ == LossKind::cross_entropy) prob_ = like(T, B, O);
  weight_ = xt::zeros<double>({T, B});
  const double count = mask_count(batch_);
  if (count == 0.0) return;

  const auto W = params_.W(), C = params_.C();
  const Index n = Index(N), nb = Index(B);
  MatrixXd lambda = MatrixXd::Zero(n, nb), tmp(n, nb);
  double unused = 0.0;
  for (std::size_t t = T; t-- > 0;) {
    auto dy = step_block(dy_, t);
    output_error(step_block(traj_.y, t), batch_, t, kind_, count, dy, &unused);
    const auto target = step_block(batch_.y, t);
    for (std::size_t b = 0; b < B; ++b) {
      const double w = batch_.mask(t, b) / count;
      weight_(t, b) = kind_ == LossKind::mse ? w : w * target.col(Index(b)).sum();
    }
    if (kind_ == LossKind::cross_entropy) {
      const auto y = step_block(traj_.y, t);
      auto p = step_block(prob_, t);
      for (Index b = 0; b < Index(B); ++b) {
        const double top = y.col(b).maxCoeff();
        p.col(b) = (y.col(b).array() - top).unaryExpr(&portable::exp).matrix();
        p.col(b) /= p.col(b).sum();
      }
    }
    lambda.noalias() += C.transpose() * dy;
    const auto arg = current ? step_block(traj_.h, t) : step_block(traj_.u, t);
    auto d1 = step_block(d1_, t);
    apply_dphi(s.activation, arg, d1);
    apply_d2phi(s.activation, arg, step_block(d2_, t));
    if (current) apply_phi(s.activation, step_block(traj_.h, t), step_block(site_, t));
    step_block(lambda_, t) = lambda;
    auto g = step_block(g_, t);
    if (current) g = a * lambda;
    else g = a * d1.cwiseProduct(lambda);
    switch (s.cell) {
      case CellKind::rate:
        lambda *= (1.0 - a);
        lambda.noalias() += W.transpose() * g;
        break;
      case CellKind::current:
        tmp.noalias() = W.transpose() * g;
        lambda = (1.0 - a) * lambda + d1.cwiseProduct(tmp);
        break;
      case CellKind::ctrnn:
        lambda = (1.0 - a) * d1.cwiseProduct(lambda);
        lambda.noalias() += W.transpose() * g;
        break;
    }
  }
}

void LossHessian::apply(const RnnParameters& v, RnnParameters& Hv) const {
  const RnnShape& s = params_.shape();
  const auto same = [&](const RnnShape& o) {
    return o.hidden == s.hidden && o.inputs == s.inputs && o.outputs == s.outputs;
  };
  if (!same(v.shape()) || !same(Hv.shape()))
    throw Error("LossHessian::apply: v and Hv must have the network's shape (N, I, O) = (" +
                std::to_string(s.hidden) + ", " + std::to_string(s.inputs) + ", " + std::to_string(s.outputs) + ")");
  Hv.flat().setZero();
  const double count = mask_count(batch_);
  if (count == 0.0) return;
  const std::size_t T = batch_.steps(), B = batch_.trials();
  const Index N = s.hidden, O = s.outputs, Bi = Index(B);
  const double a = s.leak;
  const bool current = s.cell == CellKind::current;
  const auto W = params_.W(), C = params_.C();
  const auto vW = v.W(), vU = v.U(), vC = v.C();
  const auto vb = v.b().col(0), vc = v.c().col(0);
  auto HW = Hv.W(), HU = Hv.U(), Hb = Hv.b(), HC = Hv.C(), Hc = Hv.c();

  // 1. Tangent forward pass: dh (T+1, B, N) and du (T, B, N).
  xt::xtensor<double, 3> dh = like(T + 1, B, std::size_t(N)), du = like(T, B, std::size_t(N));
  MatrixXd tmp(N, Bi);
  for (std::size_t t = 0; t < T; ++t) {
    const auto h = step_block(traj_.h, t), x = step_block(batch_.x, t);
    const auto dhp = step_block(std::as_const(dh), t);
    const auto d1 = step_block(d1_, t);
    auto u = step_block(du, t);
    auto hn = step_block(dh, t + 1);
    if (current) {
      u.noalias() = vW * step_block(site_, t);
      tmp = d1.cwiseProduct(dhp);
      u.noalias() += W * tmp;
    } else {
      u.noalias() = vW * h;
      u.noalias() += W * dhp;
    }
    u.noalias() += vU * x;
    if (s.bias) u.colwise() += vb;
    switch (s.cell) {
      case CellKind::rate: hn = (1.0 - a) * dhp + a * d1.cwiseProduct(u); break;
      case CellKind::current: hn = (1.0 - a) * dhp + a * u; break;
      case CellKind::ctrnn:
        u = (1.0 - a) * dhp + a * u;
        hn = d1.cwiseProduct(u);
        break;
    }
  }

  // 2-3. Tangent of the loss error and of the reverse pass.
  MatrixXd dl = MatrixXd::Zero(N, Bi), dg(N, Bi), dd(N, Bi), ds(N, Bi), wg(N, Bi);
  MatrixXd dyt(O, Bi), dr(O, Bi);
  for (std::size_t t = T; t-- > 0;) {
    const auto h = step_block(traj_.h, t + 1), dht = step_block(std::as_const(dh), t + 1);
    const auto r = step_block(dy_, t);
    dyt.noalias() = vC * h;
    dyt.noalias() += C * dht;
    dyt.colwise() += vc;
    for (Index b = 0; b < Bi; ++b) {
      const double w = weight_(t, std::size_t(b));
      if (kind_ == LossKind::mse) {
        dr.col(b) = w * dyt.col(b);
      } else {
        const auto p = step_block(prob_, t).col(b);
        dr.col(b) = w * (p.cwiseProduct(dyt.col(b)) - p * p.dot(dyt.col(b)));
      }
    }
    HC.noalias() += dr * h.transpose();
    HC.noalias() += r * dht.transpose();
    Hc.col(0) += dr.rowwise().sum();
    dl.noalias() += vC.transpose() * r;
    dl.noalias() += C.transpose() * dr;

    const auto lambda = step_block(lambda_, t), g = step_block(g_, t);
    const auto d1 = step_block(d1_, t), d2 = step_block(d2_, t);
    const auto hp = step_block(traj_.h, t), dhp = step_block(std::as_const(dh), t);
    if (current) {
      dg = a * dl;
      ds = d1.cwiseProduct(dhp);
      HW.noalias() += dg * step_block(site_, t).transpose();
      HW.noalias() += g * ds.transpose();
    } else {
      dd = d2.cwiseProduct(step_block(std::as_const(du), t));  // delta phi'(u)
      dg = a * (dd.cwiseProduct(lambda) + d1.cwiseProduct(dl));
      HW.noalias() += dg * hp.transpose();
      HW.noalias() += g * dhp.transpose();
    }
    HU.noalias() += dg * step_block(batch_.x, t).transpose();
    if (s.bias) Hb.col(0) += dg.rowwise().sum();
    if (t == 0) break;

    switch (s.cell) {
      case CellKind::rate:
        dl *= (1.0 - a);
        dl.noalias() += vW.transpose() * g;
        dl.noalias() += W.transpose() * dg;
        break;
      case CellKind::current:
        wg.noalias() = W.transpose() * g;
        tmp.noalias() = vW.transpose() * g;
        tmp.noalias() += W.transpose() * dg;
        dl = (1.0 - a) * dl + d2.cwiseProduct(dhp).cwiseProduct(wg) + d1.cwiseProduct(tmp);
        break;
      case CellKind::ctrnn:
        dl = (1.0 - a) * (dd.cwiseProduct(lambda) + d1.cwiseProduct(dl));
        dl.noalias() += vW.transpose() * g;
        dl.noalias() += W.transpose() * dg;
        break;
    }
  }
}

}  // namespace rnnbook
