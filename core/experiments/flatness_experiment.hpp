#pragma once
// Experiment kind "flatness": a small MLP trained on labelled points (Gaussian clusters or the user's
// arrays) with SGD or Adam, measured at checkpoints: sharpness (sharp, the Gauss-Newton trace, and on
// request the Hutchinson trace and leading eigenvalue of the Hessian), the local sensitivity
// measures and the bounds of SCIENCE.md 6.4, and the participation ratio and TwoNN dimension of
// every layer.
// Config fields, defaults and ranges: README.md ("The flatness experiment").
#include <chrono>
#include <map>
#include <optional>
#include <variant>

#include "experiments/experiment.hpp"
#include "experiments/precision.hpp"
#include "mlp/cluster_data.hpp"
#include "mlp/mlp_network.hpp"
#include "optim/adam.hpp"
#include "optim/sgd.hpp"

namespace rnnbook {

struct FlatnessConfig {
  std::uint64_t seed = 0;
  long steps = 6000;
  Precision precision = Precision::float64;  // of training; every measure is float64 from the weights
  int batch_size = 8;
  LossKind loss = LossKind::mse;
  MlpShape shape;
  // Data: Gaussian clusters drawn from the seed, or the user's arrays (points as columns).
  bool clusters = true;
  ClusterSettings cluster;
  Eigen::Index train_points = 1000, test_points = 1000;
  LabelledPoints user_train, user_test;
  std::string optimizer = "sgd";  // "sgd" or "adam"
  SgdSettings sgd;
  AdamSettings adam;
  // Measures at steps 0, every, 2 every, ... and the last step.
  long every = 500;
  Eigen::Index points = 300;        // training points of the local measures, sharpness and bounds
  int log_volume_rank = 3;          // r of log LVR_r and NVR
  Eigen::Index layer_points = 1000;  // held-out points of the per-layer PR and TwoNN (0: off)
  bool layer_twonn = true;          // TwoNN of every layer too
  int hessian_samples = 0;          // Hutchinson probes (0: off)
  int hessian_iterations = 0;       // power iteration's limit (0: off)
  double hessian_tol = 1e-3;
  json filled;  // the config with defaults

  static FlatnessConfig parse(const json& config);  // throws rnnbook::Error naming the field
};

// Largest number of MLP parameters a flatness run may have.
constexpr Eigen::Index kMaxMlpParameters = 2000000;

class FlatnessExperiment : public Experiment {
 public:
  explicit FlatnessExperiment(const json& config);

  long step(long n) override;
  long position() const override { return long(losses_.size()); }
  long total() const override { return cfg_.steps; }
  // "loss" (one value per step) or any per-checkpoint array of the result ("sharpness", ...; empty
  // before the first checkpoint).
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

  const MlpParameters& parameters() const { return params_; }

 private:
  std::vector<std::string> measure_names() const;
  void record_checkpoint(long at);  // the network after `at` steps
  std::vector<double> checkpoint_phase_costs() const;
  void measure_checkpoint(long at, std::map<std::string, double>& values, std::vector<double>& layer_pr,
                          std::vector<double>& layer_twonn);

  FlatnessConfig cfg_;
  LabelledPoints train_, test_;
  bool one_hot_ = false;  // every target is one-hot: accuracies are recorded
  Rng batch_rng_;
  std::vector<Eigen::Index> order_;  // partial Fisher-Yates state of the batch draws
  MlpParameters params_, grad_;
  std::variant<Sgd, Adam> optimizer_;
  MlpActivations acts_;
  Eigen::MatrixXd batch_x_, batch_y_;
  std::vector<double> losses_;
  std::map<std::string, std::vector<double>> records_;  // per-checkpoint series
  std::vector<double> layer_pr_, layer_twonn_;          // [checkpoints, layers + 1], row-major
  double elapsed_ms_ = 0.0;
  // The numerical guard: state before the current update, and where training diverged.
  Eigen::VectorXd theta_before_;
  std::variant<Sgd, Adam> optimizer_before_;
  long diverged_at_ = -1;
  std::string divergence_cause_;
  std::string divergence_message() const;

  // Training in float32: the float weights, gradient and optimiser; params_ holds their exact float64
  // image after every step, so the measures see the float32 network.
  struct FloatTraining {
    FloatMlpParameters params, grad;
    std::variant<FloatSgd, FloatAdam> optimizer, optimizer_before;
    FloatMlpActivations acts;
    Eigen::MatrixXf batch_x;
    Eigen::VectorXf theta_before;
  };
  std::optional<FloatTraining> f32_;
};

}  // namespace rnnbook
