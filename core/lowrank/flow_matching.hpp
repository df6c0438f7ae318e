#pragma once
// Conditional flow matching with linear paths (Lipman et al. 2023), as SCIENCE.md 11.3 step 4-5 uses it to learn
// the law of per-neuron loadings (rnnbook's reconstruction, 11.0): x_t = (1 - t) x0 + t x1, x0 ~ N(0, I),
// x1 ~ data, t ~ U(0, 1); L = E ||v(x_t, t) - (x1 - x0)||^2 (sum over coordinates, batch mean); v an MLP
// (d+1) -> h -> h -> d with SiLU (core/mlp), Adam with cosine decay; samples by integrating z' = v(z, t)
// from t = 0 to 1 (RK4 or Euler). Points are columns (d x n), as in core/mlp.
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/rng.hpp"
#include "mlp/mlp_network.hpp"
#include "optim/adam.hpp"

namespace rnnbook {

struct FlowSettings {
  int hidden = 64;      // width of both hidden layers
  int steps = 1500;     // Adam steps
  int batch = 256;
  double lr = 2e-3;     // decayed as lr (1 + cos(pi k / steps)) / 2
};

// (d+1) -> hidden -> hidden -> d, SiLU.
MlpShape velocity_field_shape(Eigen::Index dim, int hidden);

// v(Z, t) at the points Z (d x P), one time for all.
Eigen::MatrixXd velocity(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& Z, double t);

// The CFM loss of a batch (x1, x0: d x B; t: B) and, with grad, its exact gradient.
double cfm_loss(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& x1, const Eigen::Ref<const Eigen::MatrixXd>& x0,
                const Eigen::Ref<const Eigen::VectorXd>& t, MlpParameters* grad = nullptr);

// Per-coordinate mean and standard deviation of points (d x n), and the map to and from standard units.
struct Standardizer {
  Eigen::VectorXd mean, sd;
  Eigen::MatrixXd apply(const Eigen::Ref<const Eigen::MatrixXd>& X) const;
  Eigen::MatrixXd undo(const Eigen::Ref<const Eigen::MatrixXd>& Z) const;
};
// Throws Error if a coordinate has zero spread or there are fewer than 2 points.
Standardizer fit_standardizer(const Eigen::Ref<const Eigen::MatrixXd>& X);

// Trains a velocity field on standardised data (d x n), one Adam step at a time.
class FlowTrainer {
 public:
  // Throws Error (naming flow.*) on settings out of range. Keeps a copy of the data.
  FlowTrainer(const Eigen::Ref<const Eigen::MatrixXd>& data, const FlowSettings& settings, std::uint64_t seed);

  void step();
  bool done() const { return steps_taken() >= settings_.steps; }
  int steps_taken() const { return int(adam_.steps_taken()); }
  const MlpParameters& parameters() const { return params_; }
  const std::vector<double>& losses() const { return losses_; }

 private:
  Eigen::MatrixXd data_;
  FlowSettings settings_;
  Rng rng_;
  MlpParameters params_;
  Adam adam_;
  std::vector<double> losses_;
};

enum class FlowIntegrator { rk4, euler };

using VelocityField = std::function<Eigen::MatrixXd(const Eigen::MatrixXd& z, double t)>;

// z(1) from z(0) = Z0 (d x P) by `steps` equal steps of RK4 or Euler.
Eigen::MatrixXd integrate_flow(const VelocityField& v, const Eigen::Ref<const Eigen::MatrixXd>& Z0, int steps,
                               FlowIntegrator integrator);

// A trained flow over loadings in original units.
struct LoadingFlow {
  MlpParameters params;
  Standardizer standardizer;

  // `count` samples (d x count): z(0) ~ N(0, I) from rng, integrated, standardisation undone.
  Eigen::MatrixXd sample(Eigen::Index count, Rng& rng, FlowIntegrator integrator = FlowIntegrator::rk4,
                         int steps = 20) const;
};

}  // namespace rnnbook
