#include "lowrank/trial_states.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

TrialStates::TrialStates(Eigen::Index dim, Eigen::Index trials_, Eigen::Index steps_)
    : trials(trials_), steps(steps_), X(Eigen::MatrixXd::Zero(dim, trials_ * (steps_ + 1))) {}

Eigen::MatrixXd TrialStates::at_step(Eigen::Index t) const {
  Eigen::MatrixXd out(dim(), trials);
  for (Eigen::Index b = 0; b < trials; ++b) out.col(b) = state(b, t);
  return out;
}

std::vector<std::size_t> TrialStates::shape() const {
  return {std::size_t(trials), std::size_t(steps + 1), std::size_t(dim())};
}

TrialStates trial_states_from_array(const std::vector<std::size_t>& shape, const std::vector<double>& data,
                                    const char* field, std::size_t min_states) {
  const std::string f = field;
  if (shape.size() != 3)
    throw Error(f + ": activity must have shape [trials, steps + 1, neurons], got " + shape_text(shape));
  if (shape[0] < 1 || shape[2] < 1)
    throw Error(f + ": activity needs at least 1 trial and 1 neuron, got shape " + shape_text(shape));
  if (shape[1] < min_states)
    throw Error(f + ": activity is too short: each trial needs at least " + std::to_string(min_states) +
                " time points, got " + std::to_string(shape[1]));
  const std::size_t count = shape[0] * shape[1] * shape[2];
  if (data.size() != count)
    throw Error(f + ": shape " + shape_text(shape) + " needs " + std::to_string(count) + " values, got " +
                std::to_string(data.size()));
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(data[i])) throw Error(f + ": value " + std::to_string(i) + " is not finite");
  TrialStates s(static_cast<Eigen::Index>(shape[2]), static_cast<Eigen::Index>(shape[0]),
                static_cast<Eigen::Index>(shape[1]) - 1);
  s.X = Eigen::Map<const Eigen::MatrixXd>(data.data(), s.X.rows(), s.X.cols());
  return s;
}

}  // namespace rnnbook
