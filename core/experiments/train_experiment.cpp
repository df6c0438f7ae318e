#include "experiments/train_experiment.hpp"

#include <cmath>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "experiments/task_config.hpp"
#include "measures/curvature.hpp"
#include "measures/rich_lazy.hpp"
#include "ops/gauss_newton.hpp"
#include "rnn/init.hpp"

namespace rnnbook {

namespace {

// The rich-lazy measures run in one call (result()): refused up front when that call would take over
// about 20 s in a browser (kMaxRichLazyWork), with the most kernel trials that fit.
void check_rich_lazy_work(Fields& measures, std::int64_t T, std::int64_t O, int N, const MeasureSettings& m) {
  const auto work = [&](double trials) { return rich_lazy_work(double(T), trials, double(O), N, m.representation_trials); };
  if (work(m.kernel_trials) <= kMaxRichLazyWork) return;
  int most = m.kernel_trials;
  while (most > 0 && work(most) > kMaxRichLazyWork) --most;
  const std::string lower = most > 0 ? "use at most " + std::to_string(most) + " kernel_trials or a smaller model.hidden"
                                     : "use a smaller model.hidden or fewer measures.representation_trials";
  throw Error(measures.name("kernel_trials") +
              ": the rich-lazy measures at the end of the run would take one call of about " +
              std::to_string(std::int64_t(work(m.kernel_trials) / kMaxRichLazyWork * 20.0)) +
              " s in a browser (their work grows with model.hidden^2 x ((time steps of the task) x kernel_trials x "
              "outputs)^2; here model.hidden = " + std::to_string(N) + ", " + std::to_string(T) + " time steps, " +
              std::to_string(O) + " outputs, kernel_trials = " + std::to_string(m.kernel_trials) +
              "), over the limit of about 20 s; " + lower);
}

}  // namespace

TrainConfig TrainConfig::parse(const json& config) {
  json filled;
  Fields root(config, filled, "");
  root.choice("kind", "train", {"train"});
  TrainConfig c = read(root, config);
  root.finish();
  c.filled = filled;
  c.check_size();
  return c;
}

TrainConfig TrainConfig::read(Fields& root, const json& root_json) {
  TrainConfig c;
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));  // JS-safe integers
  c.steps = root.integer("steps", 300, 0, 1000000);
  read_precision(root, c);
  c.batch_size = int(root.integer("batch_size", 32, 1, 1024));
  c.eval_trials = int(root.integer("eval_trials", 4, 1, 64));

  Fields model = root.object("model");
  c.shape.hidden = int(model.integer("hidden", 64, 1, 1024));
  c.shape.cell = cell_from_name(model.choice("cell", "rate", {"rate", "current", "ctrnn"}));
  c.shape.activation = activation_from_name(
      model.choice("activation", "tanh", {"tanh", "relu", "softplus", "identity"}));
  c.shape.bias = model.boolean("bias", true);
  c.shape.leak = model.number("leak", 1.0, 0.0, 1.0, true, false);
  c.gain = model.number("gain", 1.0, 0.0, 10.0);
  try {  // one message for every bad rank, with the range this model allows
    c.rank = int(model.integer("rank", 0, 0, c.shape.hidden));
  } catch (const Error&) {
    throw Error("model.rank: must be an integer in [0, " + std::to_string(c.shape.hidden) +
                "] (0 = full rank, at most model.hidden), got " + root_json["model"]["rank"].dump());
  }
  c.input_init = model.choice("input_init", "normal", {"normal", "uniform"}) == "normal" ? InputInit::normal
                                                                                      : InputInit::uniform;
  const json* weights = model.raw("weights");  // read once the task has set I and O
  const json* fixed_point = model.raw("fixed_point");
  model.finish();

  Fields task = root.object("task");
  c.task = parse_task(task);
  c.shape.inputs = c.task->inputs();
  c.shape.outputs = c.task->outputs();
  c.given = read_given_weights(weights, fixed_point, c.shape, model);

  c.rule = root.choice("gradient", "bptt", {"bptt", "truncated"}) == "bptt" ? GradientRule::bptt
                                                                          : GradientRule::truncated;

  read_optimizer(root, c, "adam");

  Fields trainable = root.object("trainable");
  const char* blocks[] = {"W", "U", "b", "C", "c"};
  for (int i = 0; i < 5; ++i) c.trains[i] = trainable.boolean(blocks[i], true);
  trainable.finish();

  // Limits that keep each measure within the memory of a browser tab (README, "measures"); they
  // apply only to the measures switched on.
  Fields measures = root.object("measures");
  MeasureSettings& m = c.measures;
  const std::int64_t T = c.task->steps(), O = c.shape.outputs;
  m.rich_lazy = measures.boolean("rich_lazy", false);
  m.kernel_trials = int(measures.integer("kernel_trials", 32, 1, 4096));
  if (m.rich_lazy && double(T) * m.kernel_trials * c.shape.outputs > double(kMaxKernelOutputs))
    throw Error(measures.name("kernel_trials") + ": (time steps of the task) x kernel_trials x outputs = " +
                std::to_string(T * m.kernel_trials * O) + " exceeds the limit " + std::to_string(kMaxKernelOutputs) +
                "; use at most " + std::to_string(kMaxKernelOutputs / (T * O)) + " trials");
  if (m.rich_lazy && double(T) * m.kernel_trials * c.shape.outputs * double(T) * c.shape.hidden > kMaxKernelWork)
    throw Error(measures.name("kernel_trials") + ": (time steps)^2 x kernel_trials x outputs x model.hidden = " +
                std::to_string(std::int64_t(double(T) * T * m.kernel_trials * c.shape.outputs * c.shape.hidden)) +
                " exceeds the limit " + std::to_string(std::int64_t(kMaxKernelWork)) + "; use fewer trials");
  m.representation_trials = int(measures.integer("representation_trials", 320, 1, 4096));
  if (m.rich_lazy) check_rich_lazy_work(measures, T, O, c.shape.hidden, m);
  m.hessian_every = measures.integer("hessian_every", 0, 0, 1000000);
  m.hessian_trials = int(measures.integer("hessian_trials", 256, 1, 1024));
  m.hessian_tol = measures.number("hessian_tol", 1e-6, 0.0, 1.0, true, true);
  m.hessian_iterations = int(measures.integer("hessian_iterations", 300, 1, 10000));
  m.eval_hidden = measures.boolean("eval_hidden", false);
  measures.finish();
  return c;
}

void TrainConfig::read_optimizer(Fields& root, TrainConfig& c, const std::string& default_name) {
  Fields opt = root.object("optimizer");
  c.optimizer = opt.choice("name", default_name, {"adam", "amsgrad", "sgd", "lrng"});
  const bool plain_lr = c.optimizer == "sgd" || c.optimizer == "lrng";
  const double lr = opt.number("lr", plain_lr ? 1e-2 : 1e-3, 0.0, 10.0, true, false);
  if (c.optimizer == "sgd") {
    c.sgd.lr = lr;
    c.sgd.momentum = opt.number("momentum", 0.0, 0.0, 1.0, false, true);
    c.sgd.weight_decay = opt.number("weight_decay", 0.0, 0.0, 10.0);
  } else if (c.optimizer == "lrng") {  // SCIENCE.md 4.5
    LrngSettings& g = c.lrng;
    g.lr = lr;
    g.rank = int(opt.integer("rank", 1, 1, 50));
    g.refresh = int(opt.integer("refresh", 2, 1, 1000000));
    g.damping = opt.number("damping", 0.0, 0.0, 1e6);
    g.damping_min = opt.number("damping_min", 1e-4, 0.0, 1e6, true, false);
    g.sketch = int(opt.integer("sketch", 0, 0, 60));
    if (g.sketch != 0 && g.sketch <= g.rank)
      throw Error(opt.name("sketch") + ": must be 0 (rank + 2) or greater than optimizer.rank (" +
                  std::to_string(g.rank) + "), got " + std::to_string(g.sketch));
    g.adaptive = opt.boolean("adaptive", false);
    g.adaptive_every = int(opt.integer("adaptive_every", 10, 1, 1000000));
    g.adaptive_mu = opt.number("adaptive_mu", 0.1, 0.0, 10.0);
  } else {
    c.adam.lr = lr;
    c.adam.amsgrad = c.optimizer == "amsgrad";
    c.adam.beta1 = opt.number("beta1", 0.9, 0.0, 1.0, false, true);
    c.adam.beta2 = opt.number("beta2", 0.999, 0.0, 1.0, false, true);
    c.adam.eps = opt.number("eps", 1e-8, 0.0, 1.0, true, false);
    c.adam.weight_decay = opt.number("weight_decay", 0.0, 0.0, 10.0);
  }
  c.clip = opt.number("clip", 0.0, 0.0, 1e6);
  opt.finish();
  if (c.optimizer == "lrng" && c.precision == Precision::float32)
    throw Error("precision: \"float32\" trains with adam, amsgrad or sgd; optimizer.name \"lrng\" needs "
                "precision \"float64\"");
}

void TrainConfig::read_precision(Fields& root, TrainConfig& c) { c.precision = rnnbook::read_precision(root); }

void TrainConfig::check_size() const {
  const double trials = std::max(batch_size, eval_trials);
  const double cells = trials * task->steps() * shape.hidden;
  if (cells > kMaxTrainCells)
    throw Error("size: max(batch_size, eval_trials) x (time steps of the task) x model.hidden = " +
                std::to_string(std::int64_t(cells)) + " exceeds the limit " +
                std::to_string(std::int64_t(kMaxTrainCells)) + "; make one of them smaller");
  const auto check_cells = [&](const char* field, bool used, int n) {
    const double held = double(n) * task->steps() * shape.hidden;
    if (used && held > kMaxTrainCells)
      throw Error(std::string("measures.") + field + ": " + field + " x (time steps of the task) x model.hidden = " +
                  std::to_string(std::int64_t(held)) + " exceeds the limit " +
                  std::to_string(std::int64_t(kMaxTrainCells)) + "; make one of them smaller");
  };
  check_cells("representation_trials", measures.rich_lazy, measures.representation_trials);
  check_cells("hessian_trials", measures.hessian_every > 0, measures.hessian_trials);
  if (optimizer == "lrng") {
    const Eigen::Index N = shape.hidden, I = shape.inputs, O = shape.outputs;
    const Eigen::Index sizes[] = {N * N, N * I, shape.bias ? N : 0, O * N, O};
    Eigen::Index trained = 0;
    for (int i = 0; i < 5; ++i) trained += trains[i] ? sizes[i] : 0;
    if (lrng.sketch_size() > trained)
      throw Error("optimizer.rank: the sketch (rank + 2, or optimizer.sketch) = " + std::to_string(lrng.sketch_size()) +
                  " must not exceed the trained parameters (" + std::to_string(trained) + ")");
  }
}

namespace {

// 1 where theta trains, 0 where its block is frozen (b is frozen too when there is no bias).
Eigen::VectorXd training_mask(const TrainConfig& c) {
  const Eigen::Index N = c.shape.hidden, I = c.shape.inputs, O = c.shape.outputs;
  const Eigen::Index sizes[] = {N * N, N * I, N, O * N, O};
  Eigen::VectorXd mask(c.shape.parameter_count());
  Eigen::Index at = 0;
  for (int i = 0; i < 5; at += sizes[i], ++i)
    mask.segment(at, sizes[i]).setConstant(c.trains[i] && (i != 2 || c.shape.bias) ? 1.0 : 0.0);
  return mask;
}

std::variant<Adam, Sgd, LowRankNaturalGradient> make_optimizer(const TrainConfig& c, const Eigen::VectorXd& mask) {
  const Eigen::Index n = c.shape.parameter_count();
  if (c.optimizer == "sgd") return Sgd(n, c.sgd, mask);
  if (c.optimizer == "lrng") return LowRankNaturalGradient(n, c.lrng, mask);
  return Adam(n, c.adam, mask);
}

// Fraction of trials whose largest readout at the last step is the target class (the decision).
double final_step_accuracy(const Trajectory& traj, const Batch& batch) {
  const std::size_t t = batch.steps() - 1, B = batch.trials();
  const auto y = step_block(traj.y, t);
  const auto target = step_block(batch.y, t);
  double hits = 0;
  for (std::size_t b = 0; b < B; ++b) {
    Eigen::Index guess, truth;
    y.col(Eigen::Index(b)).maxCoeff(&guess);
    target.col(Eigen::Index(b)).maxCoeff(&truth);
    hits += guess == truth;
  }
  return hits / double(B);
}

ResultArray trials_first(const xt::xtensor<double, 3>& a, std::size_t first_step = 0) {
  // (T, B, K) time-major storage from first_step on -> (B, T - first_step, K) as the contract shows arrays.
  const auto T = a.shape()[0] - first_step, B = a.shape()[1], K = a.shape()[2];
  ResultArray r{{B, T, K}, std::vector<double>(T * B * K)};
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t b = 0; b < B; ++b)
      for (std::size_t k = 0; k < K; ++k) r.data[(b * T + t) * K + k] = a(first_step + t, b, k);
  return r;
}

}  // namespace

RnnParameters TrainExperiment::initial_parameters(const TrainConfig& c) {
  Rng init_rng(c.seed, 1);
  RnnParameters p = gaussian_init(c.shape, c.gain, init_rng);
  if (c.input_init == InputInit::uniform) {
    // PyTorch nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), from its own stream.
    Rng u_rng(c.seed, 5);
    const double r = 1.0 / std::sqrt(double(c.shape.inputs));
    for (auto& v : p.U().reshaped()) v = u_rng.uniform(-r, r);
  }
  apply_given_weights(c.given, c.rank, p);
  return p;
}

TrainExperiment::TrainExperiment(const json& config)
    : TrainExperiment(TrainConfig::parse(config)) {}

TrainExperiment::TrainExperiment(TrainConfig config)
    : TrainExperiment(config, initial_parameters(config)) {}

TrainExperiment::TrainExperiment(TrainConfig config, RnnParameters initial)
    : cfg_(std::move(config)),
      data_rng_(cfg_.seed, 2),
      params_(std::move(initial)),
      grad_(cfg_.shape),
      trains_(training_mask(cfg_)),
      optimizer_(make_optimizer(cfg_, trains_)),
      initial_(params_),
      optimizer_before_(optimizer_),
      sketch_rng_(cfg_.seed, 8) {
  if (params_.flat().size() != cfg_.shape.parameter_count())
    throw Error("initial parameters: must have the configured shape");
  if (cfg_.precision == Precision::float32) {
    // The drawn float64 weights rounded to float once; params_ then holds exactly the float values.
    FloatRnnParameters p(cfg_.shape);
    p.flat() = params_.flat().cast<float>();
    params_.flat() = p.flat().cast<double>();
    initial_ = params_;
    const Eigen::Index n = cfg_.shape.parameter_count();
    const std::variant<FloatAdam, FloatSgd> opt =
        cfg_.optimizer == "sgd" ? std::variant<FloatAdam, FloatSgd>(FloatSgd(n, cfg_.sgd, trains_))
                                : std::variant<FloatAdam, FloatSgd>(FloatAdam(n, cfg_.adam, trains_));
    f32_.emplace(FloatTraining{p, FloatRnnParameters(cfg_.shape), trains_.cast<float>(), Eigen::VectorXf(), opt, opt, {}});
  }
  losses_.reserve(std::size_t(cfg_.steps));
  if (cfg_.measures.hessian_every > 0) {
    Rng validation_rng(cfg_.seed, 5);
    hessian_batch_ = cfg_.task->sample(cfg_.measures.hessian_trials, validation_rng);
  }
}

// SCIENCE.md 6.6: lambda_max of the exact loss Hessian w.r.t. W_rec (whatever rule trains), the
// power iteration started from the same seeded vector (stream 6) every time.
void TrainExperiment::record_hessian(long at) {
  Rng start(cfg_.seed, 6);
  const PowerIterationResult r =
      leading_hessian_eigenvalue(params_, hessian_batch_, cfg_.task->loss(), start,
                                 {cfg_.measures.hessian_tol, cfg_.measures.hessian_iterations});
  hessian_max_.push_back(r.value);
  hessian_steps_.push_back(double(at));
  hessian_iterations_.push_back(double(r.iterations));
}

// The initial network's lambda_max, at the first call of step(): half of the first unit when that one
// measures too.
void TrainExperiment::initial_hessian(long n) {
  progress_next_unit();
  const long every = cfg_.measures.hessian_every;
  if (every == 0 || !hessian_steps_.empty() || n == 0) return;
  const ProgressPart part(0.0, position() < total() && (position() + 1) % every == 0 ? 0.5 : 1.0);
  record_hessian(position());
}

// Measured before step `at` counts, so that a front end places the unit's long part in its unit.
void TrainExperiment::hessian_if_due(long at) {
  const long every = cfg_.measures.hessian_every;
  if (every == 0 || at % every != 0) return;
  const ProgressPart part(at == 1 ? 0.5 : 0.0, 1.0);  // the first unit began with the initial network
  record_hessian(at);
}

namespace {

bool optimizer_finite(const std::variant<Adam, Sgd, LowRankNaturalGradient>& optimizer) {
  if (const Adam* a = std::get_if<Adam>(&optimizer))
    return a->first_moment().allFinite() && a->second_moment().allFinite() && a->max_second_moment().allFinite();
  if (const auto* g = std::get_if<LowRankNaturalGradient>(&optimizer))
    return g->basis().allFinite() && g->curvature().allFinite() && std::isfinite(g->damping());
  return std::get<Sgd>(optimizer).momentum_buffer().allFinite();
}

}  // namespace

std::string TrainExperiment::divergence_message() const {
  return "training diverged at step " + std::to_string(diverged_at_) + ": " + divergence_cause_ +
         "; the last finite state (after " + std::to_string(diverged_at_) + " steps) is kept; lower optimizer.lr";
}

// The numerical guard: a step whose loss, gradient or update is not finite is undone (weights,
// optimiser state and data RNG as before it) and stops the run; the experiment keeps that state.
long TrainExperiment::step(long n) {
  if (diverged_at_ >= 0) throw Diverged(divergence_message());
  if (f32_) return step_float32(n);
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  initial_hessian(n);
  for (; done < n && position() < total(); ++done) {
    if (done > 0) progress_next_unit();
    const RngState rng_before = data_rng_.state(), sketch_before = sketch_rng_.state();
    const Batch batch = cfg_.task->sample(cfg_.batch_size, data_rng_);
    const double loss = loss_and_gradient(params_, batch, traj_, grad_, cfg_.task->loss(), cfg_.rule);
    if (!std::isfinite(loss) || !grad_.flat().allFinite()) {
      divergence_cause_ = "the loss or its gradient is not finite";
    } else {
      grad_.flat().array() *= trains_.array();  // frozen entries count in no norm (as in PyTorch)
      if (cfg_.clip > 0.0) clip_global_norm(grad_.flat(), cfg_.clip);
      theta_before_ = params_.flat();  // same sizes every step: copies, no allocation
      optimizer_before_ = optimizer_;
      passes_ += 2;
      if (auto* g = std::get_if<LowRankNaturalGradient>(&optimizer_)) {
        const bool loss_rose = !losses_.empty() && loss > losses_.back();
        if (g->refresh_due(loss_rose, near_bifurcation_)) {
          // G_y on the current batch (SCIENCE.md 4.5): one forward pass, then 2 passes per sketch column.
          const GaussNewtonOperator G(params_, batch, trains_, cfg_.task->loss());
          g->refresh(G, sketch_rng_, &grad_.flat());
          passes_ += 1 + 2 * g->settings().sketch_size();
        }
      }
      std::visit([&](auto& opt) { opt.step(params_.flat(), grad_.flat()); }, optimizer_);
      if (params_.flat().allFinite() && optimizer_finite(optimizer_)) {
        hessian_if_due(position() + 1);
        losses_.push_back(loss);
        continue;
      }
      params_.flat() = theta_before_;
      optimizer_ = optimizer_before_;
      divergence_cause_ = "the update made the weights or the optimiser state non-finite";
    }
    data_rng_.set_state(rng_before);
    sketch_rng_.set_state(sketch_before);
    diverged_at_ = position();
    elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    throw Diverged(divergence_message());
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

// step() in float32: the same guard, batches and order of events; the gradient, clipping and update in
// float32 (the loss and the clipping norm summed in double), then params_ = the new float weights.
long TrainExperiment::step_float32(long n) {
  const auto start = std::chrono::steady_clock::now();
  FloatTraining& f = *f32_;
  long done = 0;
  initial_hessian(n);
  for (; done < n && position() < total(); ++done) {
    if (done > 0) progress_next_unit();
    const RngState rng_before = data_rng_.state();
    const Batch batch = cfg_.task->sample(cfg_.batch_size, data_rng_);
    const double loss = loss_and_gradient(f.params, batch, f.traj, f.grad, cfg_.task->loss(), cfg_.rule);
    if (!std::isfinite(loss) || !f.grad.flat().allFinite()) {
      divergence_cause_ = "the loss or its gradient is not finite";
    } else {
      f.grad.flat().array() *= f.trains.array();
      if (cfg_.clip > 0.0) clip_global_norm(f.grad.flat(), cfg_.clip);
      f.theta_before = f.params.flat();
      f.optimizer_before = f.optimizer;
      passes_ += 2;
      std::visit([&](auto& opt) { opt.step(f.params.flat(), f.grad.flat()); }, f.optimizer);
      const bool finite = std::visit([](const auto& opt) {
        if constexpr (std::is_same_v<std::decay_t<decltype(opt)>, FloatAdam>)
          return opt.first_moment().allFinite() && opt.second_moment().allFinite() && opt.max_second_moment().allFinite();
        else
          return opt.momentum_buffer().allFinite();
      }, f.optimizer);
      if (f.params.flat().allFinite() && finite) {
        params_.flat() = f.params.flat().cast<double>();
        hessian_if_due(position() + 1);
        losses_.push_back(loss);
        continue;
      }
      f.params.flat() = f.theta_before;
      f.optimizer = f.optimizer_before;
      divergence_cause_ = "the update made the weights or the optimiser state non-finite";
    }
    data_rng_.set_state(rng_before);
    diverged_at_ = position();
    elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    throw Diverged(divergence_message());
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

std::vector<double> TrainExperiment::series(const std::string& name, long from) const {
  if (name != "loss" && name != "hessian_max")
    throw Error("series: unknown name \"" + name + "\"; allowed: loss, hessian_max");
  const std::vector<double>& s = name == "loss" ? losses_ : hessian_max_;
  return series_from(s, from);
}

Result TrainExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.kind = "train";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;

  // A fixed evaluation batch from its own stream, so it does not depend on how far training got.
  Rng eval_rng(cfg_.seed, 3);
  const Batch eval = cfg_.task->sample(cfg_.eval_trials, eval_rng);
  Trajectory traj;
  forward(params_, eval, traj);

  r.scalars["steps_done"] = double(position());
  r.scalars["stopped_early"] = position() < total() ? 1.0 : 0.0;
  r.scalars["diverged"] = diverged_at_ >= 0 ? 1.0 : 0.0;
  if (diverged_at_ >= 0) r.scalars["diverged_at_step"] = double(diverged_at_);
  r.scalars["parameters"] = double(cfg_.shape.parameter_count());
  r.scalars["passes"] = double(passes_);
  if (const auto* g = std::get_if<LowRankNaturalGradient>(&optimizer_)) r.scalars["refreshes"] = double(g->refreshes());
  r.scalars["initial_loss"] = losses_.empty() ? NAN : losses_.front();
  r.scalars["final_loss"] = losses_.empty() ? NAN : losses_.back();
  r.scalars["eval_loss"] = trajectory_loss(traj, eval, cfg_.task->loss());
  if (cfg_.task->loss() == LossKind::cross_entropy) r.scalars["eval_accuracy"] = final_step_accuracy(traj, eval);
  r.arrays["loss"] = {{losses_.size()}, losses_};
  r.arrays["eval_input"] = trials_first(eval.x);
  r.arrays["eval_target"] = trials_first(eval.y);
  r.arrays["eval_output"] = trials_first(traj.y);
  if (cfg_.measures.eval_hidden) r.arrays["eval_hidden"] = trials_first(traj.h, 1);  // h_0 = 0 left out

  if (cfg_.measures.rich_lazy) {  // the final (current) network against the initial one
    Rng measure_rng(cfg_.seed, 4);
    const Batch kernel_batch = cfg_.task->sample(cfg_.measures.kernel_trials, measure_rng);
    const Batch representation_batch = cfg_.task->sample(cfg_.measures.representation_trials, measure_rng);
    const RichLazyMeasures m = rich_lazy_measures(initial_, params_, kernel_batch, representation_batch);
    r.scalars["weight_change"] = m.weight_change;
    r.scalars["weight_change_rel"] = m.weight_change_rel;
    r.scalars["kernel_alignment"] = m.kernel_alignment;
    r.scalars["representation_alignment"] = m.representation_alignment;
    r.scalars["sign_similarity"] = m.sign_similarity;
  }
  if (cfg_.measures.hessian_every > 0) {
    r.arrays["hessian_max"] = {{hessian_max_.size()}, hessian_max_};
    r.arrays["hessian_steps"] = {{hessian_steps_.size()}, hessian_steps_};
    r.arrays["hessian_iterations"] = {{hessian_iterations_.size()}, hessian_iterations_};
  }
  r.timing_ms = elapsed_ms_ +
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
