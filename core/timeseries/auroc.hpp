#pragma once
// Area under the ROC curve of a connectivity estimate against the true graph (SCIENCE.md 14.0,
// U50): the Mann-Whitney statistic with ties counted one half, so it depends on the scores' order only.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

// P(score of a positive > score of a negative) + P(tie) / 2. Throws rnnbook::Error unless both
// classes are present and the sizes match.
double auroc(const std::vector<double>& scores, const std::vector<bool>& positive);

// AUROC of scores[i, j] against truth[i, j] != 0 over the off-diagonal entries; with
// include_diagonal, the paper's convention [C]: the diagonal enters as negatives with score 0.
double connectivity_auroc(const Eigen::Ref<const Eigen::MatrixXd>& scores, const Eigen::Ref<const Eigen::MatrixXd>& truth,
                          bool include_diagonal = false);

}  // namespace rnnbook
