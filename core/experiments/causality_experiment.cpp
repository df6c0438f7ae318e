#include "experiments/causality_experiment.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "timeseries/auroc.hpp"
#include "timeseries/granger.hpp"

namespace rnnbook {

namespace {

// Multiply-adds of a VAR fit of order p on `rows` rows of n channels: the Gram matrix and its factor.
double var_fit_cost(double rows, double n, double p) { return 0.5 * rows * p * p * n * n + p * p * p * n * n * n; }

// The rows (time steps) and neurons of the series the run will analyse, known before it is generated.
struct SeriesShape {
  Eigen::Index rows, neurons;
};
SeriesShape series_shape(const CausalityConfig& c) {
  if (c.data == "rate") return {c.rate.samples, c.rate.neurons};
  if (c.data == "izhikevich") return {c.izhikevich.steps, c.izhikevich.neurons};
  return {c.user_series.rows(), c.user_series.cols()};
}

}  // namespace

// The rough cost of each part of the first step, for its progress: generation, the order search (every
// order's fit), and the Granger and VAR fits at the largest order (the order found is known after the search).
std::vector<double> CausalityExperiment::first_step_costs(Eigen::Index rows, Eigen::Index n) const {
  const double N = double(n), P = cfg_.granger_max_order, end = cfg_.granger_fraction * double(rows);
  const double generation = cfg_.data == "rate" ? double(cfg_.rate.burn_in + rows) * cfg_.rate.sub * N * N
                            : cfg_.data == "izhikevich" ? double(rows) * N * N : 0.0;
  const double search = 0.5 * end * P * P * N * N + N * N * N * P * P * (P + 1.0) * (P + 1.0) / 12.0;  // as bic_order's
  return {generation, search, 2.0 * var_fit_cost(end, N, P)};
}

CausalityExperiment::CausalityExperiment(const json& config) : cfg_(CausalityConfig::parse(config)) {
  if (!cfg_.attention) return;
  const Eigen::Index rows = series_shape(cfg_).rows;
  const Eigen::Index windows = Eigen::Index(cfg_.train_fraction * double(rows)) - cfg_.attention_settings.context;
  attention_steps_ = long((windows + cfg_.attention_settings.batch - 1) / cfg_.attention_settings.batch) *
                     cfg_.attention_settings.epochs;
}

long CausalityExperiment::total() const { return 1 + attention_steps_; }

// Generation, the order search and the fits (the attention model's training is the later steps).
void CausalityExperiment::first_step() {
  progress_next_unit();
  const auto [rows, neurons] = series_shape(cfg_);
  const std::vector<double> c = first_step_costs(rows, neurons);
  const double before_fits = c[0] + c[1];
  {
    const ProgressPart part(0.0, c[0] / (before_fits + c[2]));
    if (cfg_.data == "rate") net_ = rate_network_series(cfg_.rate, cfg_.seed);
    else if (cfg_.data == "izhikevich") net_ = izhikevich_series(cfg_.izhikevich, cfg_.seed);
    else net_ = {cfg_.user_series, cfg_.user_weights};
  }
  const Eigen::MatrixXd& y = net_.series;
  const Eigen::Index end = Eigen::Index(cfg_.granger_fraction * double(y.rows()));
  {
    const ProgressPart part(c[0] / (before_fits + c[2]), before_fits / (before_fits + c[2]));
    granger_order_ = bic_order(y.topRows(end), cfg_.granger_max_order, end);
  }
  // The fits at the order found, usually far below the largest: the share done jumps to what is left.
  const double fit = var_fit_cost(double(end), double(neurons), granger_order_);
  const ProgressPart fits(before_fits / (before_fits + 2.0 * fit), 1.0);
  ProgressPhases phases({fit, fit});
  phases.enter(0);
  granger_ = granger_causality(y, granger_order_, granger_order_, end);
  phases.enter(1);
  var_coef_ = var_coefficient_magnitude(y, granger_order_, end);
  lag_corr_ = lag_correlation(y, end);
  if (cfg_.attention)
    trainer_ = std::make_unique<AttentionTrainer>(y, 0, Eigen::Index(cfg_.train_fraction * double(y.rows())),
                                                  cfg_.attention_settings, cfg_.attention_seed);
}

long CausalityExperiment::step(long n) {
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  if (n > 0 && position_ == 0) {
    first_step();
    ++position_, ++done;
  }
  while (done < n && position_ < total()) {
    const double loss = trainer_->step();
    if (!std::isfinite(loss))
      throw Diverged("causality: the attention model's loss is not finite at step " + std::to_string(position_));
    losses_.push_back(loss);
    ++position_, ++done;
  }
  elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

std::vector<double> CausalityExperiment::series(const std::string& name, long from) const {
  if (name != "loss") throw Error("series: unknown name \"" + name + "\"; allowed: loss");
  return series_from(losses_, from);
}

Result CausalityExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.kind = "causality";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["steps_done"] = double(position_);
  r.scalars["stopped_early"] = position_ < total() ? 1.0 : 0.0;
  if (position_ > 0) {
    const Eigen::MatrixXd& y = net_.series;
    // AUROC needs both classes: a truth with no edge (or every edge) gives only the edge count.
    const double n_off = double(y.cols()) * double(y.cols() - 1);
    const double edges = net_.weights.size() > 0 ? double((net_.weights.array() != 0).count()) -
                                                       double((net_.weights.diagonal().array() != 0).count())
                                                 : 0.0;
    if (net_.weights.size() > 0) r.scalars["edges"] = edges;
    const bool truth = net_.weights.size() > 0 && edges > 0 && edges < n_off;
    r.arrays["series"] = matrix_array(y);
    if (net_.weights.size() > 0) r.arrays["weights"] = matrix_array(net_.weights);
    r.scalars["granger_order"] = granger_order_;
    std::vector<std::pair<std::string, Eigen::MatrixXd>> estimates = {
        {"granger", granger_}, {"var_coefficients", var_coef_}, {"lag_correlation", lag_corr_}};
    if (trainer_ && trainer_->steps_done() > 0) {
      const Eigen::Index T = y.rows();
      const std::vector<Eigen::Index> test =
          attention_origins(T - Eigen::Index(cfg_.test_fraction * double(T)), T, cfg_.attention_settings.context);
      Eigen::MatrixXd A;
      const Eigen::MatrixXd pred = attention_predict(trainer_->model(), y, test, &A);
      r.scalars["attention_r2"] = one_step_r2(pred, y, test);
      estimates.push_back({"attention", A});
      if (truth) {
        const Eigen::MatrixXd edges = (net_.weights.array() != 0).cast<double>();
        const double n = double(y.cols());
        r.scalars["attention_edge_mass"] = (A.array() * edges.array()).sum() / n;
        r.scalars["edge_density"] = edges.sum() / (n * (n - 1));
      }
    }
    for (const auto& [name, M] : estimates) {
      r.arrays[name] = matrix_array(M);
      if (truth) {
        r.scalars["auroc_" + name] = connectivity_auroc(M, net_.weights);
        r.scalars["auroc_" + name + "_with_diagonal"] = connectivity_auroc(M, net_.weights, true);
      }
    }
  }
  r.timing_ms = elapsed_ms_ + std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
