#pragma once
// States of B trials of T+1 steps each (activity x in R^N, or latents kappa in R^R) in one matrix whose
// memory is the C-order array (B, T+1, dim): column b (T+1) + t is the state of trial b at step t.
// Part of rnnbook's reconstruction of low-rank RNNs fitted to dynamics (SCIENCE.md 11; only the paper's
// abstract was readable).
#include <Eigen/Dense>
#include <cstddef>
#include <vector>

namespace rnnbook {

struct TrialStates {
  Eigen::Index trials = 0;  // B
  Eigen::Index steps = 0;   // T (each trial holds T+1 states)
  Eigen::MatrixXd X;        // dim x B (T+1)

  TrialStates() = default;
  TrialStates(Eigen::Index dim, Eigen::Index trials, Eigen::Index steps);  // zero states

  Eigen::Index dim() const { return X.rows(); }
  Eigen::Index column(Eigen::Index b, Eigen::Index t) const { return b * (steps + 1) + t; }
  auto state(Eigen::Index b, Eigen::Index t) { return X.col(column(b, t)); }
  auto state(Eigen::Index b, Eigen::Index t) const { return X.col(column(b, t)); }
  // The states of every trial at step t (dim x B).
  Eigen::MatrixXd at_step(Eigen::Index t) const;
  // The C-order shape {B, T+1, dim}.
  std::vector<std::size_t> shape() const;
};

// User activity from a C-order (B, T+1, N) array. `field` names the input in messages. Throws Error
// unless the shape has 3 entries, B >= 1, T+1 >= min_states, N >= 1, data has their product of entries and
// every entry is finite.
TrialStates trial_states_from_array(const std::vector<std::size_t>& shape, const std::vector<double>& data,
                                    const char* field, std::size_t min_states = 3);

}  // namespace rnnbook
