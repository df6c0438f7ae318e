#pragma once
// The targets of SCIENCE.md 5.2.
#include "sampling/gaussian_mixture.hpp"
#include "sampling/laplace_mixture.hpp"

namespace rnnbook {

// 0.5 N(-1, 0.5^2) + 0.5 N(1, 0.5^2).
GaussianMixture double_peak();

// 1/2 MvLaplace(0, [[1, .9], [.9, 1]]) + 1/2 MvLaplace(0, [[1, -.9], [-.9, 1]]): an "X".
LaplaceMixture laplace_x();

}  // namespace rnnbook
