#pragma once
// Experiment kind "train": a recurrent network trained on a task (BPTT or the truncated
// gradient; Adam, AMSGrad or SGD with momentum).
// Config fields, defaults and ranges are documented in README.md ("The train experiment").
#include <chrono>
#include <optional>
#include <variant>

#include "experiments/experiment.hpp"
#include "experiments/given_weights.hpp"
#include "experiments/precision.hpp"

#include "optim/adam.hpp"
#include "optim/clip.hpp"
#include "optim/low_rank_natural_gradient.hpp"
#include "optim/sgd.hpp"
#include "rnn/network.hpp"
#include "tasks/task.hpp"

namespace rnnbook {

// Optional measures of the `measures` object (SCIENCE.md 6.5, 6.6; defaults from SCIENCE.md 7.2).
struct MeasureSettings {
  bool rich_lazy = false;           // weight change, kernel/representation alignment, sign similarity at the end
  int kernel_trials = 32;           // trials of the tangent-kernel batch (all steps, all outputs)
  int representation_trials = 320;  // trials of the representation batch (Gram of h_T; signs of all h)
  long hessian_every = 0;           // 0: never; k: lambda_max of the loss Hessian w.r.t. W at steps 0, k, 2k, ...
  int hessian_trials = 256;         // validation batch of the Hessian
  double hessian_tol = 1e-6;        // power iteration: relative change of lambda
  int hessian_iterations = 300;     // power iteration: at most this many Hessian-vector products
  bool eval_hidden = false;         // the evaluation batch's hidden states h_1..h_T in the result
};

// How U is drawn: N(0, 1/I) (network.hpp), or PyTorch nn.Linear's U(+-1/sqrt(I)) (SCIENCE.md 1.7).
enum class InputInit { normal, uniform };

struct TrainConfig {
  std::uint64_t seed = 0;
  long steps = 300;
  Precision precision = Precision::float64;
  int batch_size = 32;
  int eval_trials = 4;
  RnnShape shape;
  double gain = 1.0;
  int rank = 0;  // 0: the full Gaussian W0; r: W0 truncated to rank r (SCIENCE.md 1.7)
  InputInit input_init = InputInit::normal;
  GivenWeights given;  // model.weights and model.fixed_point, applied after the seeded draw
  std::shared_ptr<const Task> task;
  GradientRule rule = GradientRule::bptt;
  std::string optimizer = "adam";  // "adam", "amsgrad", "sgd", "lrng"
  AdamSettings adam;
  SgdSettings sgd;
  LrngSettings lrng;
  double clip = 0.0;  // global-norm clipping threshold; 0 = none
  bool trains[5] = {true, true, true, true, true};  // W, U, b, C, c
  MeasureSettings measures;
  json filled;  // the config with defaults

  static TrainConfig parse(const json& config);  // throws rnnbook::Error naming the field
  // The fields every training run shares (all but `kind`), read from `root` (over the JSON object
  // root_json) into a config whose `filled` the caller's Fields writes; the caller checks `kind` and
  // calls root.finish().
  static TrainConfig read(Fields& root, const json& root_json);
  // The `optimizer` group (name, lr, moments, momentum, weight decay, clip) into c; read after precision.
  static void read_optimizer(Fields& root, TrainConfig& c, const std::string& default_name);
  static void read_precision(Fields& root, TrainConfig& c);  // "float64" (default) or "float32"
  void check_size() const;  // the B x T x N limit below, before anything is allocated
};

// Largest B * T * N a train run may hold (B = max(batch_size, eval_trials)).
constexpr double kMaxTrainCells = 4e6;

class TrainExperiment : public Experiment {
 public:
  explicit TrainExperiment(const json& config);
  explicit TrainExperiment(TrainConfig config);
  // A run of an already parsed config from given initial parameters (another experiment kind that
  // trains, e.g. sntk or pitchfork, owns one of these).
  TrainExperiment(TrainConfig config, RnnParameters initial);
  // The initial parameters a config asks for: Gaussian (network.hpp), then the given blocks, the
  // low-rank truncation and the planted fixed point (given_weights.hpp).
  static RnnParameters initial_parameters(const TrainConfig& c);

  long step(long n) override;
  long position() const override { return long(losses_.size()); }
  long total() const override { return cfg_.steps; }
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;
  // Defined in train_checkpoint.cpp; header and arrays: README.md ("Checkpoints").
  Checkpoint snapshot() const override;
  void restore(const Checkpoint& checkpoint) override;
  bool has_state() const override { return true; }

  // The weights, in float64 (for float32 training: the float32 weights, exactly).
  const RnnParameters& parameters() const { return params_; }
  long diverged_at() const { return diverged_at_; }  // -1 unless training diverged
  const TrainConfig& config() const { return cfg_; }
  const std::vector<double>& losses() const { return losses_; }
  double elapsed_ms() const { return elapsed_ms_; }
  // Forward, JVP and VJP passes over a training batch so far (a gradient costs 2; a low-rank
  // natural gradient refresh 1 + 2 per sketch column): the cost measure of SCIENCE.md 4.5.
  std::int64_t passes() const { return passes_; }
  // Told by an experiment that tracks mu (pitchfork): the adaptive LR-NG refresh acts near it.
  void set_near_bifurcation(bool near) { near_bifurcation_ = near; }

 private:
  void record_hessian(long at);  // lambda_max of the network after `at` steps on the validation batch
  void initial_hessian(long n);
  void hessian_if_due(long at);
  long step_float32(long n);  // step() when cfg_.precision is float32

  TrainConfig cfg_;
  Rng data_rng_;
  RnnParameters params_, grad_;
  Eigen::VectorXd trains_;  // 1 where theta trains, 0 where frozen
  std::variant<Adam, Sgd, LowRankNaturalGradient> optimizer_;
  Trajectory traj_;
  std::vector<double> losses_;
  RnnParameters initial_;  // kept for the rich/lazy measures
  Batch hessian_batch_;    // fixed validation batch (stream 5), when hessian_every > 0
  std::vector<double> hessian_max_, hessian_steps_, hessian_iterations_;
  double elapsed_ms_ = 0.0;
  // The numerical guard (step()): state before the current update, and where training diverged.
  Eigen::VectorXd theta_before_;
  std::variant<Adam, Sgd, LowRankNaturalGradient> optimizer_before_;
  long diverged_at_ = -1;
  std::string divergence_cause_;
  Rng sketch_rng_;  // LR-NG sketches (stream 8), apart from the data
  std::int64_t passes_ = 0;
  bool near_bifurcation_ = false;
  std::string divergence_message() const;
  // Training in float32: these weights and optimiser train, and params_ holds their values exactly.
  struct FloatTraining {
    FloatRnnParameters params, grad;
    Eigen::VectorXf trains, theta_before;
    std::variant<FloatAdam, FloatSgd> optimizer, optimizer_before;
    FloatTrajectory traj;
  };
  std::optional<FloatTraining> f32_;
};

}  // namespace rnnbook
