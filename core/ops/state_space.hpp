#pragma once
// The state-space view of one RNN trajectory for the sNTK (SCIENCE.md 2.1-2.3): J = dvec H/dtheta = P F,
// the propagator P = (I - S)^{-1} and the parameter operator K = F F^T, applied matrix-free from one
// stored forward pass.
//
// Orderings (all time-major, as Trajectory stores h_1..h_T; h_0 = 0 is not a state):
//   state vector, D = T B N:   index (s B + b) N + i  holds h_{s+1}[b][i], s = 0..T-1
//   output vector, T B O:      index (s B + b) O + o  holds y_{s+1}[b][o]
//   parameter vector, P:       the selected blocks of RnnParameters::flat(), in order W, U, b
//   weight sites Z, B T x M:   row s B + b is z = [site; x_{s+1}; 1] restricted to the selected blocks,
//                              site = h_s (rate, ctrnn) or phi(h_s) (current)
// Every product takes in and out of the documented sizes; out must not alias in.
#include <Eigen/Dense>

#include "linalg/packed_product.hpp"
#include "rnn/batch.hpp"
#include "rnn/parameters.hpp"

namespace rnnbook {

// Which recurrent parameters theta the Jacobian is taken with respect to (the readout C, c never
// moves H). b is dropped when shape.bias is false.
struct ParameterSelection {
  bool W = true, U = true, b = true;
};

class StateSpaceModel {
 public:
  using ConstVec = Eigen::Ref<const Eigen::VectorXd>;
  using Vec = Eigen::Ref<Eigen::VectorXd>;
  using ConstMat = Eigen::Ref<const Eigen::MatrixXd>;
  using Mat = Eigen::Ref<Eigen::MatrixXd>;

  // Copies the parameters and batch.x (T, B, I) and runs forward once; targets and mask are unused.
  // Throws Error on a width mismatch, an empty batch or an empty selection.
  StateSpaceModel(const RnnParameters& params, const Batch& batch, ParameterSelection selection = {});

  Eigen::Index steps() const { return T_; }     // T
  Eigen::Index trials() const { return B_; }    // B
  Eigen::Index hidden() const { return N_; }    // N
  Eigen::Index inputs() const { return I_; }    // I
  Eigen::Index outputs() const { return O_; }   // O
  Eigen::Index state_dim() const { return T_ * B_ * N_; }   // D
  Eigen::Index output_dim() const { return T_ * B_ * O_; }  // T B O
  Eigen::Index param_dim() const { return P_; }  // P
  Eigen::Index site_dim() const { return M_; }   // M
  const RnnParameters& parameters() const { return params_; }
  const ParameterSelection& selection() const { return sel_; }  // effective: b off without bias
  const Trajectory& trajectory() const { return traj_; }
  const xt::xtensor<double, 3>& inputs_tensor() const { return x_; }  // (T, B, I)
  Eigen::Map<const Eigen::VectorXd> states() const;  // vec H (D), a view into trajectory().h

  // Selected blocks of a full RnnParameters::flat()-shaped vector (P), and back (zeros elsewhere).
  Eigen::VectorXd gather(const ConstVec& flat) const;
  Eigen::VectorXd embed(const ConstVec& v) const;

  void jvp(const ConstVec& v, Vec out) const;        // J v      (P -> D), SCIENCE.md 1.4
  void vjp(const ConstVec& q, Vec out) const;        // J^T q    (D -> P), BPTT with q injected at every (b,t)
  void forcing(const ConstVec& v, Vec out) const;    // F v      (P -> D), so that J = P F
  void forcing_T(const ConstVec& q, Vec out) const;  // F^T q    (D -> P)
  void propagate(const ConstVec& q, Vec out) const;    // P q      (D -> D)
  void propagate_T(const ConstVec& q, Vec out) const;  // P^T q
  void frechet(const ConstVec& q, Vec out) const;      // P^{-1} q
  void frechet_T(const ConstVec& q, Vec out) const;    // P^{-T} q
  void parameter_op(const ConstVec& q, Vec out) const; // K q = F F^T q by the Kronecker core, SCIENCE.md 2.2

  // A_t = dh_t/dh_{t-1} for t = 1..T (SCIENCE.md 1.1) on an N x B block (one column per trial).
  void apply_A(Eigen::Index t, const ConstMat& in, Mat out) const;
  void apply_AT(Eigen::Index t, const ConstMat& in, Mat out) const;

  Eigen::MatrixXd weight_sites() const;  // Z (B T x M)
  Eigen::MatrixXd output_sites() const;  // Z_y (B T x (N + 1)), rows [h_t; 1]

 private:
  using Block = Eigen::Map<Eigen::MatrixXd>;
  using CBlock = Eigen::Map<const Eigen::MatrixXd>;

  void check_size(const char* what, Eigen::Index got, Eigen::Index want) const;
  CBlock dphi(Eigen::Index s) const;
  CBlock dphi_all() const;  // N x T B
  CBlock x_all() const;     // I x T B
  CBlock sites() const;     // N x T B
  void A_step(Eigen::Index t, const ConstMat& in, Mat out, Eigen::MatrixXd& scratch) const;
  void AT_step(Eigen::Index t, const ConstMat& in, Mat out, Eigen::MatrixXd& scratch) const;
  void propagate_in_place(double* q) const;
  void accumulate_gradient(const Eigen::MatrixXd& g, Vec out) const;

  RnnParameters params_;
  ParameterSelection sel_;
  xt::xtensor<double, 3> x_;
  Trajectory traj_;
  xt::xtensor<double, 3> dphi_;  // (T, B, N): phi'(u) (rate, ctrnn) or phi'(h_{t-1}) (current)
  xt::xtensor<double, 3> site_;  // (T, B, N): phi(h_{t-1}), current cell only
  Eigen::Index T_, B_, N_, I_, O_, P_ = 0, M_ = 0;
  Eigen::Index offW_ = -1, offU_ = -1, offb_ = -1;  // block offsets in the parameter vector
  Eigen::Index zW_ = -1, zU_ = -1, zb_ = -1;        // block offsets in a weight site z
  PackedMatrix packed_W_, packed_WT_;              // W and W^T for the per-step products of A_t, A_t^T
  mutable std::vector<double> pack_scratch_;        // the right factor of a packed product
};

}  // namespace rnnbook
