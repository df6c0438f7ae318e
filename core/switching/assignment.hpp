#pragma once
// The best one-to-one assignment of a square score matrix (Hungarian method, O(K^3)), used to match
// inferred states to true ones (SCIENCE.md 12.5).
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

// The permutation perm maximising sum_i score(i, perm[i]). Throws Error unless score is square,
// non-empty and finite.
std::vector<int> best_assignment(const Eigen::Ref<const Eigen::MatrixXd>& score);

}  // namespace rnnbook
