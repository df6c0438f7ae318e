#pragma once
// Effective ranks of non-negative spectra and matrices, and kernel alignment (SCIENCE.md 2.4, 6.1, 6.5).
// Spectra may carry round-off negatives: entries >= -1e-10 * max|lambda| are clamped to 0, clearly negative
// ones (and NaN, empty or all-zero spectra) throw an Error naming the argument.
#include <Eigen/Dense>
#include <cstdint>

namespace rnnbook {

// Participation ratio (sum lambda)^2 / sum lambda^2; 1 <= PR <= number of non-zero entries.
double participation_ratio(const Eigen::Ref<const Eigen::VectorXd>& spectrum);
// Roy & Vetterli entropy rank exp(-sum p ln p), p = lambda / sum lambda (0 ln 0 = 0).
double entropy_effective_rank(const Eigen::Ref<const Eigen::VectorXd>& spectrum);
// min{k : sum of the k largest >= fraction * total}, fraction in (0, 1] (r_95 by default).
std::int64_t threshold_count(const Eigen::Ref<const Eigen::VectorXd>& spectrum, double fraction = 0.95);

// Effective rank of a matrix from its singular values sigma (any shape).
enum class RankMeasure {
  participation,  // PR(sigma^2) = (sum sigma^2)^2 / sum sigma^4 (default; = PR of M^T M's eigenvalues)
  entropy,        // erank(sigma), p = sigma / sum sigma (Roy & Vetterli; SCIENCE.md 6.5)
  threshold95,    // r_95 of sigma^2 (number of PCs for 95% of the variance)
};
double effective_rank(const Eigen::Ref<const Eigen::MatrixXd>& M, RankMeasure measure = RankMeasure::participation);

// PR of the eigenvalues of a symmetric PSD matrix C without an eigensolver: (tr C)^2 / ||C||_F^2 (U17).
double participation_ratio_psd(const Eigen::Ref<const Eigen::MatrixXd>& C);

// Kernel alignment KA(K1, K2) = <K1, K2>_F / (||K1||_F ||K2||_F) in [-1, 1] (>= 0 for PSD kernels; U22).
// Throws if the shapes differ or a kernel is zero.
double kernel_alignment(const Eigen::Ref<const Eigen::MatrixXd>& K1, const Eigen::Ref<const Eigen::MatrixXd>& K2);

}  // namespace rnnbook
