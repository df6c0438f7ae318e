#pragma once
// Experiment kind "lowrank": low-rank RNNs fitted to dynamics, and a law of connectivity learned from
// them by maximum entropy and flow matching (SCIENCE.md 11; rnnbook's reconstruction of Kim et al. 2026,
// whose body was not readable). Data from a synthetic teacher (bistable, ring, cycle) or the user's
// activity; BPTT students (the "standard" fits: same dynamics, different J); steps 1-3 (loadings, the
// maximum-entropy mean g*); a flow over loadings (variant A: m, B: (m, n)); networks sampled from it and
// the controls (bootstrap, Gaussian moment match, n shuffled), each verified on the held-out latents.
// Work units: student Adam steps, then flow Adam steps, then one per sampled or control network.
// Fields and defaults: README.md "The `lowrank` experiment"; ranges in lowrank_config.cpp.
#include <memory>
#include <vector>

#include "experiments/experiment.hpp"
#include "lowrank/dynamics_summary.hpp"
#include "lowrank/excited_subspace.hpp"
#include "lowrank/flow_matching.hpp"
#include "lowrank/max_entropy.hpp"
#include "lowrank/student.hpp"
#include "lowrank/teachers.hpp"

namespace rnnbook {

struct LowRankConfig {
  std::uint64_t seed = 0;
  bool synthetic = true;        // a teacher network, or the user's activity ("data")
  TeacherSettings teacher;      // synthetic: the teacher; data: kind (which summaries) and dt only
  TrialStates user_train, user_heldout;  // data: the activity split by trials
  Eigen::Index rank = 1;
  Eigen::Index anchors = 200;
  double ridge = 1e-6;
  int students = 2;
  StudentSettings student;
  std::uint64_t student_seed = 1;  // student k: student_seed + k
  bool joint_flow = false;         // variant B: a flow over (m, n); A: over m, n = g*(m) + s xi
  FlowSettings flow;
  std::uint64_t flow_seed = 999;
  int samples = 3;
  Eigen::Index sample_neurons = 300;
  double residual = 1.0;  // s
  FlowIntegrator integrator = FlowIntegrator::rk4;
  int integrator_steps = 20;
  bool controls = true;
  json filled;

  static LowRankConfig parse(const json& config);  // throws rnnbook::Error naming the field
};

class LowRankExperiment : public Experiment {
 public:
  explicit LowRankExperiment(const json& config);

  long step(long n) override;
  long position() const override { return position_; }
  long total() const override;
  // "student_loss" (one value per student step, students in order), "flow_loss" (one per flow step),
  // "loss" (the two joined: every training step in the order run).
  std::vector<double> series(const std::string& name, long from) const override;
  Result result() override;

 private:
  long student_units() const { return long(cfg_.students) * cfg_.student.steps; }
  void draw_network(long index);  // sampled network `index`, then the controls
  void student_results(Result& r) const;
  void network_results(Result& r) const;

  LowRankConfig cfg_;
  LowRankNetwork teacher_net_;      // synthetic only
  TrialStates train_, heldout_;     // activity, B x (T+1) x N
  LoadingFit fit_;                  // steps 1-2 on the training trials
  ExcitedSubspace subspace_;        // S of the training trials, threshold 1e-2
  MaxEntropyMean mean_;             // step 3
  Eigen::MatrixXd joint_;           // (m, g*(m) + s xi) of the observed neurons: variant B's data, the Gaussian control's
  TrialStates want_;                // held-out latents in the fitted gauge
  std::vector<std::unique_ptr<StudentFit>> students_;
  std::unique_ptr<FlowTrainer> flow_;
  Standardizer standardizer_;            // of the flow's training data
  std::unique_ptr<LoadingFlow> sampler_;  // the trained flow, from the first sampled network on
  Rng draws_, control_draws_;
  std::vector<LowRankNetwork> sampled_;
  std::vector<TrialStates> sampled_latents_;
  std::vector<SummaryError> sampled_errors_, bootstrap_errors_, gaussian_errors_, shuffled_errors_;
  long position_ = 0;
  double elapsed_ms_ = 0.0;
};

}  // namespace rnnbook
