#include "experiments/switching_experiment.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"

namespace rnnbook {

namespace {

// Streams of the seed (README.md): the NASCAR train data from seed and the test data from seed + 1000
// (stream 0 each); 1 F and the GDM's initial parameters; 2 its Gumbel draws in training; 3 the
// evaluation's draws (posterior samples, forecast paths); 4 the hard model's k-means.
GdmModel switching_initial_model(const SwitchingConfig& c) {
  Rng rng(c.seed, 1);
  return initial_gdm_model(c.shape, c.tau, rng);
}

// After a Stop, result() scores the model as it is only when that takes about a second natively (the
// defaults take 0.4 s): front ends give a stopped run 3 s before they end its worker.
constexpr double kStoppedEvaluationNs = 1.5e9;

}  // namespace

SwitchingExperiment::SwitchingExperiment(const json& config) : cfg_(SwitchingConfig::parse(config)) {
  if (cfg_.nascar) {
    const NascarData train = generate_nascar(cfg_.data, cfg_.seed);
    train_ = train.y;
    train_states_ = train.z;
    if (cfg_.test_steps > 0) {
      NascarSettings s = cfg_.data;
      s.steps = cfg_.test_steps;
      const NascarData test = generate_nascar(s, cfg_.seed + 1000, &train.emission);
      test_ = test.y;
      test_states_ = test.z;
      test_latent_ = test.x;
    } else {
      test_latent_ = train.x;
    }
  } else {
    train_ = cfg_.user_train;
    test_ = cfg_.user_test;
    train_states_ = cfg_.user_train_states;
    test_states_ = cfg_.user_test_states;
  }
  gdm_ = std::make_unique<GdmTrainer>(train_, switching_initial_model(cfg_), cfg_.training, Rng(cfg_.seed, 2));
  evaluation_ = std::make_unique<SwitchingEvaluation>(cfg_, data(), cfg_.baseline);
}

SwitchingData SwitchingExperiment::data() const { return {train_, test_, train_states_, test_states_, test_latent_}; }

long SwitchingExperiment::total() const {
  return long(cfg_.training.max_iterations) + (cfg_.baseline ? long(cfg_.hard.max_iterations) : 0L) +
         evaluation_->total();
}

// Training that ends early (converged, stopped, diverged) counts its remaining units as done.
long SwitchingExperiment::position() const {
  long p = gdm_->done() ? long(cfg_.training.max_iterations) : long(gdm_->iterations());
  if (cfg_.baseline && hard_) p += hard_->done() ? long(cfg_.hard.max_iterations) : long(hard_->iterations());
  return p + evaluation_->done();
}

long SwitchingExperiment::step(long n) {
  const auto start = std::chrono::steady_clock::now();
  const long before = position();
  while (n > position() - before && !done()) {
    const long left = n - (position() - before);
    if (!gdm_->done()) {
      gdm_->run(int(std::min<long>(left, cfg_.training.max_iterations)));
      if (gdm_->diverged()) {
        elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        throw Diverged("training diverged at GDM iteration " + std::to_string(gdm_->iterations()) +
                       ": the ELBO, its gradient or the update is not finite; the last finite state is kept; lower training.lr");
      }
    } else if (cfg_.baseline && (!hard_ || !hard_->done())) {
      if (!hard_) {
        Rng rng(cfg_.seed, 4);
        hard_ = std::make_unique<ArHmmFitter>(train_, gdm_->model().projection, cfg_.hard, rng);
      }
      hard_->run(int(std::min<long>(left, cfg_.hard.max_iterations)));
    } else {
      evaluation_->step(gdm_->model(), hard_ ? &hard_->model() : nullptr);
    }
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return position() - before;
}

std::vector<double> SwitchingExperiment::series(const std::string& name, long from) const {
  static const std::vector<double> none;
  const std::vector<double>* s = nullptr;
  if (name == "elbo" || name == "loss") s = &gdm_->elbo_history();
  else if (name == "log_likelihood") s = hard_ ? &hard_->log_likelihood_history() : &none;
  else throw Error("series: unknown name \"" + name + "\"; allowed: elbo, log_likelihood, loss");
  std::vector<double> out = series_from(*s, from);
  if (name == "loss")  // what training minimises, the series front ends stream by default
    for (double& v : out) v = -v;
  return out;
}

Result SwitchingExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.kind = "switching";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["gdm_iterations"] = double(gdm_->iterations());
  r.scalars["gdm_stopped_early"] = gdm_->stopped_early() ? 1.0 : 0.0;
  r.scalars["diverged"] = gdm_->diverged() ? 1.0 : 0.0;
  r.scalars["stopped_early"] = done() ? 0.0 : 1.0;
  const std::vector<double>& elbo = gdm_->elbo_history();
  r.scalars["final_elbo"] = elbo.empty() ? NAN : elbo.back();
  r.arrays["elbo"] = vector_array(elbo);
  if (hard_) {
    r.scalars["em_iterations"] = double(hard_->iterations());
    r.scalars["em_converged"] = hard_->converged() ? 1.0 : 0.0;
    r.arrays["log_likelihood"] = vector_array(hard_->log_likelihood_history());
  }
  // Stopped before the scores were done: finish them (as a full run would, or for the model as it is
  // when training was stopped) if that is quick; otherwise they are left out.
  const GdmModel& g = gdm_->model();
  const ArHmmModel* h = hard_ ? &hard_->model() : nullptr;
  if (evaluation_->done() == evaluation_->total()) {
    evaluation_->write(r, g, h);
  } else {
    const bool trained = gdm_->done() && (!cfg_.baseline || (hard_ && hard_->done()));
    SwitchingEvaluation rest = trained ? *evaluation_ : SwitchingEvaluation(cfg_, data(), h != nullptr);
    if (rest.remaining_ns() <= kStoppedEvaluationNs)
      while (rest.done() < rest.total()) rest.step(g, h);
    rest.write(r, g, h);
  }
  r.timing_ms = elapsed_ms_ + std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
