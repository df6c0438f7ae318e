#pragma once
// Parameters of the two-level Gumbel Dynamical Model and of its amortised posterior (SCIENCE.md
// 12.1-12.2), stored in one flat vector (the optimiser's view) with named blocks (the math's view).
// The same layout holds gradients. The fixed projection F is not a parameter: see GdmModel.
#include <Eigen/Dense>
#include <array>

#include "common/rng.hpp"

namespace rnnbook {

// What the amortised posterior q(z_t | x_t) sees: x_t = y_t, or x_t = [y_t; y_t - y_{t-1}] with the
// first step's increment 0 (SCIENCE.md 12.9 item 5).
enum class GdmPosteriorInput { observation, increment };

struct GdmShape {
  Eigen::Index observations = 10;  // N, the size of y_t
  Eigen::Index states = 4;         // K
  Eigen::Index projection = 2;     // D, the size of u_t = F y_t
  GdmPosteriorInput posterior = GdmPosteriorInput::observation;
  // P, the size of the posterior's input x_t: N or 2N.
  Eigen::Index posterior_inputs() const { return posterior == GdmPosteriorInput::increment ? 2 * observations : observations; }
};

// The blocks in storage order. S holds the K maps S_k (N x D each) side by side as N x (K D).
enum class GdmBlock { R, r, gamma, initial_logits, initial_means, S, b, log_var, W, c };
constexpr int kGdmBlockCount = 10;
const char* gdm_block_name(GdmBlock block);  // "R", "r", "gamma", "l1", "mu0", "S", "b", "log_var", "W", "c"

class GdmParameters {
 public:
  using Map = Eigen::Map<Eigen::MatrixXd>;
  using ConstMap = Eigen::Map<const Eigen::MatrixXd>;

  // All zeros. Throws Error unless N, K, D >= 1.
  explicit GdmParameters(const GdmShape& shape);

  const GdmShape& shape() const { return shape_; }
  Eigen::VectorXd& values() { return theta_; }
  const Eigen::VectorXd& values() const { return theta_; }
  Eigen::Index offset(GdmBlock block) const { return offset_[int(block)]; }
  Eigen::Index size(GdmBlock block) const { return offset_[int(block) + 1] - offset_[int(block)]; }

  Map R() { return block(GdmBlock::R, shape_.states); }                       // K x D, transition weights
  Map r() { return block(GdmBlock::r, shape_.states); }                       // K x 1, transition bias
  double& gamma() { return theta_(offset(GdmBlock::gamma)); }                 // stickiness
  Map initial_logits() { return block(GdmBlock::initial_logits, shape_.states); }  // K x 1, l_1
  Map initial_means() { return block(GdmBlock::initial_means, shape_.observations); }  // N x K, mu0_k
  Map S() { return block(GdmBlock::S, shape_.observations); }                 // N x (K D)
  Map b() { return block(GdmBlock::b, shape_.observations); }                 // N x K, b_k
  Map log_var() { return block(GdmBlock::log_var, shape_.observations); }     // N x 1, log sigma^2
  Map W() { return block(GdmBlock::W, shape_.states); }                       // K x P, posterior weights
  Map c() { return block(GdmBlock::c, shape_.states); }                       // K x 1, posterior bias

  ConstMap R() const { return block(GdmBlock::R, shape_.states); }
  ConstMap r() const { return block(GdmBlock::r, shape_.states); }
  double gamma() const { return theta_(offset(GdmBlock::gamma)); }
  ConstMap initial_logits() const { return block(GdmBlock::initial_logits, shape_.states); }
  ConstMap initial_means() const { return block(GdmBlock::initial_means, shape_.observations); }
  ConstMap S() const { return block(GdmBlock::S, shape_.observations); }
  ConstMap b() const { return block(GdmBlock::b, shape_.observations); }
  ConstMap log_var() const { return block(GdmBlock::log_var, shape_.observations); }
  ConstMap W() const { return block(GdmBlock::W, shape_.states); }
  ConstMap c() const { return block(GdmBlock::c, shape_.states); }

 private:
  Map block(GdmBlock which, Eigen::Index rows) {
    return Map(theta_.data() + offset(which), rows, size(which) / rows);
  }
  ConstMap block(GdmBlock which, Eigen::Index rows) const {
    return ConstMap(theta_.data() + offset(which), rows, size(which) / rows);
  }

  GdmShape shape_;
  std::array<Eigen::Index, kGdmBlockCount + 1> offset_{};
  Eigen::VectorXd theta_;
};

// A fitted (or initial) model: the trained parameters, the fixed projection F (D x N) and the
// Concrete temperature tau.
struct GdmModel {
  GdmParameters parameters;
  Eigen::MatrixXd projection;  // F
  double tau = 0.99;
};

// The authors' initialisation (SCIENCE.md 12.3), drawn from rng in this order: F = 0.1 N(0,1)^{D x N};
// mu0 ~ N(0,1); R ~ N(0,1); S_k = C0 Q_k with C0 ~ N(0,1)^{N x D} and Q_k the Q of a Gaussian D x D
// (Householder QR); log sigma^2 ~ -1 + U(0,1); W ~ 0.8 N(0,1) (K x P, column by column, so the first
// K N draws are the observation posterior's W); b = r = l1 = c = 0; gamma = 0.1.
GdmModel initial_gdm_model(const GdmShape& shape, double tau, Rng& rng);

}  // namespace rnnbook
