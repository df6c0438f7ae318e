#include "rnn/truncated_gradient.hpp"

#include <string>
#include <vector>

#include "common/error.hpp"
#include "rnn/network.hpp"

namespace rnnbook {

namespace {

// The truncated recursions of SCIENCE.md 1.5 in one form for the three cells of 1.1:
//   lambda~_t = e_t + r_{t+1} . lambda~_{t+1},  g_t = q_t . lambda~_t,
//   grad~W = sum g_t site_t^T,  grad~U = sum g_t x_t^T,  grad~b = sum g_t,
// with site = h_{t-1} (rate, ctrnn) or phi(h_{t-1}) (current), and
//   rate: q = a phi'(u), r = 1-a;  current: q = a, r = 1-a;  ctrnn: q = a phi'(u), r = (1-a) phi'(u).
// Online form: eps_t^{ij} = r_t^i eps_{t-1}^{ij} + q_t^i site_t^j, grad~W_ij = sum_t e_t^i eps_t^{ij}
// (swap the two sums over t in the adjoint form to see they are equal).
struct StepFactors {
  Eigen::MatrixXd site, q, r;  // N x B each
};

void step_factors(const RnnShape& s, const Trajectory& traj, std::size_t t, StepFactors& f) {
  const auto h_prev = step_block(traj.h, t);
  const auto u = step_block(traj.u, t);
  const double a = s.leak;
  if (s.cell == CellKind::current) {
    apply_phi(s.activation, h_prev, f.site);
    f.q.setConstant(a);
    f.r.setConstant(1.0 - a);
    return;
  }
  f.site = h_prev;
  apply_dphi(s.activation, u, f.q);  // phi'(u), scaled below
  if (s.cell == CellKind::ctrnn) f.r = (1.0 - a) * f.q;
  else f.r.setConstant(1.0 - a);
  f.q *= a;
}

void check_setup(const RnnParameters& p, const RnnParameters& grad) {
  const auto &s = p.shape(), &g = grad.shape();
  if (g.hidden != s.hidden || g.inputs != s.inputs || g.outputs != s.outputs)
    throw Error("gradient: must have the network's shape (N, I, O) = (" + std::to_string(s.hidden) +
                ", " + std::to_string(s.inputs) + ", " + std::to_string(s.outputs) + ")");
}

// dL/dy_t into dy, the exact readout gradient into grad; returns the step's unnormalised loss.
double readout_error(const Trajectory& traj, const Batch& batch, std::size_t t, LossKind kind,
                     double count, Eigen::MatrixXd& dy, RnnParameters& grad) {
  double loss = 0.0;
  output_error(step_block(traj.y, t), batch, t, kind, count, dy, &loss);
  grad.C().noalias() += dy * step_block(traj.h, t + 1).transpose();
  grad.c().col(0) += dy.rowwise().sum();
  return loss;
}

}  // namespace

double truncated_loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                                   RnnParameters& grad, LossKind kind) {
  return loss_and_gradient(p, batch, traj, grad, kind, GradientRule::truncated);
}

double eligibility_loss_and_gradient(const RnnParameters& p, const Batch& batch, Trajectory& traj,
                                     RnnParameters& grad, LossKind kind) {
  check_setup(p, grad);
  forward(p, batch, traj);
  const auto& s = p.shape();
  const std::size_t T = batch.steps();
  const Eigen::Index N = s.hidden, I = s.inputs, O = s.outputs, B = Eigen::Index(batch.trials());
  const double count = mask_count(batch);
  grad.flat().setZero();
  if (count == 0.0) return 0.0;

  const auto C = p.C();
  auto gW = grad.W(), gU = grad.U(), gb = grad.b();
  // Eligibility traces of every trial: eps_W (N x N), eps_U (N x I), eps_b (N).
  std::vector<Eigen::MatrixXd> eW(std::size_t(B), Eigen::MatrixXd::Zero(N, N));
  std::vector<Eigen::MatrixXd> eU(std::size_t(B), Eigen::MatrixXd::Zero(N, I));
  Eigen::MatrixXd eb = Eigen::MatrixXd::Zero(N, B);
  Eigen::MatrixXd e(N, B), dy(O, B);
  StepFactors f{Eigen::MatrixXd(N, B), Eigen::MatrixXd(N, B), Eigen::MatrixXd(N, B)};
  double loss = 0.0;
  for (std::size_t t = 0; t < T; ++t) {
    step_factors(s, traj, t, f);
    loss += readout_error(traj, batch, t, kind, count, dy, grad);
    e.noalias() = C.transpose() * dy;
    const auto x = step_block(batch.x, t);
    for (Eigen::Index b = 0; b < B; ++b) {
      const auto r = f.r.col(b), q = f.q.col(b), eps = e.col(b);
      auto& EW = eW[std::size_t(b)];
      auto& EU = eU[std::size_t(b)];
      EW = r.asDiagonal() * EW;
      EW.noalias() += q * f.site.col(b).transpose();
      EU = r.asDiagonal() * EU;
      EU.noalias() += q * x.col(b).transpose();
      eb.col(b) = r.cwiseProduct(eb.col(b)) + q;
      gW.noalias() += eps.asDiagonal() * EW;
      gU.noalias() += eps.asDiagonal() * EU;
      if (s.bias) gb.col(0) += eps.cwiseProduct(eb.col(b));
    }
  }
  return loss / count;
}

}  // namespace rnnbook
