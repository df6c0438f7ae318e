#pragma once
// A target given only by samples (the user's array): it draws from them with replacement and has
// no density or score.
#include "sampling/target.hpp"

namespace rnnbook {

class SampleSet : public Target {
 public:
  // samples: d x n, all finite (errors name `field`).
  explicit SampleSet(Eigen::MatrixXd samples, const std::string& field = "target.samples");

  Eigen::Index dim() const override { return samples_.rows(); }
  bool has_density() const override { return false; }
  Eigen::VectorXd log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const override;  // throws
  void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const override;  // throws
  using Target::score;
  Eigen::MatrixXd sample(Eigen::Index n, Rng& rng) const override;

  const Eigen::MatrixXd& samples() const { return samples_; }

 private:
  Eigen::MatrixXd samples_;
};

}  // namespace rnnbook
