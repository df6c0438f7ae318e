#pragma once
// A vector autoregression y_t = c + sum_{k=1..p} A_k y_{t-k} + e_t, e_t ~ N(0, Sigma)
// (SCIENCE.md 13.2; an AR(p) is the one-channel case). Row i of A_k is the target channel i.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

struct VarModel {
  Eigen::VectorXd intercept;          // c (n)
  std::vector<Eigen::MatrixXd> lags;  // A_1 .. A_p (n x n each)
  Eigen::MatrixXd noise_cov;          // Sigma (n x n)

  int order() const { return int(lags.size()); }
  Eigen::Index channels() const { return intercept.size(); }
};

}  // namespace rnnbook
