#pragma once
// Adam with PyTorch conventions (SCIENCE.md 1.6): bias-corrected moments, L2 weight decay added
// to the gradient before the moments (not decoupled).
#include <Eigen/Dense>

namespace rnnbook {

struct AdamSettings {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
};

class Adam {
 public:
  Adam(Eigen::Index size, const AdamSettings& settings);

  void step(Eigen::VectorXd& theta, const Eigen::VectorXd& grad);
  long steps_taken() const { return k_; }
  const AdamSettings& settings() const { return s_; }

 private:
  AdamSettings s_;
  Eigen::VectorXd m_, v_, g_;
  long k_ = 0;
};

}  // namespace rnnbook
