#include "timeseries/auroc.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

// Rank-sum form: AUC = (R_pos - n_pos (n_pos + 1) / 2) / (n_pos n_neg), ties given average ranks.
double auroc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  if (scores.size() != positive.size()) throw Error("auroc: needs one label per score");
  std::vector<std::size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), std::size_t(0));
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  double rank_sum = 0, n_pos = 0;
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && scores[idx[j + 1]] == scores[idx[i]]) ++j;
    const double rank = 0.5 * double(i + j) + 1;  // 1-based average rank of the tie group
    for (std::size_t k = i; k <= j; ++k)
      if (positive[idx[k]]) rank_sum += rank, n_pos += 1;
    i = j + 1;
  }
  const double n_neg = double(scores.size()) - n_pos;
  if (n_pos == 0 || n_neg == 0) throw Error("auroc: needs at least one positive and one negative entry");
  return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

double connectivity_auroc(const Eigen::Ref<const Eigen::MatrixXd>& scores, const Eigen::Ref<const Eigen::MatrixXd>& truth,
                          bool include_diagonal) {
  if (scores.rows() != truth.rows() || scores.cols() != truth.cols() || scores.rows() != scores.cols())
    throw Error("auroc: scores and truth must be the same square size");
  std::vector<double> s;
  std::vector<bool> label;
  for (Eigen::Index j = 0; j < scores.cols(); ++j)
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      if (i == j && !include_diagonal) continue;
      s.push_back(i == j ? 0.0 : scores(i, j));
      label.push_back(i != j && truth(i, j) != 0);
    }
  return auroc(s, label);
}

}  // namespace rnnbook
