#pragma once
// The scores of the switching experiment (README.md, "The switching experiment") in units of work,
// so that step() computes them after training (progress moves, Stop lands between units) and
// result() only writes them: the GDM's soft states and forecasts, the hard model's posteriors and
// forecasts, the kNN scores. A unit is about 40 ms of work natively, estimated from the sizes alone,
// so total() is known before training ends. Any split of the units gives the same bits.
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"
#include "experiments/result.hpp"
#include "switching/ar_hmm.hpp"
#include "switching/gdm_parameters.hpp"

namespace rnnbook {

struct SwitchingConfig;

// The data the scores read (N x T series, K x T true states; empty when not known), owned by the caller.
struct SwitchingData {
  const Eigen::MatrixXd& train;
  const Eigen::MatrixXd& test;
  const Eigen::MatrixXd& train_states;
  const Eigen::MatrixXd& test_states;
  const Eigen::MatrixXd& test_latent;
};

class SwitchingEvaluation {
 public:
  // `hard`: the baseline is fitted and scored too.
  SwitchingEvaluation(const SwitchingConfig& cfg, const SwitchingData& data, bool hard);

  long total() const;
  long done() const { return done_; }
  // The estimated work of the units not yet done, in nanoseconds of a native run.
  double remaining_ns() const;
  // Runs the next unit; gdm and hard (null without the baseline) must be the same models at every unit.
  void step(const GdmModel& gdm, const ArHmmModel* hard);
  // The data and the fitted parameters, and the scores once done() == total().
  void write(Result& r, const GdmModel& gdm, const ArHmmModel* hard) const;

 private:
  enum class Piece { gdm_train_states, gdm_test_states, gdm_forecasts, gdm_reconstruction, hard_posteriors, hard_forecasts, knn };
  // items [0, count) of a piece, `per_unit` of them in a unit; scorer picks the kNN (0 gdm, 1 raw, 2 increments, 3 hard).
  struct Part {
    Piece piece;
    long count, per_unit;
    double item_ns;
    int scorer = 0;
    long units() const { return (count + per_unit - 1) / per_unit; }
  };
  void add(Piece piece, long count, double item_ns, int scorer = 0);
  void run(const Part& part, long from, long to, const GdmModel& gdm, const ArHmmModel* hard);

  const SwitchingConfig& cfg_;
  SwitchingData data_;
  bool has_test_, truth_;
  std::vector<Part> parts_;
  long done_ = 0;
  std::size_t part_ = 0;  // the part of the next unit
  long unit_in_part_ = 0;
  Rng rng_;               // stream 3: the soft states' and forecasts' draws, in that order
  Eigen::MatrixXd logits_, gtr_, gte_, reconstruction_;  // soft states (sums until their piece ends)
  std::vector<Eigen::MatrixXd> gdm_forecast_sums_, hard_forecasts_;
  ArHmmPosterior ptr_, pte_;
  std::vector<int> ltr_, lte_;
  Eigen::MatrixXd train_increments_, test_increments_;
  Eigen::Index knn_correct_[4] = {0, 0, 0, 0};
};

}  // namespace rnnbook
