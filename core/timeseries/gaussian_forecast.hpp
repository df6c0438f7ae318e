#pragma once
// A Gaussian predictive path from one forecast origin: lead h = 1..H is row h - 1.
#include <Eigen/Dense>

namespace rnnbook {

struct GaussianForecast {
  Eigen::MatrixXd mean;  // H x channels
  Eigen::MatrixXd sd;    // H x channels (marginal sd of each channel at each lead)
};

}  // namespace rnnbook
