#include "experiments/pitchfork_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "dynamics/bifurcation_channel.hpp"
#include "dynamics/fixed_point.hpp"
#include "dynamics/normal_form.hpp"
#include "dynamics/restricted_landscape.hpp"
#include "dynamics/step_map.hpp"
#include "experiments/sntk_measurement.hpp"
#include "tasks/student_teacher.hpp"

namespace rnnbook {

namespace {

// One time constant, 1 / leak steps. Capped at 5000, the longest trial (teacher.steps, sntk.eval_steps):
// a longer pulse is the same input, and 1 / leak (up to 4.5e307) does not fit an int.
int pulse_steps_for(double leak) { return int(std::min(std::ceil(1.0 / leak - 1e-12), 5000.0)); }


}  // namespace

RnnParameters pitchfork_teacher(const RnnShape& shape, double gamma, double beta, Rng& rng) {
  RnnParameters p(shape);
  const double N = shape.hidden;
  Eigen::VectorXd u(shape.hidden);
  for (auto& v : u) v = rng.sign() / std::sqrt(N);
  p.W() = gamma * u * u.transpose();
  p.U().col(0) = beta * std::sqrt(N) * u;
  p.C().row(0) = u.transpose() / std::sqrt(N);
  return p;
}

Batch relaxation_batch(int trials, int steps, int pulse_steps) {
  Batch b;
  const std::size_t T = std::size_t(steps), B = std::size_t(trials);
  b.x = xt::zeros<double>({T, B, std::size_t(1)});
  b.y = xt::zeros<double>({T, B, std::size_t(1)});
  b.mask = xt::ones<double>({T, B});
  for (std::size_t k = 0; k < B; ++k)
    for (std::size_t t = 0; t < std::size_t(pulse_steps) && t < T; ++t) b.x(t, k, 0) = k % 2 ? -1.0 : 1.0;
  return b;
}

PitchforkConfig PitchforkConfig::parse(const json& config) {
  PitchforkConfig c;
  TrainConfig& t = c.train;
  Fields root(config, c.filled, "");
  root.choice("kind", "pitchfork", {"pitchfork"});
  t.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));
  t.steps = root.integer("steps", 600, 0, 1000000);
  t.batch_size = int(root.integer("batch_size", 64, 1, 1024));

  Fields model = root.object("model");
  t.shape.hidden = int(model.integer("hidden", 32, 1, 512));
  t.shape.leak = model.number("leak", 1.0, 0.0, 1.0, true, false);
  t.gain = model.number("gain", 0.5, 0.0, 10.0);
  model.finish();
  t.shape.cell = CellKind::rate;
  t.shape.activation = Activation::tanh;
  t.shape.bias = false;  // b = 0 frozen: h* = 0 stays the symmetric fixed point (SCIENCE.md 4.2)
  t.shape.inputs = t.shape.outputs = 1;

  Fields teacher = root.object("teacher");
  c.teacher_gamma = teacher.number("gamma", 1.5, 0.0, 10.0, true, false);
  c.teacher_beta = teacher.number("beta", 2.0, 0.0, 100.0);
  const double pulse_prob = teacher.number("pulse_prob", 0.05, 0.0, 1.0);
  const int length = int(teacher.integer("steps", 50, 2, 5000));
  teacher.finish();
  c.monitor_trials = int(root.integer("monitor_trials", 64, 0, 1024));

  TrainConfig::read_precision(root, t);  // the student trains in it; the sNTK stays float64
  TrainConfig::read_optimizer(root, t, "sgd");

  Fields s = root.object("sntk");
  c.interval = s.integer("interval", 50, 1, 1000000);
  c.near_interval = s.integer("near_interval", 10, 1, 1000000);
  c.near_mu = s.number("near_mu", 0.2, 0.0, 10.0);
  c.eval_trials = int(s.integer("eval_trials", 8, 1, 64));
  c.eval_steps = int(s.integer("eval_steps", 50, 2, 5000));
  // The normal form's least squares (fit_normal_form) has 3 coefficients: it needs trials x steps >= 3 samples.
  if (c.eval_trials * c.eval_steps < 3)
    throw Error(s.name("eval_steps") + ": sntk.eval_trials x sntk.eval_steps must be at least 3 (the normal-form fit has "
                "3 coefficients; eval_steps allowed [3, 5000] with 1 trial), got " + std::to_string(c.eval_trials) + " x " +
                std::to_string(c.eval_steps));
  c.options.top_k = int(s.integer("top_k", 10, 1, 50));
  c.options.method = sntk_method_from_name(s.choice("method", "matrix_free", {"auto", "dense", "matrix_free"}));
  c.options.probes = int(s.integer("probes", 40, 4, 10000));
  c.landscape_points = int(s.integer("landscape_points", 21, 0, 201));
  if (c.landscape_points == 1) throw Error(s.name("landscape_points") + ": must be 0 (none) or in [2, 201], got 1");
  c.landscape_mu = s.number("landscape_mu", 0.1, 0.0, 10.0, true, true);
  c.options.partial_traces = false;
  c.options.vectors = true;
  s.finish();
  root.finish();

  // The task is built with the teacher (its signs come from the seed) in the constructor.
  RnnParameters placeholder(t.shape);
  auto task = std::make_shared<StudentTeacher>(placeholder);
  task->length = length;
  task->pulse_prob = pulse_prob;
  task->pulse_steps = pulse_steps_for(t.shape.leak);
  t.task = task;
  t.trains[2] = false;
  t.filled = c.filled;
  t.check_size();
  const double cells = double(c.eval_trials) * c.eval_steps * t.shape.hidden;
  if (cells > kMaxTrainCells)
    throw Error("size: sntk.eval_trials x sntk.eval_steps x model.hidden = " + std::to_string(std::int64_t(cells)) +
                " exceeds the limit " + std::to_string(std::int64_t(kMaxTrainCells)));
  return c;
}

namespace {

PitchforkConfig with_teacher(PitchforkConfig c, RnnParameters& teacher) {
  Rng rng(c.train.seed, 7);
  teacher = pitchfork_teacher(c.train.shape, c.teacher_gamma, c.teacher_beta, rng);
  auto old = std::static_pointer_cast<const StudentTeacher>(c.train.task);
  auto task = std::make_shared<StudentTeacher>(teacher);
  task->length = old->length;
  task->pulse_prob = old->pulse_prob;
  task->pulse_steps = old->pulse_steps;
  c.train.task = task;
  return c;
}

}  // namespace

PitchforkExperiment::PitchforkExperiment(const json& config)
    : cfg_(PitchforkConfig::parse(config)),
      teacher_(cfg_.train.shape),
      trainer_(with_teacher(cfg_, teacher_).train),
      relax_(relaxation_batch(cfg_.eval_trials, cfg_.eval_steps, pulse_steps_for(cfg_.train.shape.leak))),
      probe_rng_(cfg_.train.seed, 6) {
  cfg_.train.task = trainer_.config().task;
  Trajectory taught;  // the teacher's outputs on the relaxation trials: targets of the restricted loss
  forward(teacher_, relax_, taught);
  relax_.y = taught.y;
  if (cfg_.monitor_trials > 0) {  // its own stream: the same trials whatever the optimiser
    Rng monitor_rng(cfg_.train.seed, 9);
    monitor_ = cfg_.train.task->sample(cfg_.monitor_trials, monitor_rng);
  }
}

// SCIENCE.md 4.2: lambda_c = max Re eig A* at the zero-input fixed point (Newton from 0), mu = Re lambda_c - 1.
void PitchforkExperiment::record_mu() {
  if (long(mu_.size()) > position()) return;
  const RnnParameters& p = parameters();
  const FixedPoint fp = newton_fixed_point(p, Eigen::VectorXd::Zero(p.shape().hidden));
  if (!fp.converged) throw Error("pitchfork: Newton did not find the zero-input fixed point at step " +
                                 std::to_string(position()) + " (residual " + std::to_string(fp.residual) + ")");
  const Eigen::VectorXcd mult = multipliers(step_jacobian(p, fp.h), LeadingBy::real_part);
  mu_.push_back(mult(0).real() - 1.0);
  lambda_re_.push_back(mult(0).real());
  lambda_im_.push_back(std::abs(mult(0).imag()));
  radius_.push_back(std::sqrt(mult.cwiseAbs2().maxCoeff()));  // not std::abs: libm's hypot
  if (cfg_.monitor_trials > 0) {
    Trajectory traj;
    forward(p, monitor_, traj);
    monitor_loss_.push_back(trajectory_loss(traj, monitor_, LossKind::mse));
  }
  // The adaptive low-rank natural gradient refreshes near the bifurcation (SCIENCE.md 4.5).
  trainer_.set_near_bifurcation(std::abs(mu_.back()) < cfg_.train.lrng.adaptive_mu);
}

bool PitchforkExperiment::measurement_due() const {
  const long p = position();
  if (p == measured_at_) return false;
  const double mu = mu_.back();
  return p % cfg_.interval == 0 || p == total() || (p % cfg_.near_interval == 0 && std::abs(mu) < cfg_.near_mu);
}

void PitchforkExperiment::measure_if_due() {
  if (!measurement_due()) return;
  const long p = position();
  const auto start = std::chrono::steady_clock::now();
  ParameterSelection sel;
  sel.b = false;
  const StateSpaceModel model(parameters(), relax_, sel);  // theta = (W, U), SCIENCE.md 4.2
  const SntkMeasurement m = [&] {
    // Shares measured at model.hidden 512: the sNTK half the time, the channel split most of the rest.
    const ProgressPart part(0.0, 0.5);
    return measure_sntk_at_step(model, cfg_.options, probe_rng_, p);
  }();

  const Eigen::Index N = cfg_.train.shape.hidden;
  const FixedPoint fp = newton_fixed_point(parameters(), Eigen::VectorXd::Zero(N));
  const Eigen::VectorXd x0 = Eigen::VectorXd::Zero(1);
  const CriticalMode mode = critical_mode(step_jacobian(parameters(), fp.h, x0), LeadingBy::real_part);
  Eigen::VectorXd v = critical_multiplier_gradient(model, fp.h, x0, mode);
  const double dmu_ds = v.norm();
  v.normalize();
  const ChannelSplit split = [&] {
    const ProgressPart part(0.5, 0.9);
    return bifurcation_split(model, v, m.trace, m.top_vectors.col(0), probe_rng_);
  }();

  // Normal form on the reduced coordinate z_t = l^T h_t of the relaxation trajectories.
  const auto& h = model.trajectory().h;
  const Eigen::Index T = Eigen::Index(relax_.steps()), B = Eigen::Index(relax_.trials());
  const Eigen::VectorXd l = mode.left.real();
  Eigen::MatrixXd z(T + 1, B), x(T, B);
  for (Eigen::Index t = 0; t <= T; ++t) z.row(t) = (l.transpose() * step_block(h, std::size_t(t)));
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index b = 0; b < B; ++b) x(t, b) = relax_.x(std::size_t(t), std::size_t(b), 0);
  const NormalFormFit fit = fit_normal_form(z, x);
  if (cfg_.landscape_points > 0 && dmu_ds > 0.0) {  // Figure C of SCIENCE.md 4.4
    const ProgressPart part(0.9, 1.0);
    const RestrictedLandscape land = restricted_landscape(parameters(), relax_, sel, v, dmu_ds, l, mode.right.real(),
                                                          fit, cfg_.landscape_mu, cfg_.landscape_points);
    const auto append = [](std::vector<double>& to, const Eigen::VectorXd& from) {
      to.insert(to.end(), from.data(), from.data() + from.size());
    };
    append(land_kernel_, land.kernel);
    append(land_kernel_z_, land.kernel_z);
    append(land_loss_, land.loss);
    append(land_nf_kernel_, land.nf_kernel);
    append(land_nf_loss_, land.nf_loss);
  } else if (cfg_.landscape_points > 0) {
    for (auto* a : {&land_kernel_, &land_kernel_z_, &land_loss_, &land_nf_kernel_, &land_nf_loss_})
      a->insert(a->end(), std::size_t(cfg_.landscape_points), NAN);
  }

  measured_at_ = p;
  steps_.push_back(double(p));
  pr_.push_back(m.pr);
  pr_se_.push_back(m.pr_std_error);
  erank_.push_back(m.erank);
  for (int k = 0; k < cfg_.options.top_k; ++k) top_.push_back(k < m.top.size() ? m.top(k) : NAN);
  rho1_.push_back(split.rho1);
  rho_.push_back(split.rho_trace);
  alignment_.push_back(split.alignment);
  bif_.push_back(split.bif);
  mu_hat_.push_back(fit.mu);
  c_hat_.push_back(fit.c);
  beta_hat_.push_back(fit.beta);
  fit_r2_.push_back(fit.r_squared);
  dmu_ds_.push_back(dmu_ds);
  measure_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

long PitchforkExperiment::step(long n) {
  long done = 0;
  for (; done < n && position() < total(); ++done) {
    progress_next_unit();
    const double end = position() + 1 == total() ? 0.5 : 1.0;  // the last unit ends in the final measurement
    record_mu();
    {
      // A unit with a measurement spends most of its time in it; the others train.
      const ProgressPart part(0.0, measurement_due() ? 0.9 * end : 0.0);  // its end reports 0.9 (0.45)
      measure_if_due();
    }
    trainer_.step(1);  // no report after it: the position has moved on to the next unit
  }
  if (position() >= total()) {
    const ProgressPart part(0.5, 1.0);
    record_mu();
    measure_if_due();
  }
  return done;
}

std::vector<double> PitchforkExperiment::series(const std::string& name, long from) const {
  if (name == "loss") return trainer_.series(name, from);
  const std::vector<double>* v = nullptr;
  if (name == "mu") v = &mu_;
  else if (name == "monitor_loss") v = &monitor_loss_;
  else if (name == "measure_step") v = &steps_;
  else if (name == "pr") v = &pr_;
  else if (name == "erank") v = &erank_;
  else if (name == "rho1") v = &rho1_;
  else if (name == "alignment") v = &alignment_;
  else if (name == "top_eigenvalues") v = &top_;
  else
    throw Error("series: unknown name \"" + name +
                "\"; allowed: loss, monitor_loss, mu, measure_step, pr, erank, rho1, alignment, top_eigenvalues");
  return series_from(*v, from);
}

Result PitchforkExperiment::result() {
  if (position() >= total()) {
    record_mu();
    measure_if_due();
  }
  Result r = trainer_.result();
  r.kind = "pitchfork";
  r.config = cfg_.filled;
  // Sign changes of mu: the first one, and what the critical multiplier was there.
  double crossings = 0, first = NAN, type = NAN;
  for (std::size_t k = 1; k < mu_.size(); ++k) {
    if ((mu_[k - 1] >= 0.0) == (mu_[k] >= 0.0)) continue;
    crossings += 1;
    if (std::isnan(first)) {
      first = double(k);
      const std::size_t near = std::abs(mu_[k]) <= std::abs(mu_[k - 1]) ? k : k - 1;
      type = lambda_im_[near] > 1e-9 ? 2.0 : 0.0;  // a real multiplier through +1, or a complex pair
    }
  }
  std::vector<Complex> radius(radius_.begin(), radius_.end());
  r.scalars["mu_crossings"] = crossings;
  r.scalars["crossing_step"] = first;
  r.scalars["crossing_type"] = type;
  r.scalars["unit_circle_crossings"] = double(unit_circle_crossings(radius).size());
  r.scalars["measurements"] = double(steps_.size());
  r.scalars["measure_ms"] = measure_ms_;
  r.arrays["mu"] = vector_array(mu_);
  if (cfg_.monitor_trials > 0) r.arrays["monitor_loss"] = vector_array(monitor_loss_);
  r.arrays["multiplier_re"] = vector_array(lambda_re_);
  r.arrays["multiplier_im"] = vector_array(lambda_im_);
  r.arrays["spectral_radius"] = vector_array(radius_);
  r.arrays["measure_step"] = vector_array(steps_);
  r.arrays["pr"] = vector_array(pr_);
  r.arrays["pr_std_error"] = vector_array(pr_se_);
  r.arrays["erank"] = vector_array(erank_);
  r.arrays["top_eigenvalues"] = {{steps_.size(), std::size_t(cfg_.options.top_k)}, top_};
  r.arrays["rho1"] = vector_array(rho1_);
  r.arrays["rho"] = vector_array(rho_);
  r.arrays["alignment"] = vector_array(alignment_);
  r.arrays["bif_eigenvalue"] = vector_array(bif_);
  r.arrays["nf_mu"] = vector_array(mu_hat_);
  r.arrays["nf_c"] = vector_array(c_hat_);
  r.arrays["nf_beta"] = vector_array(beta_hat_);
  r.arrays["nf_r2"] = vector_array(fit_r2_);
  r.arrays["dmu_ds"] = vector_array(dmu_ds_);
  if (cfg_.landscape_points > 0) {
    const std::size_t m = steps_.size(), n = std::size_t(cfg_.landscape_points);
    const Eigen::VectorXd dmu = Eigen::VectorXd::LinSpaced(cfg_.landscape_points, -cfg_.landscape_mu, cfg_.landscape_mu);
    r.arrays["landscape_dmu"] = {{n}, std::vector<double>(dmu.data(), dmu.data() + n)};
    r.arrays["landscape_kernel"] = {{m, n}, land_kernel_};
    r.arrays["landscape_kernel_z"] = {{m, n}, land_kernel_z_};
    r.arrays["landscape_loss"] = {{m, n}, land_loss_};
    r.arrays["landscape_nf_kernel"] = {{m, n}, land_nf_kernel_};
    r.arrays["landscape_nf_loss"] = {{m, n}, land_nf_loss_};
  }
  r.timing_ms += measure_ms_;
  return r;
}

}  // namespace rnnbook
