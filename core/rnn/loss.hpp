#pragma once
// Masked losses on readouts (SCIENCE.md 1.2): L = (1/|mask|) sum_{(b,t)} mask_bt l(y_bt, y*_bt) with
// l = 1/2 ||y - y*||^2 (MSE) or l = -sum_k y*_k log softmax(y)_k (cross-entropy, one-hot y*).
#include "rnn/batch.hpp"

namespace rnnbook {

enum class LossKind { mse, cross_entropy };

LossKind loss_from_name(const std::string& name);  // "mse", "cross_entropy"
const char* loss_name(LossKind kind);

// The loss of readouts y (T, B, O) against the batch; 0 when the mask is empty.
double output_loss(const xt::xtensor<double, 3>& y, const Batch& batch, LossKind kind);

// Sum of the mask: the |mask| of the mean.
double mask_count(const Batch& batch);

// At step t: adds the unnormalised loss sum_b mask l to *loss and writes dL/dy_t (O x B), using
// |mask| = count for the mean.
void output_error(const Eigen::Ref<const Eigen::MatrixXd>& y, const Batch& batch, std::size_t t,
                  LossKind kind, double count, Eigen::Ref<Eigen::MatrixXd> dy, double* loss);
// The same for float32 readouts: dy in float32, the loss summed in float64 (see loss.cpp).
void output_error(const Eigen::Ref<const Eigen::MatrixXf>& y, const Batch& batch, std::size_t t,
                  LossKind kind, double count, Eigen::Ref<Eigen::MatrixXf> dy, double* loss);

}  // namespace rnnbook
