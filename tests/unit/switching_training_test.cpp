// GDM training and inference (core/switching/gdm_training.hpp, gdm_inference.hpp, SCIENCE.md 12.3):
// the learning-rate schedule, one iteration against AdamW written out, the early-stopping rule, and
// the soft states, reconstruction and forecasts against direct computation.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "optim/clip.hpp"
#include "switching/gdm_elbo.hpp"
#include "switching/gdm_inference.hpp"
#include "switching/gdm_training.hpp"
#include "switching/nascar.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace switching_training_test {

struct SmallFit {
  MatrixXd y;
  GdmModel model;
};

SmallFit small_problem(Index T, std::uint64_t seed) {
  NascarSettings s = nascar_settings(NascarVariant::standard);
  s.steps = T;
  Rng rng(seed);
  return {generate_nascar(s, seed).y, initial_gdm_model({10, 3, 2}, 0.99, rng)};
}


TEST_CASE("The learning-rate schedule: held, linear to 0.1x over 2 warmup, then held", "[switching][training]") {
  GdmTrainingSettings s;
  CHECK(gdm_learning_rate(s, 0) == 1e-2);
  CHECK(gdm_learning_rate(s, 199) == 1e-2);
  CHECK(gdm_learning_rate(s, 200) == 1e-2);
  CHECK(gdm_learning_rate(s, 400) == Approx(0.55e-2).epsilon(1e-14));
  CHECK(gdm_learning_rate(s, 599) == Approx(1e-2 * (1 - 0.9 * 399.0 / 400.0)).epsilon(1e-14));
  CHECK(gdm_learning_rate(s, 600) == Approx(1e-3).epsilon(1e-14));
  CHECK(gdm_learning_rate(s, 4000) == Approx(1e-3).epsilon(1e-14));
}

TEST_CASE("One training iteration is AdamW on the clipped negative ELBO gradient", "[switching][training]") {
  SmallFit f = small_problem(50, 3);
  GdmTrainingSettings s;
  s.samples = 2;
  const Rng noise(99);
  GdmTrainer trainer(f.y, f.model, s, noise);
  trainer.run(2);
  REQUIRE(trainer.iterations() == 2);
  // The same two steps by hand.
  Rng rng = noise;
  GdmElbo elbo(f.y, f.model.projection, 0.99, true);
  GdmParameters p = f.model.parameters, g(p.shape());
  VectorXd m = VectorXd::Zero(p.values().size()), v = m;
  for (int k = 1; k <= 2; ++k) {
    const GumbelNoise n = draw_gumbel_noise(3, 50, 2, rng);
    const double e = elbo.evaluate(p, n, &g);
    CHECK(e == trainer.elbo_history()[k - 1]);
    VectorXd grad = -g.values();
    const double norm = grad.norm();
    if (norm > 1.0) grad *= 1.0 / (norm + 1e-6);
    p.values() *= 1.0 - 1e-2 * 1e-4;
    m = 0.9 * m + 0.1 * grad;
    v = 0.999 * v + 0.001 * grad.cwiseAbs2();
    const double c1 = 1 - std::pow(0.9, k), c2 = 1 - std::pow(0.999, k);
    p.values().array() -= 1e-2 * (m.array() / c1) / ((v.array() / c2).sqrt() + 1e-8);
  }
  CHECK((p.values() - trainer.model().parameters.values()).cwiseAbs().maxCoeff() < 1e-14);
  // F and tau are not trained.
  CHECK(trainer.model().projection == f.model.projection);
}

TEST_CASE("Training stops at the first iteration whose window of ELBO increments averages below the threshold",
          "[switching][training]") {
  SmallFit f = small_problem(40, 4);
  GdmTrainingSettings s;
  s.samples = 1;
  s.stop_window = 5;
  s.stop_increment = 0.0;  // stop when the ELBO went down over the window
  s.max_iterations = 300;
  GdmTrainer trainer(f.y, f.model, s, Rng(5));
  trainer.run(300);
  const auto& h = trainer.elbo_history();
  REQUIRE(trainer.stopped_early());
  REQUIRE(h.size() > 5);
  const auto mean_increment = [&](std::size_t L) { return (h[L - 1] - h[L - 5]) / 4.0; };
  CHECK(mean_increment(h.size()) < 0.0);
  for (std::size_t L = 6; L < h.size(); ++L) CHECK(mean_increment(L) >= 0.0);
  CHECK(trainer.done());
  const int before = trainer.iterations();
  trainer.run(10);
  CHECK(trainer.iterations() == before);
}

TEST_CASE("Training raises the ELBO and rejects bad settings by name", "[switching][training]") {
  SmallFit f = small_problem(120, 6);
  GdmTrainingSettings s;
  s.samples = 3;
  s.early_stopping = false;
  s.max_iterations = 120;
  GdmTrainer trainer(f.y, f.model, s, Rng(7));
  trainer.run(60);
  CHECK(trainer.iterations() == 60);
  trainer.run(1000);
  CHECK(trainer.iterations() == 120);
  const auto& h = trainer.elbo_history();
  double first = 0, last = 0;
  for (int i = 0; i < 10; ++i) first += h[i], last += h[h.size() - 1 - i];
  CHECK(last > first);
  GdmTrainingSettings bad;
  bad.samples = 0;
  CHECK_THROWS_WITH(check_gdm_training_settings(bad), Catch::Matchers::Contains("samples must be >= 1"));
  bad = {};
  bad.learning_rate = -1;
  CHECK_THROWS_WITH(GdmTrainer(f.y, f.model, bad, Rng(1)), Catch::Matchers::Contains("learning_rate"));
  CHECK_THROWS_WITH(GdmTrainer(f.y.topRows(4), f.model, s, Rng(1)), Catch::Matchers::Contains("N = 10"));
}

TEST_CASE("A non-finite ELBO stops training and keeps the last finite state", "[switching][training]") {
  SmallFit f = small_problem(30, 12);
  f.model.parameters.log_var().setConstant(-800.0);  // 1 / sigma^2 overflows
  GdmTrainer trainer(f.y, f.model, GdmTrainingSettings{}, Rng(3));
  trainer.run(5);
  CHECK(trainer.diverged());
  CHECK(trainer.done());
  CHECK(trainer.iterations() == 0);
  CHECK(trainer.elbo_history().empty());
  CHECK(trainer.model().parameters.values() == f.model.parameters.values());
}

TEST_CASE("Soft states, reconstruction and forecasts of a GDM against direct computation", "[switching][inference]") {
  SmallFit f = small_problem(30, 8);
  GdmParameters& p = f.model.parameters;
  Rng rng(9);
  for (auto& v : p.values()) v += 0.2 * rng.normal();
  const MatrixXd z = gdm_soft_states(f.model, f.y, 20, rng);
  CHECK((z.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-14);
  // With one-hot states the reconstruction is the chosen candidate mean.
  MatrixXd onehot = MatrixXd::Zero(3, 30);
  for (Index t = 0; t < 30; ++t) onehot(t % 3, t) = 1.0;
  const MatrixXd rec = gdm_reconstruction(f.model, f.y, onehot);
  CHECK((rec.col(0) - p.initial_means().col(0)).norm() < 1e-14);
  const Index t = 7, k = t % 3;
  const VectorXd want = p.S().middleCols(2 * k, 2) * (f.model.projection * f.y.col(t - 1)) + p.b().col(k);
  CHECK((rec.col(t) - want).norm() < 1e-13 * want.norm());

  // K = 1: z is always 1, so forecasts iterate yhat <- S F yhat + b deterministically.
  Rng r1(10);
  GdmModel one = initial_gdm_model({10, 1, 2}, 0.99, r1);
  one.parameters.b().setConstant(0.05);
  const auto fc = gdm_forecasts(one, f.y, 3, 2, r1);
  REQUIRE(fc.size() == 3);
  const MatrixXd A = one.parameters.S() * one.projection;
  for (Index s = 0; s + 3 < 30; ++s) {
    VectorXd yh = f.y.col(s);
    for (int h = 1; h <= 3; ++h) {
      yh = A * yh + one.parameters.b().col(0);
      CHECK((fc[h - 1].col(s + h) - yh).norm() < 1e-12 * yh.norm());
    }
  }
  CHECK(fc[2].leftCols(3).isZero(0));
  CHECK_THROWS_AS(gdm_forecasts(one, f.y, 0, 2, r1), Error);
  CHECK_THROWS_AS(gdm_soft_states(one, f.y.topRows(3), 2, r1), Error);
}

}  // namespace switching_training_test
