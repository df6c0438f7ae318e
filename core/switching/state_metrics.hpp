#pragma once
// How well inferred states and forecasts match the truth (SCIENCE.md 12.5): the paper's kNN state
// quality, matched (Hungarian) accuracy, soft-state total-variation error, the argmax switch rate,
// level R^2 and forecast skill against persistence. States are columns (K x T); labels are 0-based.
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

// argmax_k of each column (the smallest k on ties).
std::vector<int> argmax_states(const Eigen::Ref<const Eigen::MatrixXd>& soft_states);

// The accuracy on the test points of a k-nearest-neighbour classifier fitted on the train points
// (columns, same dimension): Euclidean distance, majority vote, ties between neighbours at equal
// distance broken by the smaller train index and ties in the vote by the smaller label (sklearn's
// KNeighborsClassifier). Throws Error on sizes that do not fit, 1 <= k <= train points violated, or
// negative labels.
double knn_accuracy(const Eigen::Ref<const Eigen::MatrixXd>& train_points, const std::vector<int>& train_labels,
                    const Eigen::Ref<const Eigen::MatrixXd>& test_points, const std::vector<int>& test_labels, int k = 10);

// knn_accuracy's checks of its input (sizes, k, finite points, labels >= 0), once for all ranges of knn_correct.
void check_knn_points(const Eigen::Ref<const Eigen::MatrixXd>& train_points, const std::vector<int>& train_labels,
                      const Eigen::Ref<const Eigen::MatrixXd>& test_points, const std::vector<int>& test_labels, int k);

// How many of the test points [from, to) knn_accuracy classifies correctly (it is the count over all of
// them divided by their number), for input check_knn_points accepted. Throws Error for a range outside the test points.
Eigen::Index knn_correct(const Eigen::Ref<const Eigen::MatrixXd>& train_points, const std::vector<int>& train_labels,
                         const Eigen::Ref<const Eigen::MatrixXd>& test_points, const std::vector<int>& test_labels, int k,
                         Eigen::Index from, Eigen::Index to);

// The matching perm (inferred state i is true state perm[i]) that maximises agreement between the
// two label sequences (same length, labels in [0, states)). When a model has more or fewer states
// than the truth, pass the larger count: the states left over match labels that never occur.
std::vector<int> match_states(const std::vector<int>& inferred, const std::vector<int>& truth, int states);

// The fraction of steps with perm[inferred_t] == truth_t.
double matched_accuracy(const std::vector<int>& inferred, const std::vector<int>& truth, const std::vector<int>& perm);

// mean_t (1/2) sum_j |w_tj - z_tj| with w_t,perm[i] = zbar_ti: the total-variation distance between the
// matched inferred soft states (Ki x T) and the true ones (Kt x T), both padded with zeros to the
// perm's max(Ki, Kt) states (weight on a state the other side lacks counts in full).
double soft_state_tv_error(const Eigen::Ref<const Eigen::MatrixXd>& inferred, const Eigen::Ref<const Eigen::MatrixXd>& truth,
                           const std::vector<int>& perm);

// 100 x (number of t with labels_t != labels_{t-1}) / (T - 1).
double switches_per_100_steps(const std::vector<int>& labels);

// The authors' R^2: mean over rows n of 1 - SSE_n / SST_n (SST about the row mean of truth).
double level_r2(const Eigen::Ref<const Eigen::MatrixXd>& prediction, const Eigen::Ref<const Eigen::MatrixXd>& truth);

// 1 - sum_{t >= h} |y_t - f_t|^2 / sum_{t >= h} |y_t - y_{t-h}|^2: forecast skill at horizon h
// against persistence (columns t < h of f are ignored). Throws Error unless 1 <= h < T.
double forecast_skill(const Eigen::Ref<const Eigen::MatrixXd>& forecast, const Eigen::Ref<const Eigen::MatrixXd>& y, int h);

// (y_t, factor (y_t - y_{t-1})) stacked, with y_0 - y_{-1} taken as 0: the raw-data kNN floor with the
// increment (SCIENCE.md 12.5).
Eigen::MatrixXd with_increments(const Eigen::Ref<const Eigen::MatrixXd>& y, double factor = 20.0);

}  // namespace rnnbook
