#pragma once
// A 2-D ring: p(x) proportional to exp(-(|x| - R)^2 / (2 w^2)), radius R > 0, width w > 0; exact
// normaliser, score and sampler.
#include "sampling/target.hpp"

namespace rnnbook {

class Ring : public Target {
 public:
  // Errors name `field`.radius and `field`.width.
  Ring(double radius, double width, const std::string& field = "target");

  Eigen::Index dim() const override { return 2; }
  Eigen::VectorXd log_density(const Eigen::Ref<const Eigen::MatrixXd>& x) const override;
  // 0 at the origin (the direction is undefined there).
  void score(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) const override;
  using Target::score;
  Eigen::MatrixXd sample(Eigen::Index n, Rng& rng) const override;

  double radius() const { return radius_; }
  double width() const { return width_; }

 private:
  double radius_, width_, log_z_;  // log_z_: ln of the normaliser
};

}  // namespace rnnbook
