#pragma once
// The Concrete (Gumbel-softmax) distribution on the open simplex (SCIENCE.md 12.1; Maddison et al.
// 2017; torch's RelaxedOneHotCategorical): z = softmax((logits + g) / tau), g_k i.i.d. Gumbel(0, 1).
// Samples are kept as log z = log_softmax((logits + g) / tau), never as log(softmax(...)).
#include <Eigen/Dense>

#include "common/rng.hpp"

namespace rnnbook {

// One Gumbel(0, 1) draw, -log(-log U) with U uniform on the open interval (0, 1).
double draw_gumbel(Rng& rng);
// n draws into out: the same values as n calls of draw_gumbel, faster (the logarithms two at a time).
void draw_gumbel(Rng& rng, double* out, Eigen::Index n);

// log sum_k exp(a_k), computed about the maximum; -inf when every entry is -inf.
double log_sum_exp(const Eigen::Ref<const Eigen::VectorXd>& a);
// a - log_sum_exp(a).
Eigen::VectorXd log_softmax(const Eigen::Ref<const Eigen::VectorXd>& a);

// log z of the sample with these Gumbel draws: log_softmax((logits + gumbel) / tau). Throws Error
// unless tau > 0 and the sizes agree.
Eigen::VectorXd concrete_log_sample(const Eigen::Ref<const Eigen::VectorXd>& logits,
                                    const Eigen::Ref<const Eigen::VectorXd>& gumbel, double tau);

// log p(z; logits, tau) with respect to Lebesgue measure on the first K - 1 coordinates, from log z:
// lgamma(K) + (K-1) log tau + sum_k (l_k - (tau+1) log z_k) - K LSE_k(l_k - tau log z_k).
// Invariant under logits -> logits + c 1. Throws Error unless tau > 0 and the sizes agree.
double concrete_log_density(const Eigen::Ref<const Eigen::VectorXd>& log_z,
                            const Eigen::Ref<const Eigen::VectorXd>& logits, double tau);

// K = 2 in closed form: P(z_1 <= s) = sigmoid(tau logit(s) - (l_1 - l_2)) for s in (0, 1).
double concrete_cdf_two_states(double s, double logit_1, double logit_2, double tau);

}  // namespace rnnbook
