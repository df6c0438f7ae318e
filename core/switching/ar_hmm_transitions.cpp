#include "switching/ar_hmm_transitions.hpp"

#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {
namespace {

// theta_k = (R_k (D entries), r_k, P(:, k) (K entries)): logit k of a move from j at u is
// phi . theta_k with phi = (u, 1, e_j).
Eigen::VectorXd pack_transitions(const ArHmmParameters& p) {
  const Eigen::Index K = p.r.size(), D = p.R.cols(), q = D + 1 + K;
  Eigen::VectorXd th(K * q);
  for (Eigen::Index k = 0; k < K; ++k) {
    th.segment(k * q, D) = p.R.row(k).transpose();
    th(k * q + D) = p.r(k);
    th.segment(k * q + D + 1, K) = p.P.col(k);
  }
  return th;
}

void unpack_transitions(const Eigen::VectorXd& th, ArHmmParameters& p) {
  const Eigen::Index K = p.r.size(), D = p.R.cols(), q = D + 1 + K;
  for (Eigen::Index k = 0; k < K; ++k) {
    p.R.row(k) = th.segment(k * q, D).transpose();
    p.r(k) = th(k * q + D);
    p.P.col(k) = th.segment(k * q + D + 1, K);
  }
}

// Q at theta, and (if grad) its gradient and Hessian.
double transition_q(const Eigen::Ref<const Eigen::MatrixXd>& u, const Eigen::Ref<const Eigen::MatrixXd>& xi, double ridge,
                    const Eigen::VectorXd& th, Eigen::Index K, Eigen::VectorXd* grad, Eigen::MatrixXd* hess) {
  const Eigen::Index D = u.rows(), q = D + 1 + K, steps = u.cols();
  double Q = -0.5 * ridge * th.squaredNorm();
  if (grad) {
    *grad = -ridge * th;
    *hess = -ridge * Eigen::MatrixXd::Identity(K * q, K * q);
  }
  Eigen::VectorXd eta(K), prob(K), phi(q), a(K);
  Eigen::MatrixXd outer(q, q);
  for (Eigen::Index t = 0; t < steps; ++t) {
    for (Eigen::Index k = 0; k < K; ++k) a(k) = th.segment(k * q, D).dot(u.col(t)) + th(k * q + D);
    for (Eigen::Index j = 0; j < K; ++j) {
      const auto x = [&](Eigen::Index k) { return xi(j, t * K + k); };
      const double w = xi.block(j, t * K, 1, K).sum();
      if (w == 0.0) continue;
      for (Eigen::Index k = 0; k < K; ++k) eta(k) = a(k) + th(k * q + D + 1 + j);
      const double top = eta.maxCoeff();
      double sum = 0.0;
      for (Eigen::Index k = 0; k < K; ++k) sum += (prob(k) = portable::exp(eta(k) - top));
      prob /= sum;
      const double lse = top + portable::log(sum);
      for (Eigen::Index k = 0; k < K; ++k) Q += x(k) * (eta(k) - lse);
      if (!grad) continue;
      phi.setZero();
      phi.head(D) = u.col(t);
      phi(D) = 1.0;
      phi(D + 1 + j) = 1.0;
      outer.noalias() = phi * phi.transpose();
      for (Eigen::Index k = 0; k < K; ++k) {
        grad->segment(k * q, q) += (x(k) - w * prob(k)) * phi;
        for (Eigen::Index l = 0; l < K; ++l) {
          const double c = w * ((k == l ? prob(k) : 0.0) - prob(k) * prob(l));
          hess->block(k * q, l * q, q, q) -= c * outer;
        }
      }
    }
  }
  return Q;
}

void check_transition_args(const Eigen::Ref<const Eigen::MatrixXd>& u, const Eigen::Ref<const Eigen::MatrixXd>& xi, double ridge,
                           const ArHmmParameters& p) {
  const Eigen::Index K = p.r.size();
  if (!(ridge > 0.0)) throw Error("ar-hmm transitions: ridge must be > 0, got " + std::to_string(ridge));
  if (p.R.rows() != K || p.R.cols() != u.rows() || p.P.rows() != K || p.P.cols() != K || xi.rows() != K ||
      xi.cols() != K * u.cols())
    throw Error("ar-hmm transitions: sizes do not fit (K = " + std::to_string(K) + ", D = " + std::to_string(u.rows()) + ")");
}

}  // namespace

double transition_objective(const Eigen::Ref<const Eigen::MatrixXd>& u, const Eigen::Ref<const Eigen::MatrixXd>& pairwise,
                            double ridge, const ArHmmParameters& p) {
  check_transition_args(u, pairwise, ridge, p);
  return transition_q(u, pairwise, ridge, pack_transitions(p), p.r.size(), nullptr, nullptr);
}

double fit_transitions(const Eigen::Ref<const Eigen::MatrixXd>& u, const Eigen::Ref<const Eigen::MatrixXd>& pairwise,
                       double ridge, int max_newton, ArHmmParameters& p) {
  check_transition_args(u, pairwise, ridge, p);
  const Eigen::Index K = p.r.size();
  Eigen::VectorXd th = pack_transitions(p), grad, trial;
  Eigen::MatrixXd hess;
  double Q = transition_q(u, pairwise, ridge, th, K, &grad, &hess);
  for (int it = 0; it < max_newton; ++it) {
    // -hess is positive definite (the ridge), so the Newton direction ascends.
    const Eigen::VectorXd step = (-hess).ldlt().solve(grad);
    const double decrement = grad.dot(step);
    if (!(decrement > 1e-10)) break;
    double scale = 1.0, trialQ = Q;
    bool accepted = false;
    for (int half = 0; half < 40; ++half, scale *= 0.5) {
      trial = th + scale * step;
      trialQ = transition_q(u, pairwise, ridge, trial, K, nullptr, nullptr);
      if (trialQ >= Q + 1e-4 * scale * decrement) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    th = trial;
    Q = transition_q(u, pairwise, ridge, th, K, &grad, &hess);
  }
  unpack_transitions(th, p);
  return Q;
}

}  // namespace rnnbook
