#pragma once
// Model order grown until the validation score stops improving (SCIENCE.md 13.2: orders 1, 2, ...
// scored on validation data, stopping after `patience` orders without a new best).
#include <functional>
#include <vector>

namespace rnnbook {

struct OrderChoice {
  int order = 0;               // the order with the lowest score (the first one on ties)
  std::vector<double> scores;  // scores[p - 1] for every order tried, p = 1, 2, ...
};

// Tries p = 1, 2, ... up to max_order; stops once `patience` consecutive orders fail to lower the
// best score. Lower is better; a non-finite score never counts as a new best. Throws
// rnnbook::Error unless max_order >= 1 and patience >= 1.
OrderChoice choose_order(int max_order, int patience, const std::function<double(int)>& score);

}  // namespace rnnbook
