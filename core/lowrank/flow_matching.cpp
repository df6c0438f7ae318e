#include "lowrank/flow_matching.hpp"

#include <cmath>
#include <string>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

MlpShape velocity_field_shape(Eigen::Index dim, int hidden) {
  MlpShape s;
  s.inputs = int(dim) + 1;
  s.hidden = {hidden, hidden};
  s.outputs = int(dim);
  s.silu = true;
  return s;
}

Eigen::MatrixXd velocity(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& Z, double t) {
  Eigen::MatrixXd in(Z.rows() + 1, Z.cols());
  in.topRows(Z.rows()) = Z;
  in.bottomRows(1).setConstant(t);
  MlpActivations acts;
  mlp_forward(p, in, acts);
  return acts.output();
}

// SCIENCE.md 11.3 step 4: mlp_output_loss is the mean of 1/2 ||f - y||^2, so L and its gradient are twice it.
double cfm_loss(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& x1, const Eigen::Ref<const Eigen::MatrixXd>& x0,
                const Eigen::Ref<const Eigen::VectorXd>& t, MlpParameters* grad) {
  if (x0.rows() != x1.rows() || x0.cols() != x1.cols() || t.size() != x1.cols())
    throw Error("flow matching: x1 " + size_text(x1.rows(), x1.cols()) + ", x0 " + size_text(x0.rows(), x0.cols()) +
                " and " + std::to_string(t.size()) + " times must match");
  Eigen::MatrixXd in(x1.rows() + 1, x1.cols());
  in.topRows(x1.rows()) = x0 + (x1 - x0) * t.asDiagonal();
  in.bottomRows(1) = t.transpose();
  const Eigen::MatrixXd target = x1 - x0;
  MlpActivations acts;
  mlp_forward(p, in, acts);
  Eigen::MatrixXd dF;
  const double loss = 2.0 * mlp_output_loss(acts.output(), target, LossKind::mse, grad ? &dF : nullptr);
  if (grad) {
    mlp_backward(p, acts, dF, *grad);
    grad->flat() *= 2.0;
  }
  return loss;
}

Eigen::MatrixXd Standardizer::apply(const Eigen::Ref<const Eigen::MatrixXd>& X) const {
  return (X.colwise() - mean).array().colwise() / sd.array();
}

Eigen::MatrixXd Standardizer::undo(const Eigen::Ref<const Eigen::MatrixXd>& Z) const {
  return (Z.array().colwise() * sd.array()).matrix().colwise() + mean;
}

Standardizer fit_standardizer(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  if (X.cols() < 2) throw Error("flow: needs at least 2 loading vectors, got " + std::to_string(X.cols()));
  Standardizer s;
  s.mean = X.rowwise().mean();
  s.sd = ((X.colwise() - s.mean).array().square().rowwise().sum() / double(X.cols())).sqrt();
  for (Eigen::Index i = 0; i < s.sd.size(); ++i)
    if (!(s.sd(i) > 0.0)) throw Error("flow: loading coordinate " + std::to_string(i) + " has zero spread");
  return s;
}

namespace {
void check_flow(const Eigen::Ref<const Eigen::MatrixXd>& data, const FlowSettings& s) {
  if (s.hidden < 1) throw Error("flow.hidden: must be >= 1, got " + std::to_string(s.hidden));
  if (s.steps < 0) throw Error("flow.steps: must be >= 0, got " + std::to_string(s.steps));
  if (s.batch < 1) throw Error("flow.batch: must be >= 1, got " + std::to_string(s.batch));
  if (!(s.lr > 0.0)) throw Error("flow.lr: must be > 0, got " + std::to_string(s.lr));
  if (data.rows() < 1 || data.cols() < 1) throw Error("flow: no data");
}
AdamSettings flow_adam(const FlowSettings& s) {
  AdamSettings a;
  a.lr = s.lr;
  return a;
}
}  // namespace

FlowTrainer::FlowTrainer(const Eigen::Ref<const Eigen::MatrixXd>& data, const FlowSettings& settings, std::uint64_t seed)
    : data_((check_flow(data, settings), data)), settings_(settings), rng_(seed, 1),
      params_(velocity_field_shape(data.rows(), settings.hidden)),
      adam_(params_.flat().size(), flow_adam(settings)) {
  Rng init(seed, 0);
  params_ = mlp_init(params_.shape(), init);
}

void FlowTrainer::step() {
  const Eigen::Index d = data_.rows(), B = settings_.batch, n = data_.cols();
  Eigen::MatrixXd x1(d, B), x0(d, B);
  Eigen::VectorXd t(B);
  for (Eigen::Index b = 0; b < B; ++b) {
    x1.col(b) = data_.col(std::min(Eigen::Index(rng_.uniform() * double(n)), n - 1));
    for (Eigen::Index i = 0; i < d; ++i) x0(i, b) = rng_.normal();
    t(b) = rng_.uniform();
  }
  const int k = steps_taken();
  adam_.set_learning_rate(settings_.lr * 0.5 * (1.0 + portable::cos(kPi * double(k) / double(settings_.steps))));
  MlpParameters grad(params_.shape());
  losses_.push_back(cfm_loss(params_, x1, x0, t, &grad));
  adam_.step(params_.flat(), grad.flat());
}

Eigen::MatrixXd integrate_flow(const VelocityField& v, const Eigen::Ref<const Eigen::MatrixXd>& Z0, int steps,
                               FlowIntegrator integrator) {
  if (steps < 1) throw Error("flow.sample_steps: must be >= 1, got " + std::to_string(steps));
  const double h = 1.0 / double(steps);
  Eigen::MatrixXd z = Z0;
  for (int k = 0; k < steps; ++k) {
    const double t = double(k) * h;
    if (integrator == FlowIntegrator::euler) {
      z += h * v(z, t);
    } else {
      const Eigen::MatrixXd k1 = v(z, t);
      const Eigen::MatrixXd k2 = v(z + 0.5 * h * k1, t + 0.5 * h);
      const Eigen::MatrixXd k3 = v(z + 0.5 * h * k2, t + 0.5 * h);
      const Eigen::MatrixXd k4 = v(z + h * k3, t + h);
      z += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    }
  }
  return z;
}

Eigen::MatrixXd LoadingFlow::sample(Eigen::Index count, Rng& rng, FlowIntegrator integrator, int steps) const {
  const Eigen::Index d = standardizer.mean.size();
  Eigen::MatrixXd z0(d, count);
  for (auto& v : z0.reshaped()) v = rng.normal();
  const Eigen::MatrixXd z1 = integrate_flow([&](const Eigen::MatrixXd& z, double t) { return velocity(params, z, t); },
                                            z0, steps, integrator);
  return standardizer.undo(z1);
}

}  // namespace rnnbook
