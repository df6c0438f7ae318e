// The result of the lowrank experiment: what has been done so far, scored (SCIENCE.md 11.5's measures).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "experiments/lowrank_experiment.hpp"
#include "lowrank/identifiability.hpp"

namespace rnnbook {

namespace {

// The median (the mean of the middle two for an even count); NaN if any value is NaN.
double lowrank_median(std::vector<double> v) {
  if (std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); }))
    return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double median_field(const std::vector<SummaryError>& v, double SummaryError::*field) {
  std::vector<double> x;
  for (const auto& e : v) x.push_back(e.*field);
  return lowrank_median(x);
}

// Loadings of several networks (neurons x R each) as (count, neurons, R).
ResultArray stacked_loadings(const std::vector<const Eigen::MatrixXd*>& mats) {
  ResultArray a{{mats.size(), std::size_t(mats.empty() ? 0 : mats[0]->rows()), std::size_t(mats.empty() ? 0 : mats[0]->cols())}, {}};
  for (const Eigen::MatrixXd* m : mats) {
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = *m;
    a.data.insert(a.data.end(), r.data(), r.data() + r.size());
  }
  return a;
}

// States of trials (dim x B(T+1), column-major) are the C-order array (B, T+1, dim) as they lie in memory.
ResultArray latents_array(const TrialStates& k) {
  return {{std::size_t(k.trials), std::size_t(k.steps + 1), std::size_t(k.dim())},
          std::vector<double>(k.X.data(), k.X.data() + k.X.size())};
}

}  // namespace

void LowRankExperiment::student_results(Result& r) const {
  std::vector<LowRankNetwork> nets, inits;
  for (const auto& s : students_)
    if (s->done()) nets.push_back(s->network()), inits.push_back(s->initial());
  r.scalars["students_done"] = double(nets.size());
  if (nets.empty()) return;
  const double dt = cfg_.teacher.dt;
  // J and span(M) against the teacher's; with the user's data, against the max-entropy fit's (M its span of the data).
  const LowRankNetwork reference = cfg_.synthetic ? teacher_net_ : max_entropy_network(fit_.M, mean_);
  const double j_ref = j_norm(reference);
  std::vector<double> traj, j_err, cosines, pairs;
  double sine = 0.0;
  std::vector<const Eigen::MatrixXd*> Ms, Ns;
  for (std::size_t k = 0; k < nets.size(); ++k) {
    traj.push_back(trajectory_error(nets[k], dt, heldout_));
    if (cfg_.synthetic) j_err.push_back(j_difference(nets[k], teacher_net_) / j_ref);
    sine = std::max(sine, max_principal_sine(nets[k].M, reference.M));
    cosines.push_back(off_subspace_cosine(subspace_.basis(), nets[k].N, inits[k].N));
    for (std::size_t b = k + 1; b < nets.size(); ++b) pairs.push_back(j_difference(nets[k], nets[b]) / j_ref);
    Ms.push_back(&nets[k].M);
    Ns.push_back(&nets[k].N);
  }
  r.scalars["student_trajectory_error"] = lowrank_median(traj);
  if (!j_err.empty()) r.scalars["student_j_error"] = lowrank_median(j_err);
  if (!pairs.empty()) r.scalars["student_pair_j_difference"] = lowrank_median(pairs);
  r.scalars["span_m_sine"] = sine;
  r.scalars["init_cosine"] = lowrank_median(cosines);
  r.arrays["student_M"] = stacked_loadings(Ms);
  r.arrays["student_N"] = stacked_loadings(Ns);
}

void LowRankExperiment::network_results(Result& r) const {
  r.scalars["samples_done"] = double(sampled_.size());
  if (!sampled_.empty()) {
    r.scalars["flow_error"] = median_field(sampled_errors_, &SummaryError::primary);
    r.scalars["flow_trajectory_error"] = median_field(sampled_errors_, &SummaryError::trajectory);
    if (cfg_.teacher.kind == TeacherKind::cycle) r.scalars["flow_period_error"] = median_field(sampled_errors_, &SummaryError::period);
    std::vector<const Eigen::MatrixXd*> Ms, Ns;
    ResultArray latents{{sampled_.size(), std::size_t(want_.trials), std::size_t(want_.steps + 1), std::size_t(want_.dim())}, {}};
    for (std::size_t k = 0; k < sampled_.size(); ++k) {
      Ms.push_back(&sampled_[k].M);
      Ns.push_back(&sampled_[k].N);
      const Eigen::MatrixXd& X = sampled_latents_[k].X;
      latents.data.insert(latents.data.end(), X.data(), X.data() + X.size());
    }
    r.arrays["sampled_M"] = stacked_loadings(Ms);
    r.arrays["sampled_N"] = stacked_loadings(Ns);
    r.arrays["sampled_latents"] = std::move(latents);
  }
  if (!bootstrap_errors_.empty()) r.scalars["bootstrap_error"] = median_field(bootstrap_errors_, &SummaryError::primary);
  if (!gaussian_errors_.empty()) r.scalars["gaussian_error"] = median_field(gaussian_errors_, &SummaryError::primary);
  if (!shuffled_errors_.empty()) r.scalars["shuffled_error"] = median_field(shuffled_errors_, &SummaryError::primary);
}

Result LowRankExperiment::result() {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.kind = "lowrank";
  r.version = kVersion;
  r.seed = cfg_.seed;
  r.config = cfg_.filled;
  r.scalars["steps_done"] = double(position_);
  r.scalars["stopped_early"] = position_ < total() ? 1.0 : 0.0;
  r.scalars["s_rank"] = double(subspace_.dim);
  // U33: the max-entropy network (M, g*(M)) against the required input y and the held-out latents.
  const LowRankNetwork maxent = max_entropy_network(fit_.M, mean_);
  r.scalars["maxent_input_error"] = (latent_input(maxent, fit_.M * fit_.kappa) - fit_.y).norm() / fit_.y.norm();
  r.scalars["maxent_trajectory_error"] =
      latent_trajectory_error(latent_trajectories(maxent, cfg_.teacher.dt, want_.at_step(0), want_.steps), want_);
  if (cfg_.synthetic) {
    r.arrays["teacher_M"] = matrix_array(teacher_net_.M);
    r.arrays["teacher_N"] = matrix_array(teacher_net_.N);
  }
  r.arrays["maxent_M"] = matrix_array(maxent.M);
  r.arrays["maxent_N"] = matrix_array(maxent.N);
  r.arrays["s_spectrum"] = vector_array(subspace_.spectrum);
  r.arrays["activity_spectrum"] = vector_array(fit_.spectrum);
  r.arrays["train_latents"] = latents_array(fit_.latents);
  r.arrays["data_latents"] = latents_array(want_);
  r.arrays["student_loss"] = vector_array(series("student_loss", 0));
  r.arrays["flow_loss"] = vector_array(flow_->losses());
  student_results(r);
  network_results(r);
  r.timing_ms = elapsed_ms_ + std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace rnnbook
