#pragma once
// The sampled ELBO of the two-level GDM (GS-BBVI, SCIENCE.md 12.2) and its hand-written gradient.
// With the Gumbel draws held fixed the objective is a smooth function of the parameters, which is
// what the finite-difference tests (U36, U37) check. One forward and one backward sweep over t per
// sample: no recursion through time, so no BPTT.
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"
#include "switching/gdm_parameters.hpp"

namespace rnnbook {

// M reparameterisation draws for a sequence of T steps: g(k, m T + t).
struct GumbelNoise {
  Eigen::MatrixXd g;  // K x (M T)
  Eigen::Index samples = 0;
  Eigen::Index steps = 0;
};

// Draws g column by column (sample-major, then time, then state).
GumbelNoise draw_gumbel_noise(Eigen::Index states, Eigen::Index steps, Eigen::Index samples, Rng& rng);

class GdmElbo {
 public:
  // y is N x T, one observation per column (T >= 1); projection F is D x N. The entropy bonus
  // H(mean z) of the authors' objective (weight 1) is included when entropy_bonus is true. Throws
  // Error on sizes that do not fit, tau <= 0 or non-finite data.
  GdmElbo(const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::MatrixXd>& projection,
          double tau, bool entropy_bonus = true);

  // E(theta, phi) = (1/M) sum_m [log p(z^m) + log p(y | z^m) - log q(z^m | x)] + H(zbar) for these
  // draws, with x the posterior input the parameters' shape names (gdm_posterior_input.hpp); when
  // gradient is not null it receives dE/dtheta in the same layout. Throws Error if the
  // shapes of parameters or noise do not match.
  double evaluate(const GdmParameters& parameters, const GumbelNoise& noise, GdmParameters* gradient = nullptr);

  Eigen::Index steps() const { return y_.cols(); }
  double tau() const { return tau_; }

 private:
  // The posterior's input x (P x T): y_ itself, or the increment input, built on first use.
  const Eigen::MatrixXd& posterior_input(GdmPosteriorInput input);

  Eigen::MatrixXd y_, u_;  // N x T; u = F y, D x T
  Eigen::MatrixXd increment_input_;  // [y; dy], 2N x T, once the increment posterior is evaluated
  double tau_;
  bool entropy_bonus_;
  // Workspace, resized on demand.
  Eigen::MatrixXd lambda_, h_, v_, z_, dl_, dlambda_, work_;
  Eigen::MatrixXd soft_;     // K x (2 block): the softmaxes of p and q for a block of steps
  Eigen::MatrixXd scalars_;  // block x 5: log-sum-exps (q or p, q), column maxima, value terms, sums
  Eigen::MatrixXd mu_, ez_sum_;  // N x (K T): column t K + k holds mu_tk and sum_m z_tk e_t
};

}  // namespace rnnbook
