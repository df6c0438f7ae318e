#pragma once
// Element-wise nonlinearities phi and their derivatives phi', phi'' (SCIENCE.md 1.1).
#include <Eigen/Dense>
#include <string>

namespace rnnbook {

enum class Activation { tanh, relu, softplus, identity };

Activation activation_from_name(const std::string& name);  // "tanh", "relu", "softplus", "identity"
const char* activation_name(Activation f);

// tanh within 1e-15 relative of std::tanh, without libm: the same bits natively and in wasm
// (NaN stays NaN, +-inf give +-1).
double tanh_fast(double x);

// out = phi(in) and out = phi'(in), element-wise; out may be in itself (every map reads an entry before writing it).
void apply_phi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out);
void apply_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out);
// phi = phi(in) and dphi = phi'(in) in one pass (one tanh for both).
void apply_phi_and_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> phi,
                        Eigen::Ref<Eigen::MatrixXd> dphi);
// float32 (training in float32): tanh by a four-float kernel within a few float ulp of tanh, the same bits
// natively and in wasm; softplus computed in double and rounded to float once.
void apply_phi(Activation f, const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::Ref<Eigen::MatrixXf> out);
void apply_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::Ref<Eigen::MatrixXf> out);
void apply_phi_and_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::Ref<Eigen::MatrixXf> phi,
                        Eigen::Ref<Eigen::MatrixXf> dphi);
// out = phi''(in) (for Hessian-vector products; relu and identity give 0).
void apply_d2phi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out);

}  // namespace rnnbook
