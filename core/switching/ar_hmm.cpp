#include "switching/ar_hmm.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "switching/concrete.hpp"

namespace rnnbook {
namespace {

constexpr double kArHmmLog2Pi = 1.8378770664093453;

// The transition logits out of every state j given u = F y_{t-1}: row j is R u + r + P(j, :).
void transition_log_matrix(const ArHmmParameters& p, const Eigen::Ref<const Eigen::VectorXd>& u, Eigen::Ref<Eigen::MatrixXd> out) {
  const Eigen::VectorXd a = p.R * u + p.r;
  for (Eigen::Index j = 0; j < p.P.rows(); ++j) {
    const Eigen::VectorXd row = a + p.P.row(j).transpose();
    out.row(j) = log_softmax(row).transpose();
  }
}

}  // namespace

void check_ar_hmm(const ArHmmModel& m) {
  const ArHmmParameters& p = m.parameters;
  const Eigen::Index K = p.r.size(), D = m.projection.rows(), N = m.projection.cols();
  const bool ok = K >= 1 && D >= 1 && N >= 1 && p.log_initial.size() == K && p.R.rows() == K && p.R.cols() == D &&
                  p.P.rows() == K && p.P.cols() == K && p.initial_means.rows() == N && p.initial_means.cols() == K &&
                  p.S.rows() == N && p.S.cols() == K * D && p.b.rows() == N && p.b.cols() == K && p.log_var.size() == N;
  if (!ok)
    throw Error("ar-hmm: the parameter blocks do not fit K = " + std::to_string(K) + ", D = " + std::to_string(D) +
                ", N = " + std::to_string(N));
}

void check_ar_hmm(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  check_ar_hmm(m);
  const Eigen::Index N = m.projection.cols();
  if (y.rows() != N || y.cols() < 1)
    throw Error("ar-hmm: y must be N x T with N = " + std::to_string(N) + ", T >= 1; got " + size_text(y.rows(), y.cols()));
  if (!y.allFinite()) throw Error("ar-hmm: y must be finite");
}

Eigen::MatrixXd ar_hmm_log_emissions(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  check_ar_hmm(m, y);
  const ArHmmParameters& p = m.parameters;
  const Eigen::Index K = m.states(), D = m.projection.rows(), T = y.cols();
  const Eigen::ArrayXd inv_var = (-p.log_var.array()).unaryExpr(&portable::exp);
  const double norm = -0.5 * (p.log_var.sum() + double(p.log_var.size()) * kArHmmLog2Pi);
  const Eigen::MatrixXd u = m.projection * y;
  Eigen::MatrixXd out(K, T);
  for (Eigen::Index k = 0; k < K; ++k) {
    out(k, 0) = norm - 0.5 * ((y.col(0) - p.initial_means.col(k)).array().square() * inv_var).sum();
    if (T < 2) continue;
    Eigen::MatrixXd mean = p.S.middleCols(k * D, D) * u.leftCols(T - 1);
    mean.colwise() += p.b.col(k);
    const Eigen::RowVectorXd q = ((y.rightCols(T - 1) - mean).array().square().colwise() * inv_var).colwise().sum();
    out.row(k).tail(T - 1) = (norm - 0.5 * q.array()).matrix();
  }
  return out;
}

Eigen::MatrixXd ar_hmm_log_transitions(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  check_ar_hmm(m, y);
  const Eigen::Index K = m.states(), T = y.cols();
  const Eigen::MatrixXd u = m.projection * y;
  Eigen::MatrixXd out(K, K * std::max<Eigen::Index>(T - 1, 0));
  for (Eigen::Index t = 0; t + 1 < T; ++t) transition_log_matrix(m.parameters, u.col(t), out.middleCols(t * K, K));
  return out;
}

double ar_hmm_path_log_probability(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y, const std::vector<int>& z) {
  check_ar_hmm(m, y);
  const ArHmmParameters& p = m.parameters;
  const Eigen::Index K = m.states(), D = m.projection.rows(), T = y.cols();
  if (Eigen::Index(z.size()) != T) throw Error("ar-hmm path: one state per step is needed");
  for (int k : z)
    if (k < 0 || k >= K) throw Error("ar-hmm path: states must be in [0, " + std::to_string(K) + ")");
  double lp = p.log_initial(z[0]);
  for (Eigen::Index t = 0; t < T; ++t) {
    const int k = z[std::size_t(t)];
    Eigen::VectorXd mean = p.initial_means.col(k);
    if (t > 0) {
      const Eigen::VectorXd u = m.projection * y.col(t - 1);
      const Eigen::VectorXd logits = p.R * u + p.r + p.P.row(z[std::size_t(t - 1)]).transpose();
      lp += logits(k) - log_sum_exp(logits);
      mean = p.S.middleCols(k * D, D) * u + p.b.col(k);
    }
    for (Eigen::Index n = 0; n < y.rows(); ++n) {
      const double r = y(n, t) - mean(n);
      lp += -0.5 * (r * r * portable::exp(-p.log_var(n)) + p.log_var(n) + kArHmmLog2Pi);
    }
  }
  return lp;
}

ArHmmPosterior ar_hmm_posterior(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y) {
  const Eigen::MatrixXd B = ar_hmm_log_emissions(m, y), A = ar_hmm_log_transitions(m, y);
  const Eigen::Index K = m.states(), T = y.cols();
  // log alpha_t(k) = log p(y_1..t, z_t = k); log beta_t(j) = log p(y_t+1..T | z_t = j, y_t).
  Eigen::MatrixXd la(K, T), lb(K, T);
  Eigen::VectorXd tmp(K);
  la.col(0) = m.parameters.log_initial + B.col(0);
  for (Eigen::Index t = 1; t < T; ++t)
    for (Eigen::Index k = 0; k < K; ++k) {
      tmp = la.col(t - 1) + A.col((t - 1) * K + k);
      la(k, t) = B(k, t) + log_sum_exp(tmp);
    }
  lb.col(T - 1).setZero();
  for (Eigen::Index t = T - 2; t >= 0; --t)
    for (Eigen::Index j = 0; j < K; ++j) {
      tmp = A.block(j, t * K, 1, K).transpose() + B.col(t + 1) + lb.col(t + 1);
      lb(j, t) = log_sum_exp(tmp);
    }
  ArHmmPosterior post;
  post.log_likelihood = log_sum_exp(la.col(T - 1));
  post.filtered.resize(K, T);
  post.smoothed.resize(K, T);
  post.pairwise.resize(K, K * (T - 1));
  for (Eigen::Index t = 0; t < T; ++t) {
    post.filtered.col(t) = log_softmax(la.col(t)).unaryExpr(&portable::exp);
    post.smoothed.col(t) = log_softmax(la.col(t) + lb.col(t)).unaryExpr(&portable::exp);
  }
  for (Eigen::Index t = 0; t + 1 < T; ++t)
    for (Eigen::Index j = 0; j < K; ++j)
      for (Eigen::Index k = 0; k < K; ++k)
        post.pairwise(j, t * K + k) =
            portable::exp(la(j, t) + A(j, t * K + k) + B(k, t + 1) + lb(k, t + 1) - post.log_likelihood);
  return post;
}

void ar_hmm_forecasts_fill(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                           const Eigen::Ref<const Eigen::MatrixXd>& filtered, int horizon, Eigen::Index from, Eigen::Index to,
                           std::vector<Eigen::MatrixXd>& out) {
  check_ar_hmm(m, y);
  const ArHmmParameters& p = m.parameters;
  const Eigen::Index K = m.states(), D = m.projection.rows(), N = y.rows(), T = y.cols();
  if (horizon < 1) throw Error("ar-hmm forecasts: horizon must be >= 1, got " + std::to_string(horizon));
  if (filtered.rows() != K || filtered.cols() != T)
    throw Error("ar-hmm forecasts: filtered marginals must be " + size_text(K, T) + ", got " + size_text(filtered.rows(), filtered.cols()));
  if (out.size() != std::size_t(horizon))
    throw Error("ar-hmm forecasts: the output must hold one N x T matrix per horizon (" + std::to_string(horizon) + ")");
  for (const auto& f : out)
    if (f.rows() != N || f.cols() != T) throw Error("ar-hmm forecasts: each output must be " + size_text(N, T));
  Eigen::MatrixXd logA(K, K);
  Eigen::VectorXd prob(K), yhat(N), u(D), next(N);
  for (Eigen::Index s = std::max<Eigen::Index>(from, 0); s < to && s + 1 < T; ++s) {
    prob = filtered.col(s);
    yhat = y.col(s);
    for (int h = 1; h <= horizon && s + h < T; ++h) {
      u.noalias() = m.projection * yhat;
      transition_log_matrix(p, u, logA);
      prob = logA.unaryExpr(&portable::exp).transpose() * prob;
      next.setZero();
      for (Eigen::Index k = 0; k < K; ++k) next += prob(k) * (p.S.middleCols(k * D, D) * u + p.b.col(k));
      yhat = next;
      out[std::size_t(h - 1)].col(s + h) = yhat;
    }
  }
}

std::vector<Eigen::MatrixXd> ar_hmm_forecasts(const ArHmmModel& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                              const Eigen::Ref<const Eigen::MatrixXd>& filtered, int horizon) {
  check_ar_hmm(m, y);
  if (horizon < 1) throw Error("ar-hmm forecasts: horizon must be >= 1, got " + std::to_string(horizon));
  std::vector<Eigen::MatrixXd> out(std::size_t(horizon), Eigen::MatrixXd::Zero(y.rows(), y.cols()));
  ar_hmm_forecasts_fill(m, y, filtered, horizon, 0, y.cols() - 1, out);
  return out;
}

}  // namespace rnnbook
