#include "switching/gdm_training.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "optim/clip.hpp"

namespace rnnbook {

void check_gdm_training_settings(const GdmTrainingSettings& s) {
  const auto positive = [](double v, const char* name) {
    if (!(v > 0.0) || !std::isfinite(v)) throw Error(std::string("gdm training: ") + name + " must be > 0 and finite, got " + std::to_string(v));
  };
  positive(s.learning_rate, "learning_rate");
  positive(s.clip_norm, "clip_norm");
  if (!(s.weight_decay >= 0.0) || !std::isfinite(s.weight_decay))
    throw Error("gdm training: weight_decay must be >= 0 and finite, got " + std::to_string(s.weight_decay));
  if (s.warmup < 0) throw Error("gdm training: warmup must be >= 0, got " + std::to_string(s.warmup));
  if (s.samples < 1) throw Error("gdm training: samples must be >= 1, got " + std::to_string(s.samples));
  if (s.max_iterations < 0) throw Error("gdm training: max_iterations must be >= 0, got " + std::to_string(s.max_iterations));
  if (s.stop_window < 2) throw Error("gdm training: stop_window must be >= 2, got " + std::to_string(s.stop_window));
  if (!std::isfinite(s.stop_increment)) throw Error("gdm training: stop_increment must be finite");
}

double gdm_learning_rate(const GdmTrainingSettings& s, int i) {
  const int w = s.warmup;
  if (i < w) return s.learning_rate;
  if (i < 3 * w) return s.learning_rate * (1.0 - 0.9 * double(i - w) / double(2 * w));
  return 0.1 * s.learning_rate;
}

namespace {

// The settings, once they and the data's size are known to fit (before any member is built on them).
const GdmTrainingSettings& checked_gdm_setup(const Eigen::Ref<const Eigen::MatrixXd>& y, const GdmModel& initial,
                                             const GdmTrainingSettings& settings) {
  check_gdm_training_settings(settings);
  if (initial.parameters.shape().observations != y.rows())
    throw Error("gdm training: the model is for N = " + std::to_string(initial.parameters.shape().observations) +
                " observations, the data have " + std::to_string(y.rows()));
  return settings;
}

}  // namespace

GdmTrainer::GdmTrainer(const Eigen::Ref<const Eigen::MatrixXd>& y, GdmModel initial, const GdmTrainingSettings& settings,
                       const Rng& noise)
    : s_(checked_gdm_setup(y, initial, settings)),
      model_(std::move(initial)),
      elbo_(y, model_.projection, model_.tau, settings.entropy_bonus),
      adam_(model_.parameters.values().size(), AdamSettings{settings.learning_rate, 0.9, 0.999, 1e-8, 0.0, false}),
      rng_(noise),
      gradient_(model_.parameters.shape()) {}

void GdmTrainer::run(int iterations) {
  const GdmShape& sh = model_.parameters.shape();
  Eigen::VectorXd& theta = model_.parameters.values();
  for (int n = 0; n < iterations && !done(); ++n) {
    progress_next_unit();  // one iteration is one unit of the switching experiment
    const Rng rng_before = rng_;
    noise_ = draw_gumbel_noise(sh.states, elbo_.steps(), s_.samples, rng_);
    const double elbo = elbo_.evaluate(model_.parameters, noise_, &gradient_);
    if (!std::isfinite(elbo) || !gradient_.values().allFinite()) {
      rng_ = rng_before;
      diverged_ = true;
      break;
    }
    loss_gradient_ = -gradient_.values();
    clip_global_norm(loss_gradient_, s_.clip_norm);
    // AdamW: theta <- theta (1 - lr wd), then the Adam step (torch.optim.AdamW's order).
    theta_before_ = theta;
    const Adam adam_before = adam_;
    const double lr = gdm_learning_rate(s_, iteration_);
    theta *= 1.0 - lr * s_.weight_decay;
    adam_.set_learning_rate(lr);
    adam_.step(theta, loss_gradient_);
    if (!theta.allFinite()) {
      theta = theta_before_;
      adam_ = adam_before;
      rng_ = rng_before;
      diverged_ = true;
      break;
    }
    history_.push_back(elbo);
    ++iteration_;
    const std::size_t L = history_.size(), w = std::size_t(s_.stop_window);
    if (s_.early_stopping && L > w && (history_[L - 1] - history_[L - w]) / double(w - 1) < s_.stop_increment)
      stopped_early_ = true;
  }
}

}  // namespace rnnbook
