#include "timeseries/order_search.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

OrderChoice choose_order(int max_order, int patience, const std::function<double(int)>& score) {
  if (max_order < 1 || patience < 1)
    throw Error("order search: needs max_order >= 1 and patience >= 1, got " + std::to_string(max_order) + " and " +
                std::to_string(patience));
  OrderChoice choice;
  double best = 0;
  int since_best = 0;
  for (int p = 1; p <= max_order && since_best < patience; ++p) {
    const double s = score(p);
    choice.scores.push_back(s);
    if (std::isfinite(s) && (choice.order == 0 || s < best)) {
      best = s;
      choice.order = p;
      since_best = 0;
    } else {
      ++since_best;
    }
  }
  if (choice.order == 0) throw Error("order search: no order up to " + std::to_string(max_order) + " gave a finite score");
  return choice;
}

}  // namespace rnnbook
