#pragma once
// Forward pass, loss and exact gradient (backpropagation) of an MLP on a set of points.
// Points are columns: X is d x n, targets Y are k x n (a C-order (n, d) array is this matrix).
#include <vector>

#include "mlp/mlp_parameters.hpp"
#include "rnn/loss.hpp"

namespace rnnbook {

template <class S>
struct BasicMlpActivations {
  using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  std::vector<Matrix> a;  // a[l]: the input of layer l (fan_in x n); a[0] = X
  std::vector<Matrix> z;  // z[l] = W_l a[l] + b_l (fan_out x n); z.back() = f(X)
  const Matrix& output() const { return z.back(); }
  Eigen::Index points() const { return a.empty() ? 0 : a[0].cols(); }
};
using MlpActivations = BasicMlpActivations<double>;
using FloatMlpActivations = BasicMlpActivations<float>;

// Fills acts (resized as needed). Throws Error if X does not have shape.inputs rows. The float32
// overloads (training in float32) compute in float, activations from the double kernels rounded once;
// SiLU layers are float64 only.
void mlp_forward(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X, MlpActivations& acts);
void mlp_forward(const FloatMlpParameters& p, const Eigen::Ref<const Eigen::MatrixXf>& X, FloatMlpActivations& acts);

// L = (1/n) sum_i l(f_i, y_i) with l = 1/2 ||f - y||^2 (MSE) or -sum_j y_j log softmax(f)_j
// (cross-entropy; one-hot rows of Y). With dF, also writes dL/dF (k x n). Throws Error on a shape
// mismatch or n = 0.
double mlp_output_loss(const Eigen::Ref<const Eigen::MatrixXd>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       LossKind kind, Eigen::MatrixXd* dF = nullptr);
// float32 outputs: dF in float, the loss summed in double (mlp_network.cpp).
double mlp_output_loss(const Eigen::Ref<const Eigen::MatrixXf>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       LossKind kind, Eigen::MatrixXf* dF = nullptr);

// The product of the loss's Hessian w.r.t. F with a direction R (k x n): R/n (MSE) or, per
// point, (sum y) (diag(p) - p p^T) r / n with p = softmax(f) (cross-entropy).
Eigen::MatrixXd mlp_output_hessian_apply(const Eigen::Ref<const Eigen::MatrixXd>& F,
                                         const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind,
                                         const Eigen::Ref<const Eigen::MatrixXd>& R);

// phi'(z_l) of hidden layer l (l < L - 1) at all points: for tanh 1 - a_{l+1}^2, without a second tanh.
void mlp_slope(Activation f, const MlpActivations& acts, int l, Eigen::MatrixXd& out);
void mlp_slope(Activation f, const FloatMlpActivations& acts, int l, Eigen::MatrixXf& out);

// Backpropagates dL/dF through a forward pass into grad (shaped like p); deltas, if given, receive
// dL/dz_l for every layer.
void mlp_backward(const MlpParameters& p, const MlpActivations& acts, const Eigen::Ref<const Eigen::MatrixXd>& dF,
                  MlpParameters& grad, std::vector<Eigen::MatrixXd>* deltas = nullptr);
void mlp_backward(const FloatMlpParameters& p, const FloatMlpActivations& acts,
                  const Eigen::Ref<const Eigen::MatrixXf>& dF, FloatMlpParameters& grad,
                  std::vector<Eigen::MatrixXf>* deltas = nullptr);

// Forward pass, loss and its exact gradient.
double mlp_loss_and_gradient(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, MlpActivations& acts,
                             MlpParameters& grad);
double mlp_loss_and_gradient(const FloatMlpParameters& p, const Eigen::Ref<const Eigen::MatrixXf>& X,
                             const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, FloatMlpActivations& acts,
                             FloatMlpParameters& grad);

// Fraction of points whose largest output is the largest target entry (the class of one-hot targets).
double mlp_accuracy(const Eigen::Ref<const Eigen::MatrixXd>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y);

}  // namespace rnnbook
