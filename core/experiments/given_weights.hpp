#pragma once
// User-given initial weights of a train config (README.md, "The train experiment"): model.weights
// holds any of the blocks W, U, b, C, c as arrays, model.fixed_point a state d to plant as a fixed
// point of the current cell (SCIENCE.md 1.7).
#include <array>

#include "experiments/fields.hpp"
#include "rnn/parameters.hpp"

namespace rnnbook {

struct GivenWeights {
  std::array<Eigen::MatrixXd, 5> blocks;  // W, U, b, C, c (ParameterBlock order); 0 x 0 = not given
  Eigen::VectorXd fixed_point;            // empty = none
};

// Reads model.weights and model.fixed_point (either may be null) for a network of `shape`, and
// writes their shapes (not the values) into model's filled config. Errors name the field, e.g.
// "model.weights.W: must have shape [8, 8] (model.hidden x model.hidden), got [3, 4]".
GivenWeights read_given_weights(const json* weights, const json* fixed_point, const RnnShape& shape,
                                Fields& model);

// Seeded parameters -> the initial ones: the given blocks replace theirs, then W is truncated to
// rank r (r > 0; SCIENCE.md 1.7), then the fixed point is planted.
void apply_given_weights(const GivenWeights& given, int rank, RnnParameters& p);

}  // namespace rnnbook
