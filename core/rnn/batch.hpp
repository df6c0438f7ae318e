#pragma once
// Task data and hidden trajectories, stored time-major (T, B, ...) so that each time step is one
// contiguous column-major N x B block that Eigen maps without copying.
#include <Eigen/Dense>
#include <xtensor/xtensor.hpp>

namespace rnnbook {

struct Batch {
  xt::xtensor<double, 3> x;     // (T, B, I) inputs
  xt::xtensor<double, 3> y;     // (T, B, O) targets
  xt::xtensor<double, 2> mask;  // (T, B) 1 where the loss counts, 0 elsewhere

  std::size_t steps() const { return x.shape()[0]; }
  std::size_t trials() const { return x.shape()[1]; }
};

template <class Scalar>
struct BasicTrajectory {
  xt::xtensor<Scalar, 3> h;  // (T+1, B, N) hidden states, h[0] = h_0
  xt::xtensor<Scalar, 3> u;  // (T, B, N) pre-activations
  xt::xtensor<Scalar, 3> y;  // (T, B, O) readouts
  // (T, B, N) phi' at the cell's argument (u_t; h_{t-1} for cell B): scratch of loss_and_gradient,
  // which fills it in the forward pass so that the backward pass needs no activation of its own.
  xt::xtensor<Scalar, 3> slope;
};
using Trajectory = BasicTrajectory<double>;
using FloatTrajectory = BasicTrajectory<float>;  // training in float32

// Time step t of a (T, B, K) tensor as a K x B matrix (column b = trial b).
template <class Scalar>
Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> step_block(xt::xtensor<Scalar, 3>& a, std::size_t t) {
  const auto B = a.shape()[1], K = a.shape()[2];
  return {a.data() + t * B * K, Eigen::Index(K), Eigen::Index(B)};
}
template <class Scalar>
Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> step_block(const xt::xtensor<Scalar, 3>& a,
                                                                                    std::size_t t) {
  const auto B = a.shape()[1], K = a.shape()[2];
  return {a.data() + t * B * K, Eigen::Index(K), Eigen::Index(B)};
}

}  // namespace rnnbook
