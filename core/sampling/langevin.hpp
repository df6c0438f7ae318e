#pragma once
// Overdamped Langevin dynamics by Euler-Maruyama on any score, many chains at once (SCIENCE.md
// 5.2): x_{k+1} = x_k + dt s(x_k) + sqrt(2 dt) xi_k, xi_k ~ N(0, I). Chains are the columns of x.
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/rng.hpp"

namespace rnnbook {

// out = s(x) for each column of x (d x n); out is d x n and does not alias x.
using ScoreFunction =
    std::function<void(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out)>;

// Throws rnnbook::Error naming `field` unless dt is a finite number > 0.
void check_step_size(double dt, const std::string& field = "dt");

// Chains that advance one Euler-Maruyama step at a time; no allocation per step.
class LangevinChains {
 public:
  // x0: d x n starting points (finite); dt > 0 (errors name `field`).
  LangevinChains(ScoreFunction score, Eigen::MatrixXd x0, double dt, const std::string& field = "dt");

  void step(Rng& rng);                      // one step of every chain
  const Eigen::MatrixXd& positions() const { return x_; }
  double dt() const { return dt_; }

 private:
  ScoreFunction score_;
  Eigen::MatrixXd x_, drift_;
  double dt_;
};

// Runs `steps` steps from x0 and returns the positions every `record_every` steps, starting with x0
// (1 + steps / record_every snapshots). Throws rnnbook::Error for dt <= 0 or record_every < 1.
std::vector<Eigen::MatrixXd> run_langevin(const ScoreFunction& score, const Eigen::MatrixXd& x0, double dt,
                                          std::int64_t steps, std::int64_t record_every, Rng& rng);

// Fills m with standard normals, column by column (the chains' draw order).
void fill_normal(Eigen::Ref<Eigen::MatrixXd> m, Rng& rng);

}  // namespace rnnbook
