#pragma once
// Rich-versus-lazy measures between two checkpoints of one network (SCIENCE.md 6.5, Liu et al. 2023):
// how far W_rec moved, and how much the tangent kernel, the representation and the activity signs changed.
#include <Eigen/Dense>

#include "rnn/batch.hpp"
#include "rnn/parameters.hpp"

namespace rnnbook {

// ||Wf - W0||_F, and the same over ||W0||_F (throws if W0 = 0 or the shapes differ).
double weight_change(const Eigen::Ref<const Eigen::MatrixXd>& W0, const Eigen::Ref<const Eigen::MatrixXd>& Wf);
double relative_weight_change(const Eigen::Ref<const Eigen::MatrixXd>& W0,
                              const Eigen::Ref<const Eigen::MatrixXd>& Wf);

// Fraction of entries whose sign (-, 0, +) is the same in A and B (throws if shapes differ or empty).
double sign_similarity(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& B);

// Tangent kernel of the readouts over W_rec only: K_ab = <dy_a/dW, dy_b/dW>_F for a, b = (t, b, k) over
// every step, trial and output of the batch, ordered (t B + b) O + k as StateSpaceModel's output vector.
// (T B O) x (T B O), symmetric PSD. Holds (T B O) x T x N adjoints: throws Error if T B O exceeds
// kMaxKernelOutputs or (T B O) T N exceeds kMaxKernelWork.
constexpr Eigen::Index kMaxKernelOutputs = 4096;
constexpr double kMaxKernelWork = 1.6e7;
Eigen::MatrixXd recurrent_tangent_kernel(const RnnParameters& p, const Batch& batch);

// The multiply-adds of rich_lazy_measures, which its time follows: two tangent kernels over
// n = steps x kernel_trials x outputs readouts (n^2 hidden^2 / 2 for K = J J^T dominates) and four forward passes.
double rich_lazy_work(double steps, double kernel_trials, double outputs, double hidden, double representation_trials);
// At most this much in the one call that computes them: about 20 s as wasm (3.8e9 multiply-adds/s measured, 6.5e9 natively).
constexpr double kMaxRichLazyWork = 7.5e10;

// Gram over trials of the hidden state at the last step: H_T H_T^T (B x B).
Eigen::MatrixXd representation_gram(const RnnParameters& p, const Batch& batch);

// Hidden activity h_1..h_T of every trial as an N x (T B) matrix (column t B + b).
Eigen::MatrixXd hidden_activity(const RnnParameters& p, const Batch& batch);

struct RichLazyMeasures {
  double weight_change = 0.0;             // ||W_f - W_0||_F
  double weight_change_rel = 0.0;         // ... / ||W_0||_F
  double kernel_alignment = 0.0;          // KA(K_0, K_f) of recurrent_tangent_kernel on kernel_batch
  double representation_alignment = 0.0;  // KA of representation_gram on representation_batch
  double sign_similarity = 0.0;           // of hidden_activity on representation_batch
};

// All five measures from the initial and final networks (same shape; throws Error otherwise). Undefined
// ones are NaN: weight_change_rel when W_0 = 0, an alignment when one of its kernels is zero.
RichLazyMeasures rich_lazy_measures(const RnnParameters& initial, const RnnParameters& final,
                                    const Batch& kernel_batch, const Batch& representation_batch);

}  // namespace rnnbook
