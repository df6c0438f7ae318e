#include "sampling/langevin.hpp"

#include <cmath>
#include <sstream>

#include "common/error.hpp"

namespace rnnbook {

void check_step_size(double dt, const std::string& field) {
  if (!(dt > 0.0) || !std::isfinite(dt)) {
    std::ostringstream os;
    os << field << ": must be a finite number > 0, got " << dt;
    throw Error(os.str());
  }
}

void fill_normal(Eigen::Ref<Eigen::MatrixXd> m, Rng& rng) {
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) m(i, j) = rng.normal();
}

LangevinChains::LangevinChains(ScoreFunction score, Eigen::MatrixXd x0, double dt, const std::string& field)
    : score_(std::move(score)), x_(std::move(x0)), drift_(x_.rows(), x_.cols()), dt_(dt) {
  check_step_size(dt, field);
  if (!x_.allFinite()) throw Error("langevin: starting points must be finite");
}

// SCIENCE.md 5.2: x <- x + dt s(x) + sqrt(2 dt) xi.
void LangevinChains::step(Rng& rng) {
  score_(x_, drift_);
  x_ += dt_ * drift_;
  const double noise = std::sqrt(2.0 * dt_);
  for (Eigen::Index j = 0; j < x_.cols(); ++j)
    for (Eigen::Index i = 0; i < x_.rows(); ++i) x_(i, j) += noise * rng.normal();
}

std::vector<Eigen::MatrixXd> run_langevin(const ScoreFunction& score, const Eigen::MatrixXd& x0, double dt,
                                          std::int64_t steps, std::int64_t record_every, Rng& rng) {
  if (steps < 0) throw Error("steps: must be an integer >= 0, got " + std::to_string(steps));
  if (record_every < 1) throw Error("record_every: must be an integer >= 1, got " + std::to_string(record_every));
  LangevinChains chains(score, x0, dt);
  std::vector<Eigen::MatrixXd> out{chains.positions()};
  for (std::int64_t k = 1; k <= steps; ++k) {
    chains.step(rng);
    if (k % record_every == 0) out.push_back(chains.positions());
  }
  return out;
}

}  // namespace rnnbook
