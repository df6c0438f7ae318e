#include "ops/state_space.hpp"

#include <string>

#include "common/error.hpp"
#include "rnn/network.hpp"

namespace rnnbook {

StateSpaceModel::StateSpaceModel(const RnnParameters& params, const Batch& batch, ParameterSelection selection)
    : params_(params), sel_(selection) {
  const RnnShape& s = params_.shape();
  if (s.hidden < 1) throw Error("StateSpaceModel: hidden = " + std::to_string(s.hidden) + " must be at least 1");
  if (batch.x.shape()[2] != std::size_t(s.inputs))
    throw Error("StateSpaceModel: batch.x must be (T, B, " + std::to_string(s.inputs) + ")");
  T_ = Eigen::Index(batch.x.shape()[0]);
  B_ = Eigen::Index(batch.x.shape()[1]);
  N_ = s.hidden;
  I_ = s.inputs;
  O_ = s.outputs;
  if (T_ < 1 || B_ < 1) throw Error("StateSpaceModel: the batch needs T >= 1 and B >= 1");
  sel_.b = sel_.b && s.bias;
  if (sel_.W) { offW_ = P_; P_ += N_ * N_; zW_ = M_; M_ += N_; }
  if (sel_.U) { offU_ = P_; P_ += N_ * I_; zU_ = M_; M_ += I_; }
  if (sel_.b) { offb_ = P_; P_ += N_; zb_ = M_; M_ += 1; }
  if (P_ == 0)
    throw Error("StateSpaceModel: the selection has no parameters (select W, U with inputs > 0, or b with bias)");

  // forward() checks the target width too; the sNTK needs only the inputs.
  Batch fb;
  fb.x = batch.x;
  fb.y = xt::zeros<double>({std::size_t(T_), std::size_t(B_), std::size_t(O_)});
  fb.mask = xt::ones<double>({std::size_t(T_), std::size_t(B_)});
  forward(params_, fb, traj_);
  x_ = std::move(fb.x);

  dphi_.resize({std::size_t(T_), std::size_t(B_), std::size_t(N_)});
  for (Eigen::Index t = 0; t < T_; ++t) {
    const std::size_t st = std::size_t(t);
    auto d = step_block(dphi_, st);
    if (s.cell == CellKind::current) apply_dphi(s.activation, step_block(traj_.h, st), d);
    else apply_dphi(s.activation, step_block(traj_.u, st), d);
  }
  packed_W_.assign(view_of(params_.W()));
  packed_WT_.assign(view_of(params_.W()).transpose());
  if (s.cell == CellKind::current) {  // phi(h) is costly: evaluate it once
    site_.resize({std::size_t(T_), std::size_t(B_), std::size_t(N_)});
    for (Eigen::Index t = 0; t < T_; ++t) {
      auto w = step_block(site_, std::size_t(t));
      apply_phi(s.activation, step_block(traj_.h, std::size_t(t)), w);
    }
  }
}

void StateSpaceModel::check_size(const char* what, Eigen::Index got, Eigen::Index want) const {
  if (got != want)
    throw Error(std::string("StateSpaceModel::") + what + " has " + std::to_string(got) + " entries, expected " +
                std::to_string(want));
}

Eigen::Map<const Eigen::VectorXd> StateSpaceModel::states() const {
  return {traj_.h.data() + B_ * N_, state_dim()};
}

StateSpaceModel::CBlock StateSpaceModel::dphi(Eigen::Index s) const {
  return {dphi_.data() + s * B_ * N_, N_, B_};
}

StateSpaceModel::CBlock StateSpaceModel::dphi_all() const { return {dphi_.data(), N_, T_ * B_}; }

StateSpaceModel::CBlock StateSpaceModel::x_all() const { return {x_.data(), I_, T_ * B_}; }

// What W multiplies, for all steps (N x T B, column s B + b): h_s, or phi(h_s) for the current cell.
StateSpaceModel::CBlock StateSpaceModel::sites() const {
  return {params_.shape().cell == CellKind::current ? site_.data() : traj_.h.data(), N_, T_ * B_};
}

// A_t of SCIENCE.md 1.1, with d = phi' stored at storage step t-1:
//   rate    A q = (1-a) q + a d.(W q)        current A q = (1-a) q + a W (d.q)
//   ctrnn   A q = d.((1-a) q + a W q)
void StateSpaceModel::A_step(Eigen::Index t, const ConstMat& in, Mat out, Eigen::MatrixXd& scratch) const {
  const double a = params_.shape().leak;
  const auto d = dphi(t - 1);
  out.setZero();  // the products below add into it
  switch (params_.shape().cell) {
    case CellKind::rate:
      multiply_add(packed_W_, view_of(in), out, pack_scratch_);
      out = (1.0 - a) * in + a * d.cwiseProduct(out);
      break;
    case CellKind::current:
      scratch = d.cwiseProduct(in);
      multiply_add(packed_W_, view_of(scratch), out, pack_scratch_);
      out = (1.0 - a) * in + a * out;
      break;
    case CellKind::ctrnn:
      multiply_add(packed_W_, view_of(in), out, pack_scratch_);
      out = d.cwiseProduct((1.0 - a) * in + a * out);
      break;
  }
}

// A_t^T: rate (1-a) q + a W^T(d.q); current (1-a) q + a d.(W^T q); ctrnn (1-a) d.q + a W^T(d.q).
void StateSpaceModel::AT_step(Eigen::Index t, const ConstMat& in, Mat out, Eigen::MatrixXd& scratch) const {
  const double a = params_.shape().leak;
  const auto d = dphi(t - 1);
  out.setZero();  // the products below add into it
  switch (params_.shape().cell) {
    case CellKind::rate:
      scratch = d.cwiseProduct(in);
      multiply_add(packed_WT_, view_of(scratch), out, pack_scratch_);
      out = (1.0 - a) * in + a * out;
      break;
    case CellKind::current:
      multiply_add(packed_WT_, view_of(in), out, pack_scratch_);
      out = (1.0 - a) * in + a * d.cwiseProduct(out);
      break;
    case CellKind::ctrnn:
      scratch = d.cwiseProduct(in);
      multiply_add(packed_WT_, view_of(scratch), out, pack_scratch_);
      out = (1.0 - a) * scratch + a * out;
      break;
  }
}

void StateSpaceModel::apply_A(Eigen::Index t, const ConstMat& in, Mat out) const {
  if (t < 1 || t > T_) throw Error("StateSpaceModel::apply_A: t = " + std::to_string(t) + " outside 1..T");
  check_size("apply_A: in", in.size(), N_ * B_);
  check_size("apply_A: out", out.size(), N_ * B_);
  Eigen::MatrixXd scratch(N_, B_);
  A_step(t, in, out, scratch);
}

void StateSpaceModel::apply_AT(Eigen::Index t, const ConstMat& in, Mat out) const {
  if (t < 1 || t > T_) throw Error("StateSpaceModel::apply_AT: t = " + std::to_string(t) + " outside 1..T");
  check_size("apply_AT: in", in.size(), N_ * B_);
  check_size("apply_AT: out", out.size(), N_ * B_);
  Eigen::MatrixXd scratch(N_, B_);
  AT_step(t, in, out, scratch);
}

// (P q)_t = q_t + A_t (P q)_{t-1}, SCIENCE.md 2.2; q already holds q and is overwritten by P q.
void StateSpaceModel::propagate_in_place(double* q) const {
  const Eigen::Index step = B_ * N_;
  Eigen::MatrixXd tmp(N_, B_), scratch(N_, B_);
  for (Eigen::Index s = 1; s < T_; ++s) {
    A_step(s + 1, CBlock(q + (s - 1) * step, N_, B_), tmp, scratch);
    Block(q + s * step, N_, B_) += tmp;
  }
}

void StateSpaceModel::propagate(const ConstVec& q, Vec out) const {
  check_size("propagate: q", q.size(), state_dim());
  check_size("propagate: out", out.size(), state_dim());
  out = q;
  propagate_in_place(out.data());
}

// (P^T q)_t = q_t + A_{t+1}^T (P^T q)_{t+1}, the BPTT adjoint recursion of SCIENCE.md 1.3.
void StateSpaceModel::propagate_T(const ConstVec& q, Vec out) const {
  check_size("propagate_T: q", q.size(), state_dim());
  check_size("propagate_T: out", out.size(), state_dim());
  const Eigen::Index step = B_ * N_;
  out = q;
  Eigen::MatrixXd tmp(N_, B_), scratch(N_, B_);
  for (Eigen::Index s = T_ - 2; s >= 0; --s) {
    AT_step(s + 2, CBlock(out.data() + (s + 1) * step, N_, B_), tmp, scratch);
    Block(out.data() + s * step, N_, B_) += tmp;
  }
}

// (P^{-1} q)_t = q_t - A_t q_{t-1} (bidiagonal), SCIENCE.md 2.2.
void StateSpaceModel::frechet(const ConstVec& q, Vec out) const {
  check_size("frechet: q", q.size(), state_dim());
  check_size("frechet: out", out.size(), state_dim());
  const Eigen::Index step = B_ * N_;
  Eigen::MatrixXd scratch(N_, B_);
  out.head(step) = q.head(step);
  for (Eigen::Index s = 1; s < T_; ++s) {
    Block o(out.data() + s * step, N_, B_);
    A_step(s + 1, CBlock(q.data() + (s - 1) * step, N_, B_), o, scratch);
    o = CBlock(q.data() + s * step, N_, B_) - o;
  }
}

// (P^{-T} q)_t = q_t - A_{t+1}^T q_{t+1}.
void StateSpaceModel::frechet_T(const ConstVec& q, Vec out) const {
  check_size("frechet_T: q", q.size(), state_dim());
  check_size("frechet_T: out", out.size(), state_dim());
  const Eigen::Index step = B_ * N_;
  Eigen::MatrixXd scratch(N_, B_);
  out.tail(step) = q.tail(step);
  for (Eigen::Index s = 0; s + 1 < T_; ++s) {
    Block o(out.data() + s * step, N_, B_);
    AT_step(s + 2, CBlock(q.data() + (s + 1) * step, N_, B_), o, scratch);
    o = CBlock(q.data() + s * step, N_, B_) - o;
  }
}

// F v = a [phi'(u) .] (dW site_t + dU x_t + db) at every (b,t), SCIENCE.md 1.4 (phi' for rate and
// ctrnn only); one product over all steps since F is block diagonal in time.
void StateSpaceModel::forcing(const ConstVec& v, Vec out) const {
  check_size("forcing: v", v.size(), P_);
  check_size("forcing: out", out.size(), state_dim());
  const double a = params_.shape().leak;
  Block o(out.data(), N_, T_ * B_);
  o.setZero();
  if (sel_.W) multiply_add(PackedMatrix(view_of(CBlock(v.data() + offW_, N_, N_))), view_of(sites()), o, pack_scratch_);
  if (sel_.U) o.noalias() += CBlock(v.data() + offU_, N_, I_) * x_all();
  if (sel_.b) o.colwise() += v.segment(offb_, N_);
  if (params_.shape().cell != CellKind::current) o = a * dphi_all().cwiseProduct(o);
  else o *= a;
}

// The selected gradient blocks from g_t = a [phi' .] lambda_t (N x T B), SCIENCE.md 1.3:
//   dW = sum g_t site_t^T;  dU = sum g_t x_t^T;  db = sum g_t.
void StateSpaceModel::accumulate_gradient(const Eigen::MatrixXd& g, Vec out) const {
  if (sel_.W) {
    Block dW(out.data() + offW_, N_, N_);
    dW.setZero();
    multiply_add(PackedMatrix(view_of(g)), view_of(sites()).transpose(), dW, pack_scratch_);
  }
  if (sel_.U) Block(out.data() + offU_, N_, I_).noalias() = g * x_all().transpose();
  if (sel_.b) out.segment(offb_, N_) = g.rowwise().sum();
}

void StateSpaceModel::forcing_T(const ConstVec& q, Vec out) const {
  check_size("forcing_T: q", q.size(), state_dim());
  check_size("forcing_T: out", out.size(), P_);
  const double a = params_.shape().leak;
  const CBlock Q(q.data(), N_, T_ * B_);
  Eigen::MatrixXd g(N_, T_ * B_);
  if (params_.shape().cell != CellKind::current) g = a * dphi_all().cwiseProduct(Q);
  else g = a * Q;
  accumulate_gradient(g, out);
}

void StateSpaceModel::jvp(const ConstVec& v, Vec out) const {
  check_size("jvp: v", v.size(), P_);
  check_size("jvp: out", out.size(), state_dim());
  forcing(v, out);
  propagate_in_place(out.data());
}

// J^T q = F^T P^T q: the adjoint lambda_t = q_t + A_{t+1}^T lambda_{t+1} as in BPTT (SCIENCE.md 1.3),
// its g_t = a [phi' .] lambda_t kept for one gradient product at the end.
void StateSpaceModel::vjp(const ConstVec& q, Vec out) const {
  check_size("vjp: q", q.size(), state_dim());
  check_size("vjp: out", out.size(), P_);
  const double a = params_.shape().leak;
  const bool scale = params_.shape().cell != CellKind::current;
  Eigen::MatrixXd lambda(N_, B_), tmp(N_, B_), scratch(N_, B_), g(N_, T_ * B_);
  for (Eigen::Index s = T_ - 1; s >= 0; --s) {
    const CBlock qs(q.data() + s * B_ * N_, N_, B_);
    if (s + 1 < T_) {
      AT_step(s + 2, lambda, tmp, scratch);
      lambda = qs + tmp;
    } else {
      lambda = qs;
    }
    auto gs = g.middleCols(s * B_, B_);
    if (scale) gs = a * dphi(s).cwiseProduct(lambda);
    else gs = a * lambda;
  }
  accumulate_gradient(g, out);
}

// Kronecker core, SCIENCE.md 2.2: K q = a^2 [D] (Z Z^T kron I_N) [D] q, computed as R = Z^T (D Q)^T
// (M x N), then (K q)_bt = a^2 [D] R^T z_bt; D = diag(phi'(u)) for rate and ctrnn, absent for current.
void StateSpaceModel::parameter_op(const ConstVec& q, Vec out) const {
  check_size("parameter_op: q", q.size(), state_dim());
  check_size("parameter_op: out", out.size(), state_dim());
  const double a = params_.shape().leak;
  const bool scale = params_.shape().cell != CellKind::current;
  const CBlock Q(q.data(), N_, T_ * B_);
  Eigen::MatrixXd dq(N_, T_ * B_), R(M_, N_);
  if (scale) dq = dphi_all().cwiseProduct(Q);
  else dq = Q;
  if (sel_.W) R.middleRows(zW_, N_).noalias() = sites() * dq.transpose();
  if (sel_.U) R.middleRows(zU_, I_).noalias() = x_all() * dq.transpose();
  if (sel_.b) R.row(zb_) = dq.rowwise().sum().transpose();
  Block o(out.data(), N_, T_ * B_);
  o.setZero();
  if (sel_.W) o.noalias() += R.middleRows(zW_, N_).transpose() * sites();
  if (sel_.U) o.noalias() += R.middleRows(zU_, I_).transpose() * x_all();
  if (sel_.b) o.colwise() += R.row(zb_).transpose();
  if (scale) o = (a * a) * dphi_all().cwiseProduct(o);
  else o *= a * a;
}

Eigen::MatrixXd StateSpaceModel::weight_sites() const {
  Eigen::MatrixXd Z(T_ * B_, M_);
  if (sel_.W) Z.middleCols(zW_, N_) = sites().transpose();
  if (sel_.U) Z.middleCols(zU_, I_) = x_all().transpose();
  if (sel_.b) Z.col(zb_).setOnes();
  return Z;
}

Eigen::MatrixXd StateSpaceModel::output_sites() const {
  Eigen::MatrixXd Z(T_ * B_, N_ + 1);
  for (Eigen::Index s = 0; s < T_; ++s) {
    Z.block(s * B_, 0, B_, N_) = step_block(traj_.h, std::size_t(s + 1)).transpose();
    Z.block(s * B_, N_, B_, 1).setOnes();
  }
  return Z;
}

Eigen::VectorXd StateSpaceModel::gather(const ConstVec& flat) const {
  check_size("gather: flat", flat.size(), params_.shape().parameter_count());
  Eigen::VectorXd v(P_);
  if (sel_.W) v.segment(offW_, N_ * N_) = flat.segment(0, N_ * N_);
  if (sel_.U) v.segment(offU_, N_ * I_) = flat.segment(N_ * N_, N_ * I_);
  if (sel_.b) v.segment(offb_, N_) = flat.segment(N_ * N_ + N_ * I_, N_);
  return v;
}

Eigen::VectorXd StateSpaceModel::embed(const ConstVec& v) const {
  check_size("embed: v", v.size(), P_);
  Eigen::VectorXd flat = Eigen::VectorXd::Zero(params_.shape().parameter_count());
  if (sel_.W) flat.segment(0, N_ * N_) = v.segment(offW_, N_ * N_);
  if (sel_.U) flat.segment(N_ * N_, N_ * I_) = v.segment(offU_, N_ * I_);
  if (sel_.b) flat.segment(N_ * N_ + N_ * I_, N_) = v.segment(offb_, N_);
  return flat;
}

}  // namespace rnnbook
