#include "tasks/dataset.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace rnnbook {

namespace {

template <class A>
void check_finite(const A& a, const std::string& name) {
  for (double v : a)
    if (!std::isfinite(v)) throw Error(name + ": contains NaN or infinity");
}

}  // namespace

Dataset::Dataset(Batch data, LossKind loss, const std::string& prefix) : data_(std::move(data)), loss_(loss) {
  const std::string inputs = prefix + "inputs", targets = prefix + "targets", mask = prefix + "mask";
  const auto& xs = data_.x.shape();
  const auto& ys = data_.y.shape();
  const std::vector<std::size_t> x{xs.begin(), xs.end()}, y{ys.begin(), ys.end()};
  if (x[0] == 0 || x[1] == 0 || x[2] == 0) throw Error(inputs + ": shape " + shape_text(x, "(", ")") + " has an empty axis");
  if (y[0] != x[0] || y[1] != x[1] || y[2] == 0)
    throw Error(targets + ": shape " + shape_text(y, "(", ")") + " must be (" + std::to_string(x[0]) + ", " +
                std::to_string(x[1]) + ", O) to match " + inputs + " " + shape_text(x, "(", ")"));
  if (data_.mask.size() == 0) data_.mask = xt::ones<double>({x[0], x[1]});
  const std::vector<std::size_t> m{data_.mask.shape().begin(), data_.mask.shape().end()};
  if (m[0] != x[0] || m[1] != x[1])
    throw Error(mask + ": shape " + shape_text(m, "(", ")") + " must be (" + std::to_string(x[0]) + ", " +
                std::to_string(x[1]) + ") to match " + inputs);
  check_finite(data_.x, inputs);
  check_finite(data_.y, targets);
  for (double v : data_.mask)
    if (!(v >= 0.0 && v <= 1.0)) throw Error(mask + ": entries must be in [0, 1]");
}

Batch Dataset::sample(int trials, Rng& rng) const {
  const std::size_t total = data_.x.shape()[1], T = data_.x.shape()[0];
  std::vector<std::size_t> order(total);
  std::iota(order.begin(), order.end(), std::size_t(0));
  Batch batch = empty_batch(*this, trials);
  for (std::size_t b = 0; b < std::size_t(trials); ++b) {
    const std::size_t left = total - (b % total);
    // Partial Fisher-Yates: position b % total gets a random one of the remaining trials.
    const std::size_t pos = b % total;
    const std::size_t pick = pos + std::size_t(rng.uniform() * double(left)) % left;
    std::swap(order[pos], order[pick]);
    const std::size_t src = order[pos];
    for (std::size_t t = 0; t < T; ++t) {
      for (std::size_t i = 0; i < data_.x.shape()[2]; ++i) batch.x(t, b, i) = data_.x(t, src, i);
      for (std::size_t o = 0; o < data_.y.shape()[2]; ++o) batch.y(t, b, o) = data_.y(t, src, o);
      batch.mask(t, b) = data_.mask(t, src);
    }
  }
  return batch;
}

}  // namespace rnnbook
