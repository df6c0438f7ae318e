#pragma once
// The transition M-step of the hard-switching baseline (SCIENCE.md 12.5): a weighted multinomial
// logistic regression, concave, maximised by Newton's method with backtracking. A small ridge on
// (R, r, P) makes the maximiser unique: the logits are unchanged by adding one vector to every R_k
// (and one number to every r_k, or to a row of P), and by trading r_k against column k of P.
#include <Eigen/Dense>

#include "switching/ar_hmm.hpp"

namespace rnnbook {

// Q = sum_t sum_{j,k} xi_t(j, k) log softmax_k(R_k u_t + r_k + P_jk) - (ridge / 2)(|R|^2 + |r|^2 + |P|^2),
// with u (D x (T-1)) the projected observations that drive the moves and pairwise (K x (K (T-1)))
// their expected counts xi_t(j, k) at (j, t K + k).
double transition_objective(const Eigen::Ref<const Eigen::MatrixXd>& u, const Eigen::Ref<const Eigen::MatrixXd>& pairwise,
                            double ridge, const ArHmmParameters& p);

// Raises Q from the current (R, r, P) of p (nothing else is touched) by at most max_newton Newton steps (each accepted only if it
// raises Q: a monotone M-step), stopping when the Newton decrement falls below 1e-10. Returns Q.
// Throws Error on sizes that do not fit or ridge <= 0.
double fit_transitions(const Eigen::Ref<const Eigen::MatrixXd>& u, const Eigen::Ref<const Eigen::MatrixXd>& pairwise,
                       double ridge, int max_newton, ArHmmParameters& p);

}  // namespace rnnbook
