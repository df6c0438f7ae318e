#include "experiments/lowrank_experiment.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "lowrank/sampled_networks.hpp"

namespace rnnbook {

// Streams of the seed (README.md): the teacher's loadings and starts (make_teacher: 0, 1, 2); 10 the anchors
// of g*; 11 the residual noise of the joint loadings; 12 the sampled networks; 13 the controls. Students and
// the flow have seeds of their own (students.seed + k, flow.seed).
LowRankExperiment::LowRankExperiment(const json& config)
    : cfg_(LowRankConfig::parse(config)), draws_(cfg_.seed, 12), control_draws_(cfg_.seed, 13) {
  const double dt = cfg_.teacher.dt;
  if (cfg_.synthetic) {
    Teacher t = make_teacher(cfg_.teacher, cfg_.seed);
    teacher_net_ = std::move(t.net);
    train_ = std::move(t.train);
    heldout_ = std::move(t.heldout);
  } else {
    train_ = std::move(cfg_.user_train);
    heldout_ = std::move(cfg_.user_heldout);
  }
  fit_ = fit_loadings(train_, cfg_.rank, dt);
  subspace_ = excited_subspace(visited_activations(train_), 1e-2);
  Rng anchors(cfg_.seed, 10), noise(cfg_.seed, 11);
  mean_ = max_entropy_mean(fit_.M, fit_.kappa, fit_.y, cfg_.anchors, anchors, cfg_.ridge);
  joint_ = joint_loadings(fit_.M, mean_, cfg_.residual, noise);
  want_ = TrialStates(cfg_.rank, heldout_.trials, heldout_.steps);
  want_.X = fit_.M.transpose() * heldout_.X / double(fit_.M.rows());
  for (int k = 0; k < cfg_.students; ++k)
    students_.push_back(std::make_unique<StudentFit>(train_, dt, cfg_.student, cfg_.student_seed + std::uint64_t(k)));
  const Eigen::MatrixXd flow_data = cfg_.joint_flow ? Eigen::MatrixXd(joint_.transpose()) : Eigen::MatrixXd(fit_.M.transpose());
  standardizer_ = fit_standardizer(flow_data);
  flow_ = std::make_unique<FlowTrainer>(standardizer_.apply(flow_data), cfg_.flow, cfg_.flow_seed);
}

long LowRankExperiment::total() const {
  return student_units() + cfg_.flow.steps + long(cfg_.samples) * (cfg_.controls ? 4 : 1);
}

long LowRankExperiment::step(long n) {
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  const auto finish = [&] {
    elapsed_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  while (done < n && position_ < total()) {
    if (position_ < student_units()) {
      const long k = position_ / cfg_.student.steps;
      StudentFit& s = *students_[std::size_t(k)];
      s.step();
      if (!std::isfinite(s.losses().back())) {
        finish();
        throw Diverged("lowrank: student " + std::to_string(k) + "'s loss is not finite at step " +
                       std::to_string(s.steps_taken()) + "; lower students.lr");
      }
    } else if (position_ < student_units() + cfg_.flow.steps) {
      flow_->step();
      if (!std::isfinite(flow_->losses().back())) {
        finish();
        throw Diverged("lowrank: the flow-matching loss is not finite at flow step " + std::to_string(flow_->steps_taken()) +
                       "; lower flow.lr");
      }
    } else {
      draw_network(position_ - student_units() - cfg_.flow.steps);
    }
    ++position_, ++done;
  }
  finish();
  return done;
}

// Networks 0..count-1 are drawn from the flow, then count each of the bootstrap, Gaussian and shuffled controls,
// every one verified from the held-out latent starts.
void LowRankExperiment::draw_network(long index) {
  const double dt = cfg_.teacher.dt;
  const auto verify = [&](const LowRankNetwork& net, TrialStates* latents = nullptr) {
    TrialStates got = latent_trajectories(net, dt, want_.at_step(0), want_.steps);
    const SummaryError e = summary_error(cfg_.teacher.kind, got, want_, dt);
    if (latents) *latents = std::move(got);
    return e;
  };
  const long count = cfg_.samples;
  if (index < count) {
    if (!sampler_) sampler_ = std::make_unique<LoadingFlow>(LoadingFlow{flow_->parameters(), standardizer_});
    LowRankNetwork net = cfg_.joint_flow
                             ? sample_network_b(*sampler_, cfg_.sample_neurons, draws_, cfg_.integrator, cfg_.integrator_steps)
                             : sample_network_a(*sampler_, mean_, cfg_.residual, cfg_.sample_neurons, draws_, cfg_.integrator,
                                                cfg_.integrator_steps);
    TrialStates latents;
    sampled_errors_.push_back(verify(net, &latents));
    sampled_.push_back(std::move(net));
    sampled_latents_.push_back(std::move(latents));
  } else if (index < 2 * count) {
    bootstrap_errors_.push_back(verify(bootstrap_network(fit_.M, mean_, cfg_.residual, cfg_.sample_neurons, control_draws_)));
  } else if (index < 3 * count) {
    gaussian_errors_.push_back(verify(gaussian_network(joint_, cfg_.sample_neurons, control_draws_)));
  } else {
    shuffled_errors_.push_back(verify(shuffled_network(max_entropy_network(fit_.M, mean_), control_draws_)));
  }
}

std::vector<double> LowRankExperiment::series(const std::string& name, long from) const {
  std::vector<double> s;
  if (name == "student_loss" || name == "loss")
    for (const auto& st : students_) s.insert(s.end(), st->losses().begin(), st->losses().end());
  if (name == "flow_loss" || name == "loss") s.insert(s.end(), flow_->losses().begin(), flow_->losses().end());
  if (name != "student_loss" && name != "flow_loss" && name != "loss")
    throw Error("series: unknown name \"" + name + "\"; allowed: loss, student_loss, flow_loss");
  return series_from(s, from);
}

}  // namespace rnnbook
