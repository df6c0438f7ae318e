#include "switching/gdm_elbo.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/progress.hpp"
#include "switching/concrete.hpp"
#include "switching/gdm_posterior_input.hpp"

namespace rnnbook {
namespace {

constexpr double kGdmLog2Pi = 1.8378770664093453;
constexpr double kGdmEntropyEps = 1e-8;  // the authors' H(p) = -sum p log(p + 1e-8)

// Steps whose softmaxes are computed together: long enough for exp_each / log_each to run in
// pairs, short enough that the workspace stays small for any T.
constexpr Eigen::Index kSoftmaxBlock = 256;

// The softmax of each of the n columns of the K x n array a, in place, and its log-sum-exp in
// lse[j] (top: n doubles of scratch). Per column these are the operations of one softmax with
// max subtraction (sum in k order, lse = max + log(sum)); exp_each and log_each give the scalar
// functions' bits, so batching them over columns changes no result.
void softmax_columns(double* a, Eigen::Index K, Eigen::Index n, double* lse, double* top) {
  for (Eigen::Index j = 0; j < n; ++j) {
    double* s = a + j * K;
    double m = s[0];
    for (Eigen::Index k = 1; k < K; ++k) m = std::max(m, s[k]);
    for (Eigen::Index k = 0; k < K; ++k) s[k] -= m;
    top[j] = m;
  }
  portable::exp_each(a, a, K * n);
  for (Eigen::Index j = 0; j < n; ++j) {
    double* s = a + j * K;
    double sum = 0.0;
    for (Eigen::Index k = 0; k < K; ++k) sum += s[k];
    for (Eigen::Index k = 0; k < K; ++k) s[k] /= sum;
    lse[j] = sum;
  }
  portable::log_each(lse, lse, n);
  for (Eigen::Index j = 0; j < n; ++j) lse[j] = top[j] + lse[j];
}

// The columns t K + k of an N x (K T) matrix for t = 1..T-1: the per-state slice paired with u_{t-1}.
Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>> stride_view(Eigen::MatrixXd& a, Eigen::Index K, Eigen::Index k,
                                                                 Eigen::Index T) {
  return {T > 1 ? a.data() + (K + k) * a.rows() : a.data(), a.rows(), T - 1, Eigen::OuterStride<>(K * a.rows())};
}

}  // namespace

GumbelNoise draw_gumbel_noise(Eigen::Index states, Eigen::Index steps, Eigen::Index samples, Rng& rng) {
  GumbelNoise n;
  n.samples = samples;
  n.steps = steps;
  n.g.resize(states, steps * samples);
  draw_gumbel(rng, n.g.data(), n.g.size());  // column by column, as before
  return n;
}

GdmElbo::GdmElbo(const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::MatrixXd>& projection,
                 double tau, bool entropy_bonus)
    : y_(y), tau_(tau), entropy_bonus_(entropy_bonus) {
  if (y.cols() < 1 || y.rows() < 1) throw Error("gdm elbo: y must be N x T with N, T >= 1, got " + size_text(y.rows(), y.cols()));
  if (projection.cols() != y.rows() || projection.rows() < 1)
    throw Error("gdm elbo: projection must be D x N with N = " + std::to_string(y.rows()) + ", got " +
                size_text(projection.rows(), projection.cols()));
  if (!(tau > 0.0) || !std::isfinite(tau)) throw Error("gdm elbo: tau must be > 0 and finite, got " + std::to_string(tau));
  if (!y.allFinite()) throw Error("gdm elbo: y must be finite");
  u_ = projection * y;
}

const Eigen::MatrixXd& GdmElbo::posterior_input(GdmPosteriorInput input) {
  if (input == GdmPosteriorInput::observation) return y_;
  if (increment_input_.cols() != y_.cols()) increment_input_ = gdm_posterior_input(input, y_);
  return increment_input_;
}

double GdmElbo::evaluate(const GdmParameters& p, const GumbelNoise& noise, GdmParameters* gradient) {
  const GdmShape& sh = p.shape();
  const Eigen::Index N = sh.observations, K = sh.states, D = sh.projection, T = y_.cols(), M = noise.samples;
  if (N != y_.rows() || D != u_.rows())
    throw Error("gdm elbo: parameters are for N = " + std::to_string(N) + ", D = " + std::to_string(D) +
                "; the data have N = " + std::to_string(y_.rows()) + ", D = " + std::to_string(u_.rows()));
  if (M < 1 || noise.steps != T || noise.g.rows() != K || noise.g.cols() != M * T)
    throw Error("gdm elbo: the noise must be K x (M T) with K = " + std::to_string(K) + ", T = " + std::to_string(T) +
                ", M >= 1; got " + size_text(noise.g.rows(), noise.g.cols()));
  if (gradient && (gradient->shape().observations != N || gradient->shape().states != K || gradient->shape().projection != D ||
                   gradient->shape().posterior != sh.posterior))
    throw Error("gdm elbo: the gradient must have the parameters' shape");
  const Eigen::MatrixXd& input = posterior_input(sh.posterior);

  const double tau = tau_, gamma = p.gamma(), dK = double(K);
  const Eigen::VectorXd inv_var = (-p.log_var().array()).unaryExpr(&portable::exp).matrix();

  // Everything that does not depend on the sample: lambda_t = W x_t + c, h_t = R u_t + r (the
  // logits of step t+1 before stickiness) and the K candidate means mu_tk (SCIENCE.md 12.1).
  lambda_.noalias() = p.W() * input;
  lambda_.colwise() += p.c().col(0);
  h_.noalias() = p.R() * u_.leftCols(T - 1);
  h_.colwise() += p.r().col(0);
  // mu_(:, t K + k) = mu_tk: one product for all k, then the offsets.
  mu_.resize(N, K * T);
  mu_.leftCols(K) = p.initial_means();
  for (Eigen::Index t = 1; t < T; ++t) {
    for (Eigen::Index k = 0; k < K; ++k) mu_.col(t * K + k) = p.b().col(k);
  }
  for (Eigen::Index k = 0; k < K; ++k)
    stride_view(mu_, K, k, T).noalias() += p.S().middleCols(k * D, D) * u_.leftCols(T - 1);

  // Pass 1: the samples z = softmax(a), a = (lambda + g) / tau, with v = log z = log_softmax(a),
  // a block of columns at a time.
  v_.resize(K, M * T);
  z_.resize(K, M * T);
  scalars_.resize(kSoftmaxBlock, 5);
  double* lse = scalars_.col(0).data();
  double* top = scalars_.col(2).data();
  for (Eigen::Index c0 = 0; c0 < M * T; c0 += kSoftmaxBlock) {
    const Eigen::Index n = std::min(kSoftmaxBlock, M * T - c0);
    for (Eigen::Index col = c0; col < c0 + n; ++col) {
      const Eigen::Index t = col % T;
      double* v = v_.col(col).data();
      const double* g = noise.g.col(col).data();
      for (Eigen::Index k = 0; k < K; ++k) v[k] = (lambda_(k, t) + g[k]) / tau;
    }
    z_.middleCols(c0, n) = v_.middleCols(c0, n);
    softmax_columns(z_.col(c0).data(), K, n, lse, top);
    for (Eigen::Index j = 0; j < n; ++j) {
      double* v = v_.col(c0 + j).data();
      for (Eigen::Index k = 0; k < K; ++k) v[k] -= lse[j];
    }
  }

  // The entropy bonus H(zbar) and its gradient per sample (the 1/(M T) of zbar, times M for the
  // average over samples taken at the end).
  Eigen::VectorXd hz = Eigen::VectorXd::Zero(K);
  double entropy = 0.0;
  if (entropy_bonus_) {
    const Eigen::VectorXd zbar = z_.rowwise().sum() / double(M * T);
    for (Eigen::Index k = 0; k < K; ++k) {
      const double lp = portable::log(zbar(k) + kGdmEntropyEps);
      entropy -= zbar(k) * lp;
      hz(k) = (-lp - zbar(k) / (zbar(k) + kGdmEntropyEps)) / double(T);
    }
  }

  // Pass 2, backwards in t per sample: value and the gradient of SCIENCE.md 12.2.
  dl_.setZero(K, T);
  dlambda_.setZero(K, T);
  ez_sum_.setZero(N, K * T);
  double value = 0.0, dgamma = 0.0;
  Eigen::VectorXd dvar = Eigen::VectorXd::Zero(N);
  work_.resize(K, 5);
  double* l = work_.col(0).data();
  double* dl_next = work_.col(1).data();
  double* dl_t = work_.col(2).data();
  double* gz = work_.col(3).data();
  double* x = work_.col(4).data();
  soft_.resize(K, 2 * kSoftmaxBlock);
  double* lse_p = scalars_.col(0).data();
  double* lse_q = scalars_.col(1).data();
  double* term = scalars_.col(3).data();
  double* sum_lam = scalars_.col(4).data();
  Eigen::VectorXd mean(N), res(N), e(N);
  for (Eigen::Index m = 0; m < M; ++m) {
    for (Eigen::Index t1 = T; t1 > 0; t1 -= kSoftmaxBlock) {
      report_progress(double(m * T + T - t1) / double(M * T));  // pass 2 is most of an evaluation
      // log p(z_t | .) - log q(z_t | y_t) for the block's steps t0..t1-1 (the Jacobian terms cancel:
      // same tau, same point); only the gradient below runs backwards step by step.
      const Eigen::Index t0 = std::max<Eigen::Index>(0, t1 - kSoftmaxBlock), n = t1 - t0;
      double* sp_block = soft_.data();
      double* sq_block = soft_.col(kSoftmaxBlock).data();
      double* sum_l = term;  // becomes the value term once the log-sum-exps are known
      for (Eigen::Index t = t0; t < t1; ++t) {
        const Eigen::Index col = m * T + t;
        const double* v = v_.col(col).data();
        const double* lam = lambda_.col(t).data();
        if (t == 0) {
          for (Eigen::Index k = 0; k < K; ++k) l[k] = p.initial_logits()(k, 0);
        } else {
          const double* zp = z_.col(col - 1).data();
          const double* h = h_.col(t - 1).data();
          for (Eigen::Index k = 0; k < K; ++k) l[k] = (1.0 - gamma) * h[k] + gamma * zp[k];
        }
        double* xp = sp_block + (t - t0) * K;
        double* xq = sq_block + (t - t0) * K;
        double sl = 0.0, slam = 0.0;
        for (Eigen::Index k = 0; k < K; ++k) xp[k] = l[k] - tau * v[k], sl += l[k];
        for (Eigen::Index k = 0; k < K; ++k) xq[k] = lam[k] - tau * v[k], slam += lam[k];
        sum_l[t - t0] = sl;
        sum_lam[t - t0] = slam;
      }
      softmax_columns(sp_block, K, n, lse_p, top);
      softmax_columns(sq_block, K, n, lse_q, top);
      for (Eigen::Index j = 0; j < n; ++j) term[j] = sum_l[j] - dK * lse_p[j] - sum_lam[j] + dK * lse_q[j];
      for (Eigen::Index t = t1 - 1; t >= t0; --t) {
        const Eigen::Index col = m * T + t;
        const double* z = z_.col(col).data();
        const double* sp = sp_block + (t - t0) * K;
        const double* sq = sq_block + (t - t0) * K;
        value += term[t - t0];
        // log p(y_t | z_t), without its constant (added once below).
        mean.noalias() = mu_.middleCols(t * K, K) * Eigen::Map<const Eigen::VectorXd>(z, K);
        res = y_.col(t) - mean;
        e = res.cwiseProduct(inv_var);
        value -= 0.5 * res.dot(e);
        if (!gradient) continue;
        dvar += res.cwiseProduct(e);
        Eigen::Map<Eigen::VectorXd>(gz, K).noalias() = mu_.middleCols(t * K, K).transpose() * e;
        double sum_gv = 0.0, dg = 0.0;
        for (Eigen::Index k = 0; k < K; ++k) {
          dl_t[k] = 1.0 - dK * sp[k];
          if (t + 1 < T) gz[k] += gamma * dl_next[k];
          gz[k] += hz(k);
          x[k] = dK * tau * (sp[k] - sq[k]) + z[k] * gz[k];  // d/dv
          sum_gv += x[k];
        }
        double* dlam = dlambda_.col(t).data();
        double* dlt = dl_.col(t).data();
        for (Eigen::Index k = 0; k < K; ++k) {
          dlam[k] += (x[k] - z[k] * sum_gv) / tau - (1.0 - dK * sq[k]);  // through a, then the direct q term
          dlt[k] += dl_t[k];
          dl_next[k] = dl_t[k];
        }
        if (t > 0) {
          const double* zp = z_.col(col - 1).data();
          const double* h = h_.col(t - 1).data();
          for (Eigen::Index k = 0; k < K; ++k) dg += dl_t[k] * (zp[k] - h[k]);
          dgamma += dg;
        }
        ez_sum_.middleCols(t * K, K).noalias() += e * Eigen::Map<const Eigen::RowVectorXd>(z, K);
      }
    }
  }
  const double invM = 1.0 / double(M);
  value = value * invM + entropy - 0.5 * double(T) * (p.log_var().sum() + double(N) * kGdmLog2Pi);
  if (!gradient) return value;

  GdmParameters& g = *gradient;
  dl_ *= invM;
  dlambda_ *= invM;
  const auto dl_next_steps = dl_.rightCols(T - 1);  // dl_t for t >= 2 pairs with u_{t-1}
  g.R().noalias() = (1.0 - gamma) * dl_next_steps * u_.leftCols(T - 1).transpose();
  g.r() = (1.0 - gamma) * dl_next_steps.rowwise().sum();
  g.gamma() = dgamma * invM;
  g.initial_logits() = dl_.col(0);
  ez_sum_ *= invM;
  g.initial_means() = ez_sum_.leftCols(K);
  for (Eigen::Index k = 0; k < K; ++k) {
    g.S().middleCols(k * D, D).noalias() = stride_view(ez_sum_, K, k, T) * u_.leftCols(T - 1).transpose();
    g.b().col(k) = stride_view(ez_sum_, K, k, T).rowwise().sum();
  }
  g.log_var() = 0.5 * (dvar * invM - double(T) * Eigen::VectorXd::Ones(N));
  g.W().noalias() = dlambda_ * input.transpose();
  g.c() = dlambda_.rowwise().sum();
  return value;
}

}  // namespace rnnbook
