#include "experiments/sample_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/number_text.hpp"
#include "common/portable_math.hpp"
#include "experiments/target_config.hpp"
#include "sampling/rsn_score.hpp"
#include "sampling/sample_set.hpp"
#include "sampling/sampler_only_score.hpp"

namespace rnnbook {

SampleConfig SampleConfig::parse(const json& config) {
  SampleConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "sample", {"sample"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, INT64_C(9007199254740991)));  // JS-safe integers

  Fields target = root.object("target");
  c.target = parse_target(target);
  target.finish();
  c.target_name = c.filled["target"]["name"].get<std::string>();
  const bool x_target = c.target_name == "laplace_x";  // SCIENCE.md 5.2's settings for the "X"
  const Eigen::Index d = c.target->dim();

  Fields model = root.object("model");
  c.model = model.choice("name", "rsn", {"rsn", "sampler_fr", "sampler_sc", "exact"});
  if (c.model == "exact" && !c.target->has_density())
    throw Error("model.name: \"exact\" runs Langevin dynamics on the target's own score, and target \"" + c.target_name +
                "\" has none; choose \"rsn\", \"sampler_fr\" or \"sampler_sc\"");
  if (c.model == "rsn") {
    c.hidden = model.integer("hidden", x_target ? 500 : 200, 1, 4096);
    // The sampler solves with W_out W_out^T (d x d): its readout W_out (d x hidden) needs rank d.
    if (c.hidden < d)
      throw Error(model.name("hidden") + ": the rsn needs at least the target's dimension d = " + std::to_string(d) +
                  " units to sample (its readout W_out, d x hidden, must have rank d); allowed [" + std::to_string(d) +
                  ", 4096], got " + std::to_string(c.hidden));
    c.centre_range = model.number("centre_range", 3.0, 0.0, 1e6);
  }
  if (c.trains()) {
    c.activation =
        activation_from_name(model.choice("activation", "tanh", {"tanh", "relu", "softplus", "identity"}));
    c.weight_scale = model.number("weight_scale", c.model == "rsn" ? 4.0 : 1.0, 0.0, 1e3);
  }
  model.finish();

  Fields tr = root.object("training");
  if (c.trains()) {
    DsmSettings& s = c.training;
    c.data_size = tr.integer("data_size", 10000, 2, 1000000);
    s.noise.levels = int(tr.integer("levels", 20, 1, 1000));
    s.noise.sigma_start = tr.number("sigma_start", 1.0, 0.0, 1e6, true);
    s.noise.sigma_end = tr.number("sigma_end", x_target ? 0.01 : 0.02, 0.0, 1e6, true);
    s.steps_per_level = tr.integer("steps_per_level", 100, 0, 1000000);
    s.final_steps = tr.integer("final_steps", 2000, 0, 1000000);
    s.batch_size = tr.integer("batch_size", 256, 1, 4096);
    const std::string opt = tr.choice("optimizer", "adam", {"adam", "amsgrad"});
    s.adam.amsgrad = opt == "amsgrad";
    s.adam.lr = tr.number("lr", 1e-2, 0.0, 10.0, true);
    s.adam.beta1 = tr.number("beta1", 0.9, 0.0, 1.0, false, true);
    s.adam.beta2 = tr.number("beta2", 0.999, 0.0, 1.0, false, true);
    // Where a gradient entry turns exactly 0 (a dead relu unit), m decays as beta1^k and sqrt(v) as
    // beta2^(k/2): with beta1 > sqrt(beta2) the step m / sqrt(v) grows until sqrt(v) reaches eps (Kingma & Ba).
    if (s.adam.beta1 * s.adam.beta1 > s.adam.beta2)
      throw Error(tr.name("beta2") + ": must be at least training.beta1^2 = " + number_text(s.adam.beta1 * s.adam.beta1) +
                  " (allowed [beta1^2, 1)), got " + number_text(s.adam.beta2) +
                  "; below it Adam's step grows without bound where a gradient entry is exactly 0");
    s.adam.eps = tr.number("eps", 1e-8, 0.0, 1.0, true);
    s.adam.weight_decay = tr.number("weight_decay", 0.0, 0.0, 10.0);
    s.scale_lr = tr.boolean("scale_lr", true);
    s.cosine = tr.boolean("cosine", true);
    if (double(s.noise.levels - 1) * double(s.steps_per_level) + double(s.final_steps) > 1e7)
      throw Error("training: (levels - 1) x steps_per_level + final_steps = " +
                  std::to_string(std::int64_t((s.noise.levels - 1) * double(s.steps_per_level) + s.final_steps)) +
                  " training steps, over the limit of 10000000");
    const double width = c.model == "rsn" ? double(c.hidden) : double(d);
    if (double(s.batch_size) * width > 4e6)
      throw Error("training.batch_size: batch_size x model.hidden = " + std::to_string(std::int64_t(s.batch_size * width)) +
                  " exceeds the limit 4000000; make one of them smaller");
  }
  tr.finish();

  Fields smp = root.object("sampling");
  c.chains = smp.integer("chains", 2000, 1, 100000);
  c.steps = smp.integer("steps", 1000, 0, 1000000);
  c.dt = smp.number("dt", 1e-2, 0.0, 1.0, true);
  c.record_every = smp.integer("record_every", 10, 1, 1000000);
  c.snapshot_chains = smp.integer("snapshot_chains", 500, 0, 100000);
  c.init_uniform = smp.choice("init", x_target ? "normal" : "uniform", {"uniform", "normal"}) == "uniform";
  c.init_scale = smp.number("init_scale", x_target ? 1.0 : 2.0, 0.0, 1e3);
  smp.finish();
  const double state = (c.model == "rsn" ? double(c.hidden) : double(d)) * double(c.chains);
  if (state > kMaxChainValues)
    throw Error("sampling.chains: " + std::string(c.model == "rsn" ? "model.hidden" : "d") + " x sampling.chains = " +
                std::to_string(std::int64_t(state)) + " exceeds the limit " + std::to_string(std::int64_t(kMaxChainValues)) +
                "; use fewer chains");
  const double snaps = double(c.steps / c.record_every + 1) * double(std::min(c.snapshot_chains, c.chains)) * double(d);
  if (snaps > kMaxChainValues)
    throw Error("sampling.snapshot_chains: (steps / record_every + 1) x snapshot_chains x d = " +
                std::to_string(std::int64_t(snaps)) + " exceeds the limit " + std::to_string(std::int64_t(kMaxChainValues)) +
                "; record less often or snapshot fewer chains");

  Fields m = root.object("measures");
  c.reference = m.integer("reference", 10000, 2, 1000000);
  c.mmd_samples = m.integer("mmd_samples", 2000, 2, 20000);
  c.directions = m.integer("directions", 50, 1, 1000);
  c.bins = m.integer("bins", 100, 1, 10000);
  Fields g = m.object("grid");
  c.grid_min = g.number("min", -3.0, -1e6, 1e6);
  c.grid_max = g.number("max", 3.0, -1e6, 1e6);
  c.grid_points = g.integer("points", 121, 2, 401);
  if (!(c.grid_max > c.grid_min)) throw Error(g.name("max") + ": must be greater than measures.grid.min");
  g.finish();
  m.finish();
  root.finish();
  // The sliced distance keeps reference x directions sorted projections, and projects chains x directions
  // at each record (in 1-D one direction, whatever measures.directions says).
  if (d > 1) {
    const auto* user = dynamic_cast<const SampleSet*>(c.target.get());
    const double reference = user ? double(user->samples().cols()) : double(c.reference);
    const auto limit = [&](double per_direction, double most, const std::string& what, const std::string& instead) {
      const double values = per_direction * double(c.directions);
      if (values > most)
        throw Error("measures.directions: " + what + " x measures.directions = " + std::to_string(std::int64_t(values)) +
                    " exceeds the limit " + std::to_string(std::int64_t(most)) + "; use at most " +
                    std::to_string(std::int64_t(most / per_direction)) + " directions" + instead);
    };
    limit(reference, kMaxSortedProjections, user ? "the target's samples" : "measures.reference",
          user ? "" : " or a smaller measures.reference");
    limit(double(c.chains), kMaxChainValues, "sampling.chains", " or fewer chains");
  }
  return c;
}

namespace {

std::unique_ptr<ScoreModel> make_model(const SampleConfig& c, Rng& init_rng) {
  const Eigen::Index d = c.target->dim();
  if (c.model == "rsn") {
    auto m = std::make_unique<RsnScore>(d, c.hidden, c.activation);
    m->initialize(c.weight_scale, c.centre_range, init_rng);
    return m;
  }
  auto m = std::make_unique<SamplerOnlyScore>(
      d, c.model == "sampler_fr" ? SamplerForm::firing_rate : SamplerForm::synaptic_current, c.activation);
  m->initialize(c.weight_scale, init_rng);
  return m;
}

Eigen::MatrixXd start_states(Eigen::Index rows, Eigen::Index cols, bool uniform, double scale, Rng& rng) {
  Eigen::MatrixXd s(rows, cols);
  for (auto& v : s.reshaped()) v = uniform ? rng.uniform(-scale, scale) : scale * rng.normal();
  return s;
}


// A d x n matrix as an (n, d) array in C order: the same memory.
ResultArray samples_array(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  const Eigen::MatrixXd m = x;
  return {{std::size_t(m.cols()), std::size_t(m.rows())}, {m.data(), m.data() + m.size()}};
}

}  // namespace

SampleExperiment::SampleExperiment(const json& config)
    : cfg_(SampleConfig::parse(config)), train_rng_(cfg_.seed, 3), sample_rng_(cfg_.seed, 4) {
  const Eigen::Index d = cfg_.target->dim();
  const auto* user = dynamic_cast<const SampleSet*>(cfg_.target.get());
  // Fresh target samples (stream 5) measure the sampler; user samples are their own reference.
  if (user) {
    reference_ = user->samples();
  } else {
    Rng reference_rng(cfg_.seed, 5);
    reference_ = cfg_.target->sample(cfg_.reference, reference_rng);
  }
  Rng direction_rng(cfg_.seed, 6);
  distance_ = std::make_unique<SlicedDistance>(
      reference_, d == 1 ? Eigen::MatrixXd::Ones(1, 1) : random_directions(d, cfg_.directions, direction_rng));
  if (cfg_.trains()) {
    Rng init_rng(cfg_.seed, 1), data_rng(cfg_.seed, 2);
    model_ = make_model(cfg_, init_rng);
    Eigen::MatrixXd data = user ? user->samples() : cfg_.target->sample(cfg_.data_size, data_rng);
    trainer_ = std::make_unique<DsmTrainer>(*model_, std::move(data), cfg_.training);
    training_total_ = cfg_.training.total_steps();
    loss_.reserve(std::size_t(training_total_));
    sigma_.reserve(std::size_t(training_total_));
  }
  if (mmd_chains() >= 2 && mmd_reference() >= 2) {
    mmd_ = std::make_unique<Mmd2Pieces>(mmd_chains(), mmd_reference());
    measure_total_ = 1 + mmd_->total();
  }
  if (training_total_ == 0) start_sampling();
}

Eigen::Index SampleExperiment::mmd_chains() const { return std::min<Eigen::Index>(cfg_.mmd_samples, cfg_.chains); }
Eigen::Index SampleExperiment::mmd_reference() const {
  return std::min<Eigen::Index>(cfg_.mmd_samples, reference_.cols());
}

SampleExperiment::~SampleExperiment() = default;

void SampleExperiment::start_sampling() {
  const Eigen::Index d = cfg_.target->dim();
  if (cfg_.model == "rsn") {
    rsn_ = std::make_unique<ReservoirSampler>(static_cast<const RsnScore&>(*model_));
    reservoir_ = std::make_unique<ReservoirChains>(
        *rsn_, start_states(cfg_.hidden, cfg_.chains, cfg_.init_uniform, cfg_.init_scale, sample_rng_), cfg_.dt,
        "sampling.dt");
  } else {
    ScoreFunction score;
    if (cfg_.model == "exact") {
      const Target* t = cfg_.target.get();
      score = [t](const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) { t->score(x, out); };
    } else {
      const ScoreModel* m = model_.get();
      score = [m](const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) { m->score(x, out); };
    }
    langevin_ = std::make_unique<LangevinChains>(
        score, start_states(d, cfg_.chains, cfg_.init_uniform, cfg_.init_scale, sample_rng_), cfg_.dt, "sampling.dt");
  }
  record();
}

const Eigen::MatrixXd& SampleExperiment::positions() {
  if (reservoir_) {
    reservoir_->outputs(x_);
    return x_;
  }
  return langevin_->positions();
}

void SampleExperiment::record() {
  const Eigen::MatrixXd& x = positions();
  if (!x.allFinite()) {
    diverged_at_ = position();
    divergence_ = "sampling diverged at step " + std::to_string(sampled_) +
                  ": the chains are no longer finite; lower sampling.dt";
    throw Diverged(divergence_);
  }
  time_.push_back(double(sampled_) * cfg_.dt);
  distance_series_.push_back((*distance_)(x));
  const Eigen::Index m = std::min(cfg_.snapshot_chains, cfg_.chains);
  snapshots_.insert(snapshots_.end(), x.data(), x.data() + m * x.rows());  // chain-major: column-major d x m
}

void SampleExperiment::measure() {
  if (measured_ == 0) {
    const Eigen::MatrixXd& x = positions();
    if (x.allFinite()) {
      const Eigen::Index nx = mmd_chains(), ny = mmd_reference();
      mmd_bandwidth_ = median_bandwidth(x.leftCols(nx), reference_.leftCols(ny));
      mmd_running_ = mmd_bandwidth_ > 0.0;
      if (mmd_running_) mmd_->start(x.leftCols(nx), reference_.leftCols(ny), mmd_bandwidth_);
    }
  } else if (mmd_running_) {
    mmd_->step();
  }
  ++measured_;
}

long SampleExperiment::step(long n) {
  if (diverged_at_ >= 0) throw Diverged(divergence_);
  long done = 0;
  for (; done < n && position() < total(); ++done) {
    const auto start = std::chrono::steady_clock::now();
    if (trained_ < training_total_) {
      const double sigma = trainer_->sigma();
      const Eigen::VectorXd before = model_->parameters();
      const double loss = trainer_->step(train_rng_);
      if (!std::isfinite(loss) || !model_->parameters().allFinite()) {
        model_->parameters() = before;
        diverged_at_ = position();
        divergence_ = "training diverged at step " + std::to_string(trained_) +
                      ": the DSM loss or the weights are no longer finite; the last finite weights are kept; "
                      "lower training.lr";
        throw Diverged(divergence_);
      }
      loss_.push_back(loss);
      sigma_.push_back(sigma);
      ++trained_;
      training_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (trained_ == training_total_) start_sampling();
      continue;
    }
    if (sampled_ == cfg_.steps) {
      measure();
      measure_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      continue;
    }
    if (reservoir_) reservoir_->step(sample_rng_);
    else langevin_->step(sample_rng_);
    ++sampled_;
    if (sampled_ % cfg_.record_every == 0) record();
    sampling_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  return done;
}

std::vector<double> SampleExperiment::series(const std::string& name, long from) const {
  const std::vector<double>* s = name == "loss"        ? &loss_
                                 : name == "sigma"     ? &sigma_
                                 : name == "time"      ? &time_
                                 : name == "distance"  ? &distance_series_
                                 : name == "snapshots" ? &snapshots_
                                                       : nullptr;
  if (!s) throw Error("series: unknown name \"" + name + "\"; allowed: loss, sigma, time, distance, snapshots");
  return series_from(*s, from);
}

Result SampleExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index d = cfg_.target->dim();
  Result r;
  r.kind = "sample";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["training_steps"] = double(training_total_);
  r.scalars["training_steps_done"] = double(trained_);
  r.scalars["sampling_steps_done"] = double(sampled_);
  r.scalars["steps_done"] = double(position());
  r.scalars["stopped_early"] = position() < total() ? 1.0 : 0.0;
  r.scalars["diverged"] = diverged_at_ >= 0 ? 1.0 : 0.0;
  if (diverged_at_ >= 0) r.scalars["diverged_at_step"] = double(diverged_at_);
  r.scalars["parameters"] = model_ ? double(model_->parameters().size()) : 0.0;
  r.scalars["initial_loss"] = loss_.empty() ? NAN : loss_.front();
  r.scalars["final_loss"] = loss_.empty() ? NAN : loss_.back();
  r.scalars["sampling_time"] = double(sampled_) * cfg_.dt;
  r.scalars["training_ms"] = training_ms_;
  r.scalars["sampling_ms"] = sampling_ms_;

  r.arrays["loss"] = {{loss_.size()}, loss_};
  r.arrays["sigma"] = {{sigma_.size()}, sigma_};
  r.arrays["time"] = {{time_.size()}, time_};
  r.arrays["distance"] = {{distance_series_.size()}, distance_series_};
  const std::size_t shown = std::size_t(std::min(cfg_.snapshot_chains, cfg_.chains));
  r.arrays["snapshots"] = {{time_.size(), shown, std::size_t(d)}, snapshots_};
  r.arrays["reference"] = samples_array(reference_);
  r.arrays["target_kurtosis"] = vector_array(excess_kurtosis(reference_));
  const Eigen::MatrixXd centres = cfg_.target->mode_centres();
  if (centres.size() > 0) r.arrays["target_mode_masses"] = vector_array(mode_masses(reference_, centres));

  // Measures of the chains' current positions against the reference (SCIENCE.md 5.3).
  const bool sampling = reservoir_ || langevin_;
  const Eigen::MatrixXd x = sampling ? Eigen::MatrixXd(positions()) : Eigen::MatrixXd();
  if (sampling && x.allFinite()) {
    r.arrays["samples"] = samples_array(x);
    r.scalars["sliced_w1"] = (*distance_)(x);
    Eigen::VectorXd w1(d);
    for (Eigen::Index i = 0; i < d; ++i) w1(i) = wasserstein1(x.row(i).transpose(), reference_.row(i).transpose());
    r.arrays["marginal_w1"] = vector_array(w1);
    r.arrays["mean"] = vector_array(x.rowwise().mean());
    const Eigen::MatrixXd c = x.colwise() - x.rowwise().mean();
    r.arrays["std"] = vector_array(c.array().square().rowwise().mean().sqrt().matrix());
    if (x.cols() >= 2) {
      const Eigen::VectorXd k = excess_kurtosis(x);
      r.arrays["kurtosis"] = vector_array(k);
      r.scalars["kurtosis_min"] = k.minCoeff();
      const Eigen::Index nx = mmd_chains(), ny = mmd_reference();
      if (measure_total_ > 0 && measured_ == measure_total_) {  // the MMD units ran on these (final) chains
        r.scalars["mmd_bandwidth"] = mmd_bandwidth_;
        r.scalars["mmd2"] = mmd_running_ ? mmd_->value() : NAN;
      } else {  // stopped early: the current chains, and their MMD^2 only when it is quick
        const double h = median_bandwidth(x.leftCols(nx), reference_.leftCols(ny));
        r.scalars["mmd_bandwidth"] = h;
        if (!(h > 0.0)) r.scalars["mmd2"] = NAN;
        else if (double(nx) * double(nx) + double(ny) * double(ny) + double(nx) * double(ny) <= kResultMmdKernels)
          r.scalars["mmd2"] = mmd2_unbiased(x.leftCols(nx), reference_.leftCols(ny), h);
      }
    }
    if (d == 1) r.scalars["kl"] = histogram_kl(reference_.row(0).transpose(), x.row(0).transpose(), int(cfg_.bins));
    if (centres.size() > 0) r.arrays["mode_masses"] = vector_array(mode_masses(x, centres));
  }
  r.scalars["target_kurtosis_min"] = r.arrays["target_kurtosis"].data.empty()
                                         ? NAN
                                         : *std::min_element(r.arrays["target_kurtosis"].data.begin(),
                                                             r.arrays["target_kurtosis"].data.end());

  // The learned and the true score and density on a grid (1-D), the true density on a grid (2-D).
  const Eigen::VectorXd grid = Eigen::VectorXd::LinSpaced(cfg_.grid_points, cfg_.grid_min, cfg_.grid_max);
  if (d == 1) {
    r.arrays["grid"] = vector_array(grid);
    const Eigen::MatrixXd g = grid.transpose();
    Eigen::MatrixXd learned(1, g.cols()), truth(1, g.cols());
    if (model_) model_->score(g, learned);
    if (cfg_.target->has_density()) {
      cfg_.target->score(g, truth);
      if (!model_) learned = truth;
      r.arrays["true_score"] = vector_array(truth.transpose());
      r.arrays["true_density"] = vector_array(cfg_.target->log_density(g).array().unaryExpr(&portable::exp).matrix());
      r.scalars["score_error"] = (learned - truth).norm() / truth.norm();
    }
    if (model_ || cfg_.target->has_density()) r.arrays["score"] = vector_array(learned.transpose());
  } else if (d == 2) {
    r.arrays["grid"] = vector_array(grid);
    if (cfg_.target->has_density()) {
      const Eigen::Index G = grid.size();
      Eigen::MatrixXd pts(2, G * G);  // row i: y = grid[i]; column j: x = grid[j]
      for (Eigen::Index i = 0; i < G; ++i)
        for (Eigen::Index j = 0; j < G; ++j) pts.col(i * G + j) = Eigen::Vector2d(grid(j), grid(i));
      const Eigen::VectorXd p = cfg_.target->log_density(pts).array().unaryExpr(&portable::exp);
      r.arrays["true_density"] = {{std::size_t(G), std::size_t(G)}, {p.data(), p.data() + p.size()}};
    }
  }

  if (const auto* rsn = dynamic_cast<const RsnScore*>(model_.get())) {  // W_out = W1, W_rec = W2 W1, b = b2
    r.arrays["W1"] = matrix_array(rsn->W1());
    r.arrays["W2"] = matrix_array(rsn->W2());
    r.arrays["b2"] = vector_array(rsn->b2());
  } else if (const auto* so = dynamic_cast<const SamplerOnlyScore*>(model_.get())) {
    r.arrays["W"] = matrix_array(so->W());
    r.arrays["b"] = vector_array(so->b());
  }
  r.timing_ms = training_ms_ + sampling_ms_ + measure_ms_ +
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
