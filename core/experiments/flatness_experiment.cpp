#include "experiments/flatness_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "dimension/distinct.hpp"
#include "dimension/points.hpp"
#include "dimension/twonn.hpp"
#include "measures/effective_rank.hpp"
#include "measures/mlp_sensitivity.hpp"
#include "measures/sharpness.hpp"

namespace rnnbook {

namespace {

// Streams of the seed: 1 initialisation, 2 batch draws, 3 cluster centres and training points,
// 4 test points, 5 Hutchinson probes, 6 the power iteration's start (README.md).
void draw_points(const FlatnessConfig& c, LabelledPoints& train, LabelledPoints& test) {
  if (!c.clusters) {
    train = c.user_train;
    test = c.user_test;
    return;
  }
  Rng data_rng(c.seed, 3), test_rng(c.seed, 4);
  const GaussianClusters clusters(c.cluster, data_rng);
  train = clusters.sample(c.train_points, data_rng);
  test = clusters.sample(c.test_points, test_rng);
}

bool all_one_hot(const Eigen::MatrixXd& Y) {
  for (Eigen::Index i = 0; i < Y.cols(); ++i) {
    int ones = 0;
    for (Eigen::Index j = 0; j < Y.rows(); ++j) {
      if (Y(j, i) == 1.0) ++ones;
      else if (Y(j, i) != 0.0) return false;
    }
    if (ones != 1) return false;
  }
  return true;
}

MlpParameters initial_parameters(const FlatnessConfig& c) {
  Rng rng(c.seed, 1);
  return mlp_init(c.shape, rng);
}

std::variant<Sgd, Adam> make_optimizer(const FlatnessConfig& c) {
  const Eigen::Index n = c.shape.parameter_count();
  if (c.optimizer == "adam") return Adam(n, c.adam);
  return Sgd(n, c.sgd);
}

// PR of the centred covariance of layer l's activity (units x points; SCIENCE.md 6.1). A layer that
// does not vary over the points occupies no dimension: 0.
double layer_participation_ratio(const Eigen::MatrixXd& A, std::size_t l) {
  const Eigen::MatrixXd centred = A.colwise() - A.rowwise().mean();
  const Eigen::MatrixXd cov = centred * centred.transpose() / double(A.cols() - 1);
  if (!cov.allFinite())
    throw Error("layer_pr: the covariance of layer " + std::to_string(l) +
                " overflows double precision; scale the inputs down");
  return cov.squaredNorm() > 0.0 ? participation_ratio_psd(cov) : 0.0;
}

// TwoNN (MLE; SCIENCE.md 6.2) of layer l's activity over the points. A layer with fewer than three
// distinct points has no neighbours to compare: 0, like the PR of a layer that does not vary.
double layer_twonn(const Eigen::MatrixXd& A, std::size_t l) {
  const Eigen::MatrixXd rows = scaled(A.transpose(), rescale_exponent(A));  // distances of inputs near 1e-170 underflowed
  if (distinct_rows(rows).points.rows() < 3) return 0.0;
  try {
    return twonn(rows).mle;
  } catch (const Error& e) {
    throw Error("layer_twonn: layer " + std::to_string(l) + ": " + e.what());
  }
}

}  // namespace

FlatnessExperiment::FlatnessExperiment(const json& config)
    : cfg_(FlatnessConfig::parse(config)),
      batch_rng_(cfg_.seed, 2),
      params_(initial_parameters(cfg_)),
      grad_(cfg_.shape),
      optimizer_(make_optimizer(cfg_)),
      optimizer_before_(optimizer_) {
  draw_points(cfg_, train_, test_);
  one_hot_ = all_one_hot(train_.y) && all_one_hot(test_.y);
  order_.resize(std::size_t(train_.points()));
  std::iota(order_.begin(), order_.end(), Eigen::Index(0));
  losses_.reserve(std::size_t(cfg_.steps));
  if (cfg_.precision == Precision::float32) {
    // The float64 initial weights rounded once; params_ becomes their exact image.
    FloatMlpParameters p(cfg_.shape);
    p.flat() = params_.flat().cast<float>();
    params_.flat() = p.flat().cast<double>();
    const Eigen::Index n = cfg_.shape.parameter_count();
    std::variant<FloatSgd, FloatAdam> opt =
        cfg_.optimizer == "adam" ? std::variant<FloatSgd, FloatAdam>(FloatAdam(n, cfg_.adam))
                                 : std::variant<FloatSgd, FloatAdam>(FloatSgd(n, cfg_.sgd));
    f32_.emplace(FloatTraining{p, FloatMlpParameters(cfg_.shape), opt, opt, {}, {}, {}});
  }
}

// Every measure of SCIENCE.md 6.4 at the current weights (see the README for the names). All or
// nothing: a measure that fails leaves the series as they were and names the step.
void FlatnessExperiment::record_checkpoint(long at) {
  std::map<std::string, double> rec;
  std::vector<double> pr, twonn;
  try {
    measure_checkpoint(at, rec, pr, twonn);
  } catch (const Error& e) {
    throw Error("measures at step " + std::to_string(at) + ": " + e.what());
  }
  for (const auto& [name, value] : rec) records_[name].push_back(value);
  layer_pr_.insert(layer_pr_.end(), pr.begin(), pr.end());
  layer_twonn_.insert(layer_twonn_.end(), twonn.begin(), twonn.end());
}

// The rough cost of each phase of a checkpoint in multiply-adds, for the progress of a unit: the forward
// passes, the sensitivities (a Jacobian of `outputs` rows per point), the Gauss-Newton trace, Hutchinson's
// and the power iteration's Hessian-vector products (about four passes each), the layer statistics.
std::vector<double> FlatnessExperiment::checkpoint_phase_costs() const {
  const FlatnessConfig& c = cfg_;
  const double P = double(c.shape.parameter_count()), points = double(c.points), O = double(c.shape.outputs);
  double layers = 0.0;
  if (c.layer_points > 0) {
    const double n = double(c.layer_points);
    for (int l = 0; l <= c.shape.layers(); ++l) {  // covariance w^2 n; TwoNN's distances n^2 w
      const double w = double(l < c.shape.layers() ? c.shape.fan_in(l) : c.shape.outputs);
      layers += w * w * n + (c.layer_twonn ? n * n * w : 0.0);
    }
  }
  return {P * double(train_.points() + test_.points()), points * O * P,
          c.loss == LossKind::mse ? 0.0 : points * O * P, 4.0 * P * points * c.hessian_samples,
          4.0 * P * points * c.hessian_iterations, layers};
}

void FlatnessExperiment::measure_checkpoint(long at, std::map<std::string, double>& rec, std::vector<double>& pr,
                                            std::vector<double>& twonn) {
  const FlatnessConfig& c = cfg_;
  ProgressPhases phases(checkpoint_phase_costs());
  const auto push = [&](const char* name, double value) { rec[name] = value; };
  push("checkpoint_steps", double(at));
  phases.enter(0);
  mlp_forward(params_, train_.x, acts_);
  push("train_loss", mlp_output_loss(acts_.output(), train_.y, c.loss));
  if (one_hot_) push("train_accuracy", mlp_accuracy(acts_.output(), train_.y));
  if (test_.points() > 0) {
    mlp_forward(params_, test_.x, acts_);
    push("test_loss", mlp_output_loss(acts_.output(), test_.y, c.loss));
    if (one_hot_) push("test_accuracy", mlp_accuracy(acts_.output(), test_.y));
  }

  const LabelledPoints head = train_.head(c.points);
  phases.enter(1);
  const MlpSensitivity m = mlp_sensitivity(params_, head.x, c.log_volume_rank);
  phases.enter(2);
  push("sharpness", m.sharpness);
  // MSE: the Gauss-Newton trace is sharp^2 (SCIENCE.md 6.4); cross-entropy weighs the outputs.
  push("gn_trace", c.loss == LossKind::mse ? m.sharpness * m.sharpness
                                           : mlp_gauss_newton_trace(params_, head.x, head.y, c.loss));
  push("local_dimension", m.local_dimension.mean());
  push("mls", m.max_sensitivity.mean());
  push("log_volume", m.log_volume.mean());
  push("nmls", m.nmls.mean());
  push("nvr", m.nvr.mean());
  push("jacobian_frobenius_sq", m.frobenius_sq.mean());
  const FlatnessBounds& b = m.bounds;
  push("bound1_mls_ratio", b.bound1_mls_ratio);
  push("bound1_ratio", b.bound1_ratio);
  push("bound2_b", b.bound2_b);
  push("bound2_c", b.bound2_c);
  push("bound2_d", b.bound2_d);
  push("bound3", b.bound3);
  push("bound4", b.bound4);
  push("bound4_gap", b.bound4_gap);
  phases.enter(3);
  if (c.hessian_samples > 0) {  // the same probes at every checkpoint
    Rng probes(c.seed, 5);
    const Estimate e = mlp_hessian_trace(params_, head.x, head.y, c.loss, c.hessian_samples, probes);
    push("hessian_trace", e.value);
    push("hessian_trace_se", e.std_error);
  }
  phases.enter(4);
  if (c.hessian_iterations > 0) {
    Rng start(c.seed, 6);
    const PowerIterationResult r =
        mlp_hessian_max(params_, head.x, head.y, c.loss, start, {c.hessian_tol, c.hessian_iterations});
    push("hessian_max", r.value);
    push("hessian_iterations", double(r.iterations));
  }
  phases.enter(5);
  if (c.layer_points > 0) {  // held-out points when there are some
    const LabelledPoints& held = test_.points() > 0 ? test_ : train_;
    mlp_forward(params_, held.x.leftCols(c.layer_points), acts_);
    const std::size_t L = acts_.a.size();
    const double stats = double(L + 1) * (c.layer_twonn ? 2.0 : 1.0);  // a layer's PR, then its TwoNN: one share each
    for (std::size_t l = 0; l <= L; ++l) {
      pr.push_back(layer_participation_ratio(l < L ? acts_.a[l] : acts_.output(), l));
      report_progress(double(l + 1) / stats);
    }
    if (c.layer_twonn)
      for (std::size_t l = 0; l <= L; ++l) {
        twonn.push_back(layer_twonn(l < L ? acts_.a[l] : acts_.output(), l));
        report_progress(double(L + 2 + l) / stats);
      }
  }
  // Infinities have a meaning (a collapsed direction's log volume, a bound at x = 0); NaN has none.
  for (const auto& [name, value] : rec)
    if (std::isnan(value))
      throw Error(name + " is not a number: some layer's activity overflows double precision; scale the inputs down");
}

std::string FlatnessExperiment::divergence_message() const {
  return "training diverged at step " + std::to_string(diverged_at_) + ": " + divergence_cause_ +
         "; the last finite state (after " + std::to_string(diverged_at_) + " steps) is kept; lower optimizer.lr";
}

// Like the train experiment's guard: a step whose loss, gradient or update is not finite is undone
// and stops the run; the experiment keeps its last finite state.
long FlatnessExperiment::step(long n) {
  if (diverged_at_ >= 0) throw Diverged(divergence_message());
  const auto start = std::chrono::steady_clock::now();
  const auto due = [&](long at) { return at % cfg_.every == 0 || at == total(); };
  progress_next_unit();
  if (n > 0 && records_.empty()) {  // the initial network: half of the first unit when that one measures too
    const ProgressPart part(0.0, position() < total() && due(position() + 1) ? 0.5 : 1.0);
    record_checkpoint(position());
  }
  const Eigen::Index N = train_.points(), B = cfg_.batch_size;
  batch_x_.resize(train_.x.rows(), B);
  batch_y_.resize(train_.y.rows(), B);
  long done = 0;
  for (; done < n && position() < total(); ++done) {
    if (done > 0) progress_next_unit();
    const RngState rng_before = batch_rng_.state();
    for (Eigen::Index b = 0; b < B; ++b) {  // without replacement within a batch (partial Fisher-Yates)
      const Eigen::Index pos = b % N, left = N - pos;
      std::swap(order_[std::size_t(pos)], order_[std::size_t(pos + Eigen::Index(batch_rng_.uniform() * double(left)) % left)]);
      batch_x_.col(b) = train_.x.col(order_[std::size_t(pos)]);
      batch_y_.col(b) = train_.y.col(order_[std::size_t(pos)]);
    }
    // One guarded update in either precision; the cause if it failed, else nullptr.
    const auto update = [&](auto& params, auto& grad, auto& optimizer, auto& optimizer_before, auto& theta_before,
                            auto& acts, const auto& x, double& loss) -> const char* {
      loss = mlp_loss_and_gradient(params, x, batch_y_, cfg_.loss, acts, grad);
      if (!std::isfinite(loss) || !grad.flat().allFinite()) return "the loss or its gradient is not finite";
      theta_before = params.flat();  // same sizes every step: copies, no allocation
      optimizer_before = optimizer;
      std::visit([&](auto& opt) { opt.step(params.flat(), grad.flat()); }, optimizer);
      if (params.flat().allFinite()) return nullptr;
      params.flat() = theta_before;
      optimizer = optimizer_before;
      return "the update made the weights non-finite";
    };
    double loss = 0.0;
    const char* cause = nullptr;
    if (f32_) {
      FloatTraining& f = *f32_;
      f.batch_x = batch_x_.cast<float>();
      cause = update(f.params, f.grad, f.optimizer, f.optimizer_before, f.theta_before, f.acts, f.batch_x, loss);
      if (!cause) params_.flat() = f.params.flat().cast<double>();
    } else {
      cause = update(params_, grad_, optimizer_, optimizer_before_, theta_before_, acts_, batch_x_, loss);
    }
    if (!cause) {
      // Measured before the step counts, so that a front end places the unit's long part in this unit.
      const long at = position() + 1;
      if (due(at)) {
        const ProgressPart part(at == 1 ? 0.5 : 0.0, 1.0);  // the first unit began with the initial network
        try {
          record_checkpoint(at);
        } catch (...) {
          losses_.push_back(loss);  // the step itself stands, as before a measure could fail
          throw;
        }
      }
      losses_.push_back(loss);
      continue;
    }
    divergence_cause_ = cause;
    batch_rng_.set_state(rng_before);
    diverged_at_ = position();
    elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    throw Diverged(divergence_message());
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

// The per-checkpoint series this config records, in the order they are measured.
std::vector<std::string> FlatnessExperiment::measure_names() const {
  std::vector<std::string> names = {"checkpoint_steps", "train_loss"};
  if (one_hot_) names.push_back("train_accuracy");
  if (test_.points() > 0) names.push_back("test_loss");
  if (test_.points() > 0 && one_hot_) names.push_back("test_accuracy");
  for (const char* n : {"sharpness", "gn_trace", "local_dimension", "mls", "log_volume", "nmls", "nvr",
                        "jacobian_frobenius_sq", "bound1_mls_ratio", "bound1_ratio", "bound2_b", "bound2_c",
                        "bound2_d", "bound3", "bound4", "bound4_gap"})
    names.push_back(n);
  if (cfg_.hessian_samples > 0) names.insert(names.end(), {"hessian_trace", "hessian_trace_se"});
  if (cfg_.hessian_iterations > 0) names.insert(names.end(), {"hessian_max", "hessian_iterations"});
  return names;
}

// A known series is empty until the first checkpoint is measured.
std::vector<double> FlatnessExperiment::series(const std::string& name, long from) const {
  static const std::vector<double> none;
  const std::vector<double>* s = &losses_;
  if (name != "loss") {
    const std::vector<std::string> names = measure_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string list = "loss";
      for (const std::string& n : names) list += ", " + n;
      throw Error("series: unknown name \"" + name + "\"; allowed: " + list);
    }
    auto it = records_.find(name);
    s = it == records_.end() ? &none : &it->second;
  }
  return series_from(*s, from);
}

Result FlatnessExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  if (records_.empty() && position() == 0) record_checkpoint(0);  // steps = 0: measure the initial network
  Result r;
  r.kind = "flatness";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["steps_done"] = double(position());
  r.scalars["stopped_early"] = position() < total() ? 1.0 : 0.0;
  r.scalars["diverged"] = diverged_at_ >= 0 ? 1.0 : 0.0;
  if (diverged_at_ >= 0) r.scalars["diverged_at_step"] = double(diverged_at_);
  r.scalars["parameters"] = double(cfg_.shape.parameter_count());
  r.scalars["initial_loss"] = losses_.empty() ? NAN : losses_.front();
  r.scalars["final_loss"] = losses_.empty() ? NAN : losses_.back();
  const std::size_t C = records_.at("checkpoint_steps").size();
  r.scalars["checkpoints"] = double(C);
  r.arrays["loss"] = {{losses_.size()}, losses_};
  for (const auto& [name, values] : records_) r.arrays[name] = {{values.size()}, values};
  const std::size_t layers = std::size_t(cfg_.shape.layers()) + 1;
  if (cfg_.layer_points > 0) r.arrays["layer_pr"] = {{C, layers}, layer_pr_};
  if (cfg_.layer_points > 0 && cfg_.layer_twonn) r.arrays["layer_twonn"] = {{C, layers}, layer_twonn_};
  r.timing_ms = elapsed_ms_ +
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
