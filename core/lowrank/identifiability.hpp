#pragma once
// What a fit of dynamics identifies (SCIENCE.md 11.2, measures of S12-S14), computed from the factors in
// O(N R^2) or O(N R k): J = M N^T / N is never formed. rnnbook's reconstruction (SCIENCE.md 11.0).
#include <Eigen/Dense>

#include "lowrank/low_rank_network.hpp"

namespace rnnbook {

// ||J_a - J_b||_F and ||J||_F (by a QR of the stacked factors: no cancellation).
double j_difference(const LowRankNetwork& a, const LowRankNetwork& b);
double j_norm(const LowRankNetwork& net);

// ||(J_a - J_b) U||_F for columns U (N x k): J restricted to the directions U (top-k of Phi, or a basis of S).
double restricted_j_difference(const LowRankNetwork& a, const LowRankNetwork& b, const Eigen::Ref<const Eigen::MatrixXd>& U);
double restricted_j_norm(const LowRankNetwork& net, const Eigen::Ref<const Eigen::MatrixXd>& U);

// Largest sine of the principal angles between span(A) and span(B) (N x R each): ||(I - P_A) Q_B||_2.
double max_principal_sine(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& B);

// Frobenius cosine of the parts of X and Y off S, (I - P_S) X and (I - P_S) Y, for an orthonormal basis of S
// (SCIENCE.md 11.2 I5: a student's n off S against its initialisation).
double off_subspace_cosine(const Eigen::Ref<const Eigen::MatrixXd>& basis, const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y);

}  // namespace rnnbook
