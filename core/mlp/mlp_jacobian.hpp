#pragma once
// Jacobians of an MLP's outputs f (k) at one point of a forward pass (SCIENCE.md 6.4): with respect
// to the input x by forward mode (push I_d through the layers) or reverse mode (pull I_k back), with
// respect to every layer's input a_l and pre-activation z_l (reverse mode), and the Gram of the
// parameter gradients of the outputs.
#include <vector>

#include "mlp/mlp_network.hpp"

namespace rnnbook {

// df/dx (k x d) at point i of acts, forward mode: cost sum_l d fan_in fan_out.
Eigen::MatrixXd mlp_input_jacobian_forward(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i);
// df/dx (k x d), reverse mode: cost sum_l k fan_in fan_out.
Eigen::MatrixXd mlp_input_jacobian_reverse(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i);

struct MlpLayerJacobians {
  std::vector<Eigen::MatrixXd> input;  // df/da_l (k x fan_in(l)); input[0] = df/dx
  std::vector<Eigen::MatrixXd> pre;    // df/dz_l (k x fan_out(l)); pre.back() = I_k
};

// Every layer's Jacobians at point i in one reverse sweep. Throws Error if i is out of range.
MlpLayerJacobians mlp_layer_jacobians(const MlpParameters& p, const MlpActivations& acts, Eigen::Index i);

// K_i = sum_l (||a_l||^2 + 1) (df/dz_l)(df/dz_l)^T (k x k): K_jj' = <grad_theta f_j, grad_theta f_j'> at point i,
// since grad_{W_l} f_j = (df_j/dz_l)^T a_l^T and grad_{b_l} f_j = (df_j/dz_l)^T.
Eigen::MatrixXd mlp_output_gradient_gram(const MlpActivations& acts, const MlpLayerJacobians& jac, Eigen::Index i);

}  // namespace rnnbook
