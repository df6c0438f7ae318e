#include "switching/assignment.hpp"

#include <limits>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

std::vector<int> best_assignment(const Eigen::Ref<const Eigen::MatrixXd>& score) {
  const Eigen::Index n = score.rows();
  if (n < 1 || score.cols() != n || !score.allFinite())
    throw Error("assignment: the score must be a finite, non-empty square matrix, got " + size_text(score.rows(), score.cols()));
  // Shortest augmenting paths with potentials (Kuhn-Munkres as in Jonker-Volgenant), minimising
  // cost = -score; rows and columns are 1-based inside, 0 is the virtual start.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(std::size_t(n + 1), 0.0), v(std::size_t(n + 1), 0.0);
  std::vector<Eigen::Index> row_of(std::size_t(n + 1), 0), way(std::size_t(n + 1), 0);
  for (Eigen::Index i = 1; i <= n; ++i) {
    row_of[0] = i;
    Eigen::Index j0 = 0;
    std::vector<double> minv(std::size_t(n + 1), inf);
    std::vector<bool> used(std::size_t(n + 1), false);
    do {
      used[std::size_t(j0)] = true;
      const Eigen::Index i0 = row_of[std::size_t(j0)];
      double delta = inf;
      Eigen::Index j1 = 0;
      for (Eigen::Index j = 1; j <= n; ++j) {
        if (used[std::size_t(j)]) continue;
        const double cur = -score(i0 - 1, j - 1) - u[std::size_t(i0)] - v[std::size_t(j)];
        if (cur < minv[std::size_t(j)]) {
          minv[std::size_t(j)] = cur;
          way[std::size_t(j)] = j0;
        }
        if (minv[std::size_t(j)] < delta) {
          delta = minv[std::size_t(j)];
          j1 = j;
        }
      }
      for (Eigen::Index j = 0; j <= n; ++j) {
        if (used[std::size_t(j)]) {
          u[std::size_t(row_of[std::size_t(j)])] += delta;
          v[std::size_t(j)] -= delta;
        } else {
          minv[std::size_t(j)] -= delta;
        }
      }
      j0 = j1;
    } while (row_of[std::size_t(j0)] != 0);
    do {
      const Eigen::Index j1 = way[std::size_t(j0)];
      row_of[std::size_t(j0)] = row_of[std::size_t(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> perm(std::size_t(n), 0);
  for (Eigen::Index j = 1; j <= n; ++j) perm[std::size_t(row_of[std::size_t(j)] - 1)] = int(j - 1);
  return perm;
}

}  // namespace rnnbook
