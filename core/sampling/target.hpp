#pragma once
// A distribution to sample from: its dimension, exact log-density and score (gradient of the
// log-density) where it has them, and an exact sampler. Points are the columns of a d x n matrix.
#include <Eigen/Dense>

#include "common/rng.hpp"

namespace rnnbook {

class Target {
 public:
  virtual ~Target() = default;

  virtual Eigen::Index dim() const = 0;
  // False for user samples: log_density and score then throw rnnbook::Error.
  virtual bool has_density() const { return true; }

  // ln p at each column of x (d x n).
  virtual Eigen::VectorXd log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const = 0;
  // out = grad ln p at each column of x; out is d x n.
  virtual void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const = 0;
  Eigen::MatrixXd score(const Eigen::Ref<const Eigen::MatrixXd>& x) const;

  // n independent draws (d x n).
  virtual Eigen::MatrixXd sample(Eigen::Index n, Rng& rng) const = 0;

  // Centres of the modes (d x K) for mode masses; empty when the target has no separate modes.
  virtual Eigen::MatrixXd mode_centres() const { return {}; }
};

}  // namespace rnnbook
