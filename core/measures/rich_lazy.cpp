#include "measures/rich_lazy.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "measures/effective_rank.hpp"
#include "ops/state_space.hpp"
#include "rnn/network.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;

// Largest slice of the output Jacobian held at once (doubles): bounds memory for large N.
constexpr Index kJacobianChunk = Index(1) << 22;

void require_same_shape(const char* who, const Eigen::Ref<const MatrixXd>& A, const Eigen::Ref<const MatrixXd>& B) {
  if (A.rows() != B.rows() || A.cols() != B.cols())
    throw Error(std::string(who) + ": the two matrices must have the same shape, got " + std::to_string(A.rows()) +
                " x " + std::to_string(A.cols()) + " and " + std::to_string(B.rows()) + " x " +
                std::to_string(B.cols()));
}

void require_same_network(const RnnShape& a, const RnnShape& b) {
  if (a.hidden != b.hidden || a.inputs != b.inputs || a.outputs != b.outputs || a.cell != b.cell ||
      a.activation != b.activation || a.leak != b.leak || a.bias != b.bias)
    throw Error("rich_lazy_measures: the initial and final networks must have the same shape");
}

int sign_of(double x) { return (x > 0.0) - (x < 0.0); }

// An alignment with a zero kernel is undefined: NaN rather than an error, so a run still reports.
double alignment_or_nan(const MatrixXd& K0, const MatrixXd& Kf) {
  if (!(K0.norm() > 0.0) || !(Kf.norm() > 0.0)) return NAN;
  return kernel_alignment(K0, Kf);
}

}  // namespace

double weight_change(const Eigen::Ref<const MatrixXd>& W0, const Eigen::Ref<const MatrixXd>& Wf) {
  require_same_shape("weight_change", W0, Wf);
  return (Wf - W0).norm();
}

double relative_weight_change(const Eigen::Ref<const MatrixXd>& W0, const Eigen::Ref<const MatrixXd>& Wf) {
  require_same_shape("relative_weight_change", W0, Wf);
  const double n0 = W0.norm();
  if (!(n0 > 0.0)) throw Error("relative_weight_change: W0 must be non-zero");
  return (Wf - W0).norm() / n0;
}

double sign_similarity(const Eigen::Ref<const MatrixXd>& A, const Eigen::Ref<const MatrixXd>& B) {
  require_same_shape("sign_similarity", A, B);
  if (A.size() == 0) throw Error("sign_similarity: the matrices must not be empty");
  Index same = 0;
  for (Index j = 0; j < A.cols(); ++j)
    for (Index i = 0; i < A.rows(); ++i) same += sign_of(A(i, j)) == sign_of(B(i, j));
  return double(same) / double(A.size());
}

// SCIENCE.md 6.5. Output a = (t, b, k) depends on W only through trial b, so its gradient is
//   dy_a/dW = sum_{s <= t} g^a_s site_{s,b}^T,  g^a_s = a [phi'(u_s) .] lambda^a_s,
//   lambda^a_t = C^T e_k,  lambda^a_{s-1} = A_s^T lambda^a_s   (the BPTT adjoint of SCIENCE.md 1.3).
// For each (t, k) one backward sweep carries all B trials at once (column b is trial b's own adjoint).
// Rows of the Jacobian are then vec(G_a S_b) (G_a: N x T adjoints, S_b: T x N sites), built a slice of
// W's columns at a time, and K = J J^T accumulates slice by slice.
MatrixXd recurrent_tangent_kernel(const RnnParameters& p, const Batch& batch) {
  const RnnShape& s = p.shape();
  const Index T = Index(batch.steps()), B = Index(batch.trials()), N = s.hidden, O = s.outputs;
  const Index n_out = T * B * O;
  if (n_out > kMaxKernelOutputs)
    throw Error("recurrent_tangent_kernel: steps x trials x outputs = " + std::to_string(n_out) +
                " exceeds the limit " + std::to_string(kMaxKernelOutputs) + "; use fewer trials");
  if (double(n_out) * double(T) * double(N) > kMaxKernelWork)
    throw Error("recurrent_tangent_kernel: (steps x trials x outputs) x steps x hidden = " +
                std::to_string(std::int64_t(double(n_out) * double(T) * double(N))) + " exceeds the limit " +
                std::to_string(std::int64_t(kMaxKernelWork)) + "; use fewer trials");
  const StateSpaceModel model(p, batch, ParameterSelection{true, false, false});
  const Trajectory& traj = model.trajectory();
  const double a = s.leak;
  const bool current = s.cell == CellKind::current;

  // phi' at the cell's argument per step (rate, ctrnn), and the sites S (N x T B): what W multiplies.
  MatrixXd dphi(N, T * B), sites(N, T * B);
  for (Index t = 0; t < T; ++t) {
    const auto h_prev = step_block(traj.h, std::size_t(t));
    if (current) apply_phi(s.activation, h_prev, sites.middleCols(t * B, B));
    else sites.middleCols(t * B, B) = h_prev;
    if (!current) apply_dphi(s.activation, step_block(traj.u, std::size_t(t)), dphi.middleCols(t * B, B));
  }

  // G (N x T per output a, at column offset a T): g^a_s, zero for s > t.
  MatrixXd G = MatrixXd::Zero(N, n_out * T);
  const auto C = p.C();
  MatrixXd lambda(N, B), next(N, B), g(N, B);
  for (Index t = 0; t < T; ++t) {
    for (Index k = 0; k < O; ++k) {
      lambda = C.row(k).transpose().replicate(1, B);
      for (Index r = t; r >= 0; --r) {
        if (current) g = a * lambda;
        else g = a * dphi.middleCols(r * B, B).cwiseProduct(lambda);
        for (Index b = 0; b < B; ++b) G.col(((t * B + b) * O + k) * T + r) = g.col(b);
        if (r > 0) {
          model.apply_AT(r + 1, lambda, next);  // A_{r+1} maps h_r (storage r-1) to h_{r+1}
          lambda.swap(next);
        }
      }
    }
  }

  // Per trial, S_b (T x N) has rows site_{s,b}^T.
  std::vector<MatrixXd> S(static_cast<std::size_t>(B), MatrixXd(T, N));
  for (Index b = 0; b < B; ++b)
    for (Index t = 0; t < T; ++t) S[std::size_t(b)].row(t) = sites.col(t * B + b).transpose();

  const Index cols_per_chunk = std::max<Index>(1, std::min<Index>(N, kJacobianChunk / std::max<Index>(1, n_out * N)));
  MatrixXd K = MatrixXd::Zero(n_out, n_out);
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  RowMajor J;
  for (Index j0 = 0; j0 < N; j0 += cols_per_chunk) {
    const Index nc = std::min(cols_per_chunk, N - j0);
    J.resize(n_out, N * nc);
    for (Index t = 0; t < T; ++t)
      for (Index b = 0; b < B; ++b)
        for (Index k = 0; k < O; ++k) {
          const Index row = (t * B + b) * O + k;
          Eigen::Map<MatrixXd>(J.row(row).data(), N, nc).noalias() =
              G.middleCols(row * T, T) * S[std::size_t(b)].middleCols(j0, nc);
        }
    K.selfadjointView<Eigen::Lower>().rankUpdate(J);
  }
  return K.selfadjointView<Eigen::Lower>();
}

// Per kernel: the adjoint sweeps (T (T - 1) / 2 of N x N by N x B per output) and the Jacobian rows
// (n N x T by T x N) are about 1.5 n T N^2, K = J J^T (n x N^2 times its transpose, half of it) n^2 N^2 / 2;
// each forward pass over the representation batch T R N^2.
double rich_lazy_work(double steps, double kernel_trials, double outputs, double hidden, double representation_trials) {
  const double n = steps * kernel_trials * outputs, N2 = hidden * hidden;
  return 2.0 * N2 * (1.5 * n * steps + 0.5 * n * n) + 4.0 * steps * representation_trials * N2;
}

MatrixXd hidden_activity(const RnnParameters& p, const Batch& batch) {
  Trajectory traj;
  forward(p, batch, traj);
  const Index T = Index(batch.steps()), B = Index(batch.trials()), N = p.shape().hidden;
  return Eigen::Map<const MatrixXd>(traj.h.data() + B * N, N, T * B);
}

MatrixXd representation_gram(const RnnParameters& p, const Batch& batch) {
  Trajectory traj;
  forward(p, batch, traj);
  const auto hT = step_block(traj.h, batch.steps());
  return hT.transpose() * hT;
}

RichLazyMeasures rich_lazy_measures(const RnnParameters& initial, const RnnParameters& final,
                                    const Batch& kernel_batch, const Batch& representation_batch) {
  require_same_network(initial.shape(), final.shape());
  RichLazyMeasures m;
  m.weight_change = weight_change(initial.W(), final.W());
  m.weight_change_rel = initial.W().norm() > 0.0 ? relative_weight_change(initial.W(), final.W()) : NAN;
  m.kernel_alignment =
      alignment_or_nan(recurrent_tangent_kernel(initial, kernel_batch), recurrent_tangent_kernel(final, kernel_batch));
  m.representation_alignment = alignment_or_nan(representation_gram(initial, representation_batch),
                                                representation_gram(final, representation_batch));
  m.sign_similarity =
      sign_similarity(hidden_activity(initial, representation_batch), hidden_activity(final, representation_batch));
  return m;
}

}  // namespace rnnbook
