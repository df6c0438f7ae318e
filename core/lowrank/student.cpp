#include "lowrank/student.hpp"

#include <string>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

// SCIENCE.md 1.3 for cell B with W = M N^T / N: lambda_k = dL/dx_k, dM += dt lambda_k c_{k-1}^T,
// dN += dt phi_{k-1} (M^T lambda_k)^T / N, lambda_{k-1} = (1 - dt) lambda_k + dt phi'_{k-1} (N M^T lambda_k) / N.
double window_loss(const LowRankNetwork& net, double dt, const TrialStates& data, const std::vector<WindowStart>& starts,
                   Eigen::Index length, LowRankNetwork* grad) {
  const Eigen::Index N = net.neurons(), W = Eigen::Index(starts.size());
  if (data.dim() != N) throw Error("student: data have " + std::to_string(data.dim()) + " neurons, the network " + std::to_string(N));
  const double scale = 1.0 / (double(W) * double(length) * double(N));
  const std::size_t L = static_cast<std::size_t>(length);
  std::vector<Eigen::MatrixXd> phi(L), slope(L), err(L);
  Eigen::MatrixXd X(N, W), D(N, W);
  for (Eigen::Index w = 0; w < W; ++w) X.col(w) = data.state(starts[std::size_t(w)].trial, starts[std::size_t(w)].step);
  double loss = 0.0;
  for (Eigen::Index k = 0; k < length; ++k) {
    Eigen::MatrixXd& p = phi[std::size_t(k)];
    Eigen::MatrixXd& s = slope[std::size_t(k)];
    p.resize(N, W);
    s.resize(N, W);
    apply_phi_and_dphi(net.phi, X, p, s);
    X = (1.0 - dt) * X + dt * (net.M * (net.N.transpose() * p / double(N)));
    for (Eigen::Index w = 0; w < W; ++w) D.col(w) = data.state(starts[std::size_t(w)].trial, starts[std::size_t(w)].step + k + 1);
    err[std::size_t(k)] = X - D;
    loss += err[std::size_t(k)].squaredNorm();
  }
  if (grad) {
    grad->M = Eigen::MatrixXd::Zero(N, net.rank());
    grad->N = Eigen::MatrixXd::Zero(N, net.rank());
    Eigen::MatrixXd lambda = Eigen::MatrixXd::Zero(N, W);
    for (Eigen::Index k = length - 1; k >= 0; --k) {
      lambda += 2.0 * scale * err[std::size_t(k)];
      const Eigen::MatrixXd& p = phi[std::size_t(k)];
      const Eigen::MatrixXd mt_lambda = net.M.transpose() * lambda;  // R x W
      grad->M.noalias() += (dt / double(N)) * lambda * (p.transpose() * net.N);
      grad->N.noalias() += (dt / double(N)) * p * mt_lambda.transpose();
      lambda = (1.0 - dt) * lambda + (dt / double(N)) * slope[std::size_t(k)].cwiseProduct(net.N * mt_lambda);
    }
  }
  return loss * scale;
}

namespace {
void check_student(const TrialStates& data, double dt, const StudentSettings& s) {
  if (s.rank < 1 || s.rank > data.dim())
    throw Error("students.rank: must be in [1, " + std::to_string(data.dim()) + "], got " + std::to_string(s.rank));
  if (s.steps < 0) throw Error("students.steps: must be >= 0, got " + std::to_string(s.steps));
  if (s.windows < 1) throw Error("students.windows: must be >= 1, got " + std::to_string(s.windows));
  if (s.window_length < 1 || s.window_length > data.steps)
    throw Error("students.window: must be in [1, " + std::to_string(data.steps) + "] (the steps per trial), got " +
                std::to_string(s.window_length));
  if (!(s.lr > 0.0)) throw Error("students.lr: must be > 0, got " + std::to_string(s.lr));
  if (!(s.init_sd > 0.0)) throw Error("students.init_sd: must be > 0, got " + std::to_string(s.init_sd));
  if (!(dt > 0.0 && dt <= 1.0)) throw Error("dt: must be in (0, 1], got " + std::to_string(dt));
}
AdamSettings student_adam(const StudentSettings& s) {
  AdamSettings a;
  a.lr = s.lr;
  return a;
}
}  // namespace

StudentFit::StudentFit(const TrialStates& data, double dt, const StudentSettings& settings, std::uint64_t seed)
    : data_(data), dt_(dt), settings_(settings), windows_(seed, 1),
      adam_((check_student(data, dt, settings), 2 * data.dim() * settings.rank), student_adam(settings)) {
  Rng init(seed, 0);
  init_.M.resize(data.dim(), settings.rank);
  init_.N.resize(data.dim(), settings.rank);
  for (auto& v : init_.M.reshaped()) v = settings.init_sd * init.normal();
  for (auto& v : init_.N.reshaped()) v = settings.init_sd * init.normal();
  theta_.resize(2 * init_.M.size());
  theta_ << init_.M.reshaped(), init_.N.reshaped();
}

LowRankNetwork StudentFit::network() const {
  LowRankNetwork net;
  const Eigen::Index n = init_.M.size();
  net.M = theta_.head(n).reshaped(init_.M.rows(), init_.M.cols());
  net.N = theta_.tail(n).reshaped(init_.M.rows(), init_.M.cols());
  net.phi = init_.phi;
  return net;
}

void StudentFit::step() {
  std::vector<WindowStart> starts(static_cast<std::size_t>(settings_.windows));
  const Eigen::Index last = data_.steps - settings_.window_length;  // windows start at 0..last
  for (auto& w : starts) {
    w.trial = std::min(Eigen::Index(windows_.uniform() * double(data_.trials)), data_.trials - 1);
    w.step = std::min(Eigen::Index(windows_.uniform() * double(last + 1)), last);
  }
  if (settings_.cosine)
    adam_.set_learning_rate(settings_.lr * 0.5 *
                            (1.0 + portable::cos(kPi * double(steps_taken()) / double(settings_.steps))));
  LowRankNetwork grad;
  losses_.push_back(window_loss(network(), dt_, data_, starts, settings_.window_length, &grad));
  Eigen::VectorXd g(theta_.size());
  g << grad.M.reshaped(), grad.N.reshaped();
  adam_.step(theta_, g);
}

double trajectory_error(const LowRankNetwork& net, double dt, const TrialStates& data) {
  const TrialStates x = simulate(net, dt, data.at_step(0), data.steps);
  return (x.X - data.X).norm() / data.X.norm();
}

}  // namespace rnnbook
