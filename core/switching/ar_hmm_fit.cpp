#include "switching/ar_hmm_fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "switching/ar_hmm_transitions.hpp"
#include "switching/kmeans.hpp"

namespace rnnbook {

void check_ar_hmm_fit_settings(const ArHmmFitSettings& s) {
  if (s.states < 1) throw Error("ar-hmm fit: states must be >= 1, got " + std::to_string(s.states));
  if (s.max_iterations < 0) throw Error("ar-hmm fit: max_iterations must be >= 0, got " + std::to_string(s.max_iterations));
  if (!(s.tolerance >= 0.0)) throw Error("ar-hmm fit: tolerance must be >= 0, got " + std::to_string(s.tolerance));
  if (s.kmeans_restarts < 1) throw Error("ar-hmm fit: kmeans_restarts must be >= 1, got " + std::to_string(s.kmeans_restarts));
  if (!(s.transition_ridge > 0.0) || !std::isfinite(s.transition_ridge))
    throw Error("ar-hmm fit: transition_ridge must be > 0 and finite, got " + std::to_string(s.transition_ridge));
  if (s.newton_iterations < 1) throw Error("ar-hmm fit: newton_iterations must be >= 1, got " + std::to_string(s.newton_iterations));
}

double ar_hmm_transition_penalty(const ArHmmParameters& p, double ridge) {
  return 0.5 * ridge * (p.R.squaredNorm() + p.r.squaredNorm() + p.P.squaredNorm());
}

void ar_hmm_m_step(const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::MatrixXd>& gamma,
                   const Eigen::Ref<const Eigen::MatrixXd>& xi, const ArHmmFitSettings& settings, ArHmmModel& m) {
  check_ar_hmm(m, y);
  ArHmmParameters& p = m.parameters;
  const Eigen::Index K = m.states(), D = m.projection.rows(), N = y.rows(), T = y.cols();
  if (gamma.rows() != K || gamma.cols() != T || xi.rows() != K || xi.cols() != K * (T - 1))
    throw Error("ar-hmm m-step: the posterior weights must be K x T and K x (K (T-1))");
  const Eigen::MatrixXd u = m.projection * y;
  // pi = p(z_1 | y).
  p.log_initial = gamma.col(0).unaryExpr(&portable::log);
  // mu0_k: the weighted mean of the single point y_1.
  p.initial_means = y.col(0).replicate(1, K);
  // (S_k, b_k): weighted least squares of y_t on (u_{t-1}, 1) with weights gamma_tk. The shared
  // diagonal sigma^2 does not change the solution (it weighs whole rows).
  Eigen::MatrixXd X(D + 1, T - 1);
  X.topRows(D) = u.leftCols(T - 1);
  X.row(D).setOnes();
  for (Eigen::Index k = 0; k < K; ++k) {
    const Eigen::RowVectorXd w = gamma.row(k).tail(T - 1);
    if (w.sum() < 1e-8) continue;
    const Eigen::MatrixXd Xw = X.array().rowwise() * w.array();
    const Eigen::MatrixXd G = Xw * X.transpose();
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(G);
    if (ldlt.info() != Eigen::Success || !(ldlt.vectorD().minCoeff() > 1e-12 * G.trace())) continue;
    const Eigen::MatrixXd coef = ldlt.solve(Xw * y.rightCols(T - 1).transpose()).transpose();  // N x (D+1)
    p.S.middleCols(k * D, D) = coef.leftCols(D);
    p.b.col(k) = coef.col(D);
  }
  // sigma^2_n = (1/T) sum_t sum_k gamma_tk (y_tn - mu_tkn)^2 at the new maps.
  Eigen::VectorXd sq = Eigen::VectorXd::Zero(N);
  for (Eigen::Index k = 0; k < K; ++k) {
    sq += gamma(k, 0) * (y.col(0) - p.initial_means.col(k)).cwiseAbs2();
    if (T < 2) continue;
    Eigen::MatrixXd r = y.rightCols(T - 1) - p.S.middleCols(k * D, D) * u.leftCols(T - 1);
    r.colwise() -= p.b.col(k);
    sq += (r.array().square().rowwise() * gamma.row(k).tail(T - 1).array()).rowwise().sum().matrix();
  }
  p.log_var = (sq / double(T)).cwiseMax(1e-12).unaryExpr(&portable::log);
  // (R, r, P): the concave transition regression.
  if (T >= 2) fit_transitions(u.leftCols(T - 1), xi, settings.transition_ridge, settings.newton_iterations, p);
}

ArHmmFitter::ArHmmFitter(const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::MatrixXd>& projection,
                         const ArHmmFitSettings& settings, Rng& rng)
    : s_((check_ar_hmm_fit_settings(settings), settings)), y_(y) {
  const Eigen::Index K = s_.states, N = y.rows(), T = y.cols(), D = projection.rows();
  if (T < K + 1) throw Error("ar-hmm fit: the series needs at least states + 1 = " + std::to_string(K + 1) + " steps, got " + std::to_string(T));
  if (projection.cols() != N || D < 1)
    throw Error("ar-hmm fit: the projection must be D x N with N = " + std::to_string(N) + ", got " + size_text(projection.rows(), projection.cols()));
  if (!y.allFinite()) throw Error("ar-hmm fit: y must be finite");
  ArHmmParameters& p = model_.parameters;
  model_.projection = projection;
  p.log_initial = Eigen::VectorXd::Zero(K);
  p.R = Eigen::MatrixXd::Zero(K, D);
  p.r = Eigen::VectorXd::Zero(K);
  p.P = Eigen::MatrixXd::Zero(K, K);
  p.initial_means = Eigen::MatrixXd::Zero(N, K);
  p.S = Eigen::MatrixXd::Zero(N, K * D);
  p.b = Eigen::MatrixXd::Zero(N, K);
  p.log_var = Eigen::VectorXd::Zero(N);
  // The start: k-means on the increments, step 1 labelled like step 2, then one M-step.
  const KMeansResult km = kmeans(y.rightCols(T - 1) - y.leftCols(T - 1), K, s_.kmeans_restarts, rng);
  initial_labels_.assign(1, km.labels[0]);
  initial_labels_.insert(initial_labels_.end(), km.labels.begin(), km.labels.end());
  Eigen::MatrixXd gamma = Eigen::MatrixXd::Zero(K, T), xi = Eigen::MatrixXd::Zero(K, K * (T - 1));
  for (Eigen::Index t = 0; t < T; ++t) gamma(initial_labels_[std::size_t(t)], t) = 1.0;
  for (Eigen::Index t = 0; t + 1 < T; ++t) xi(initial_labels_[std::size_t(t)], t * K + initial_labels_[std::size_t(t + 1)]) = 1.0;
  ar_hmm_m_step(y_, gamma, xi, s_, model_);
}

void ArHmmFitter::run(int iterations) {
  for (int n = 0; n < iterations && !done(); ++n) {
    const ArHmmPosterior post = ar_hmm_posterior(model_, y_);
    log_likelihood_.push_back(post.log_likelihood);
    objective_.push_back(post.log_likelihood - ar_hmm_transition_penalty(model_.parameters, s_.transition_ridge));
    const std::size_t L = objective_.size();
    if (L >= 2 && objective_[L - 1] - objective_[L - 2] < s_.tolerance * double(y_.cols())) {
      converged_ = true;
      break;
    }
    ar_hmm_m_step(y_, post.smoothed, post.pairwise, s_, model_);
    ++iteration_;
  }
}

}  // namespace rnnbook
