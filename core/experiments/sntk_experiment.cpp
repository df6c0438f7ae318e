#include "experiments/sntk_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "experiments/sntk_measurement.hpp"
#include "tasks/memory_pro.hpp"

namespace rnnbook {

SntkConfig SntkConfig::parse(const json& config) {
  SntkConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "sntk", {"sntk"});
  c.train = TrainConfig::read(root, config);
  Fields s = root.object("sntk");
  c.interval = s.integer("interval", 50, 1, 1000000);
  c.eval_trials = int(s.integer("eval_trials", 8, 1, 64));
  c.options.top_k = int(s.integer("top_k", 10, 1, 50));
  c.options.method = sntk_method_from_name(s.choice("method", "auto", {"auto", "dense", "matrix_free"}));
  c.options.probes = int(s.integer("probes", 40, 4, 10000));
  c.options.partial_traces = s.boolean("partial_traces", true);
  c.options.factor_spectra = s.boolean("factor_spectra", true);
  s.finish();
  root.finish();
  c.train.filled = c.filled;
  c.train.check_size();

  c.selection.W = c.train.trains[0];
  c.selection.U = c.train.trains[1];
  c.selection.b = c.train.trains[2] && c.train.shape.bias;
  if (!c.selection.W && !c.selection.U && !c.selection.b)
    throw Error("trainable: the sNTK needs at least one trainable recurrent block (W, U or b)");
  const double cells = double(c.eval_trials) * c.train.task->steps() * c.train.shape.hidden;
  if (cells > kMaxTrainCells)
    throw Error("size: sntk.eval_trials x (time steps of the task) x model.hidden = " +
                std::to_string(std::int64_t(cells)) + " exceeds the limit " +
                std::to_string(std::int64_t(kMaxTrainCells)));
  return c;
}

namespace {

// The fixed sNTK batch: MemoryPro's noise-free evenly spaced angles (SCIENCE.md 7.2 S4), otherwise
// trials of the task from their own stream.
Batch sntk_batch(const SntkConfig& c) {
  if (auto mp = std::dynamic_pointer_cast<const MemoryPro>(c.train.task))
    return mp->with_angles(MemoryPro::even_angles(c.eval_trials), nullptr);
  Rng rng(c.train.seed, 4);
  return c.train.task->sample(c.eval_trials, rng);
}


}  // namespace

SntkExperiment::SntkExperiment(const json& config)
    : cfg_(SntkConfig::parse(config)), trainer_(cfg_.train), eval_(sntk_batch(cfg_)), probe_rng_(cfg_.train.seed, 6) {}

void SntkExperiment::measure_if_due() {
  const long p = position();
  if (p == measured_at_ || (p % cfg_.interval != 0 && p != total())) return;
  const auto start = std::chrono::steady_clock::now();
  const StateSpaceModel model(trainer_.parameters(), eval_, cfg_.selection);
  const SntkMeasurement m = measure_sntk_at_step(model, cfg_.options, probe_rng_, p);
  measured_at_ = p;
  steps_.push_back(double(p));
  pr_.push_back(m.pr);
  pr_se_.push_back(m.pr_std_error);
  erank_.push_back(m.erank);
  trace_.push_back(m.trace);
  for (int k = 0; k < cfg_.options.top_k; ++k) top_.push_back(k < m.top.size() ? m.top(k) : NAN);
  if (cfg_.options.factor_spectra)
    for (int k = 0; k < cfg_.options.top_k; ++k) {
      top_K_.push_back(k < m.top_K.size() ? m.top_K(k) : NAN);
      top_P_.push_back(k < m.top_P.size() ? m.top_P(k) : NAN);
    }
  pr_K_.push_back(m.pr_K);
  pr_ZZ_.push_back(m.pr_ZZ);
  pr_spatial_.push_back(m.pr_spatial);
  pr_temporal_.push_back(m.pr_temporal);
  rank_theta_.push_back(double(m.rank_theta));
  rank_bound_.push_back(double(m.rank_bound));
  eval_loss_.push_back(trajectory_loss(model.trajectory(), eval_, cfg_.train.task->loss()));
  exact_.push_back(m.exact ? 1.0 : 0.0);
  measure_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

long SntkExperiment::step(long n) {
  long done = 0;
  while (done < n && position() < total()) {
    progress_next_unit();  // a measurement is most of its unit; the training step after it is quick
    {
      const ProgressPart part(0.0, position() + 1 == total() ? 0.5 : 1.0);  // the last unit ends in a second one
      measure_if_due();
    }
    const long next = std::min(total(), (position() / cfg_.interval + 1) * cfg_.interval);
    done += trainer_.step(std::min(n - done, next - position()));
  }
  if (position() >= total()) {
    const ProgressPart part(0.5, 1.0);
    measure_if_due();
  }
  return done;
}

std::vector<double> SntkExperiment::series(const std::string& name, long from) const {
  if (name == "loss") return trainer_.series(name, from);
  const std::vector<double>* v = nullptr;
  if (name == "measure_step") v = &steps_;
  else if (name == "pr") v = &pr_;
  else if (name == "pr_std_error") v = &pr_se_;
  else if (name == "erank") v = &erank_;
  else if (name == "pr_K") v = &pr_K_;
  else if (name == "pr_spatial") v = &pr_spatial_;
  else if (name == "pr_temporal") v = &pr_temporal_;
  else if (name == "eval_loss") v = &eval_loss_;
  else if (name == "top_eigenvalues") v = &top_;
  else if (name == "top_K") v = &top_K_;
  else if (name == "top_P") v = &top_P_;
  else
    throw Error("series: unknown name \"" + name +
                "\"; allowed: loss, measure_step, pr, pr_std_error, erank, pr_K, pr_spatial, pr_temporal, "
                "eval_loss, top_eigenvalues, top_K, top_P");
  return series_from(*v, from);
}

Result SntkExperiment::result() {
  if (position() >= total()) measure_if_due();
  Result r = trainer_.result();  // loss, the task's evaluation batch, scalars of the run
  r.kind = "sntk";
  r.config = cfg_.filled;
  const std::size_t M = steps_.size(), k = std::size_t(cfg_.options.top_k);
  r.arrays["measure_step"] = vector_array(steps_);
  r.arrays["pr"] = vector_array(pr_);
  r.arrays["pr_std_error"] = vector_array(pr_se_);
  r.arrays["erank"] = vector_array(erank_);
  r.arrays["trace"] = vector_array(trace_);
  r.arrays["top_eigenvalues"] = {{M, k}, top_};
  if (cfg_.options.factor_spectra) {
    r.arrays["top_K"] = {{M, k}, top_K_};
    r.arrays["top_P"] = {{M, k}, top_P_};
  }
  r.arrays["pr_K"] = vector_array(pr_K_);
  r.arrays["pr_ZZ"] = vector_array(pr_ZZ_);
  r.arrays["pr_spatial"] = vector_array(pr_spatial_);
  r.arrays["pr_temporal"] = vector_array(pr_temporal_);
  r.arrays["rank_theta"] = vector_array(rank_theta_);
  r.arrays["rank_bound"] = vector_array(rank_bound_);
  r.arrays["sntk_eval_loss"] = vector_array(eval_loss_);
  r.arrays["exact"] = vector_array(exact_);
  r.scalars["measurements"] = double(M);
  r.scalars["state_dim"] = double(eval_.steps() * eval_.trials() * std::size_t(cfg_.train.shape.hidden));
  r.scalars["sntk_parameters"] = M ? double(StateSpaceModel(trainer_.parameters(), eval_, cfg_.selection).param_dim()) : NAN;
  r.scalars["pr_initial"] = M ? pr_.front() : NAN;
  r.scalars["pr_final"] = M ? pr_.back() : NAN;
  r.scalars["pr_min"] = M ? *std::min_element(pr_.begin(), pr_.end()) : NAN;
  r.scalars["measure_ms"] = measure_ms_;
  if (auto mp = std::dynamic_pointer_cast<const MemoryPro>(cfg_.train.task)) {
    Trajectory traj;
    forward(trainer_.parameters(), eval_, traj);
    r.scalars["sntk_eval_accuracy"] = mp->response_accuracy(traj.y, eval_);
  }
  r.timing_ms += measure_ms_;
  return r;
}

}  // namespace rnnbook
