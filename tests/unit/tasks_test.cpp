// Each task's generator: shapes, masks, input structure, and that a perfect output has zero loss.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "rnn/network.hpp"
#include "tasks/dataset.hpp"
#include "tasks/decision.hpp"
#include "tasks/flip_flop.hpp"
#include "tasks/memory_pro.hpp"
#include "tasks/sine_wave.hpp"
#include "tasks/student_teacher.hpp"

using namespace rnnbook;

namespace {

void check_shapes(const Task& task, const Batch& batch, int trials) {
  CHECK(batch.x.shape()[0] == std::size_t(task.steps()));
  CHECK(batch.x.shape()[1] == std::size_t(trials));
  CHECK(batch.x.shape()[2] == std::size_t(task.inputs()));
  CHECK(batch.y.shape()[2] == std::size_t(task.outputs()));
  CHECK(batch.mask.shape()[0] == std::size_t(task.steps()));
  CHECK(batch.mask.shape()[1] == std::size_t(trials));
}

// Readouts equal to the targets (MSE) or large logits at the target class (cross-entropy).
double perfect_loss(const Task& task, const Batch& batch) {
  xt::xtensor<double, 3> y = batch.y;
  if (task.loss() == LossKind::cross_entropy) y = 60.0 * batch.y;
  return output_loss(y, batch, task.loss());
}

}  // namespace

TEST_CASE("flip-flop generator", "[task]") {
  FlipFlop task{2, 200, 0.1};
  Rng rng(4);
  const Batch batch = task.sample(3, rng);
  check_shapes(task, batch, 3);
  int pulses = 0;
  for (std::size_t b = 0; b < 3; ++b)
    for (std::size_t k = 0; k < 2; ++k) {
      double state = 0;
      for (std::size_t t = 0; t < 200; ++t) {
        const double x = batch.x(t, b, k);
        REQUIRE((x == 0.0 || x == 1.0 || x == -1.0));
        if (x != 0.0) state = x, ++pulses;
        REQUIRE(batch.y(t, b, k) == state);  // the target holds the last pulse
      }
    }
  CHECK(pulses == Approx(0.1 * 1200).margin(40));
  CHECK(perfect_loss(task, batch) == 0.0);
}

TEST_CASE("MemoryPro generator", "[task]") {
  MemoryPro task;
  task.stim_steps = task.memory_steps = task.response_steps = 10;
  const auto theta = MemoryPro::even_angles(8);
  CHECK(theta[2] == Approx(M_PI / 2));
  const Batch clean = task.with_angles(theta, nullptr);
  check_shapes(task, clean, 8);
  for (std::size_t b = 0; b < 8; ++b) {
    CHECK(clean.x(5, b, 1) == Approx(std::cos(theta[b])));   // stimulus shown
    CHECK(clean.x(15, b, 1) == 0.0);                          // not in the memory period
    CHECK(clean.x(15, b, 0) == 1.0);                          // fixation held
    CHECK(clean.x(25, b, 0) == 0.0);                          // dropped in the response period
    CHECK(clean.y(25, b, 2) == Approx(std::sin(theta[b])));   // report the angle
    CHECK(clean.y(5, b, 1) == 0.0);
  }
  Rng rng(3);
  const Batch noisy = task.sample(500, rng);
  double s = 0, s2 = 0;
  for (std::size_t b = 0; b < 500; ++b) {
    const double e = noisy.x(15, b, 1);  // memory period: noise only
    s += e, s2 += e * e;
  }
  CHECK(std::sqrt(s2 / 500 - (s / 500) * (s / 500)) == Approx(0.1 * std::sqrt(2.0)).epsilon(0.1));
  CHECK(perfect_loss(task, noisy) == 0.0);
}

TEST_CASE("two-alternative choice generator", "[task]") {
  TwoAlternativeChoice task;
  Rng rng(5);
  const Batch batch = task.sample(400, rng);
  check_shapes(task, batch, 400);
  CHECK(task.loss() == LossKind::cross_entropy);
  int agree = 0;
  for (std::size_t b = 0; b < 400; ++b) {
    for (std::size_t t = 0; t < 8; ++t) CHECK(batch.y(t, b, 0) + batch.y(t, b, 1) + batch.y(t, b, 2) == 1.0);
    CHECK(batch.y(0, b, 0) == 1.0);  // fixate during the stimulus
    CHECK(batch.x(7, b, 0) == 0.0);  // no fixation cue in the decision period
    double evidence = 0;
    for (std::size_t t = 0; t < 7; ++t) evidence += batch.x(t, b, 1) - batch.x(t, b, 2);
    agree += (evidence > 0) == (batch.y(7, b, 1) == 1.0);
  }
  // The summed evidence picks the right side except in low-coherence trials.
  CHECK(agree > 0.8 * 400);
  CHECK(perfect_loss(task, batch) < 1e-20);
}

TEST_CASE("context decision generator", "[task]") {
  ContextDecision task;
  task.noise = 0.0;
  Rng rng(6);
  const Batch batch = task.sample(300, rng);
  check_shapes(task, batch, 300);
  for (std::size_t b = 0; b < 300; ++b) {
    const bool ctx1 = batch.x(0, b, 3) == 1.0;
    REQUIRE(ctx1 != (batch.x(0, b, 4) == 1.0));
    const double relevant = batch.x(0, b, ctx1 ? 1 : 2);
    CHECK(batch.y(7, b, relevant >= 0 ? 1 : 2) == 1.0);
  }
  CHECK(perfect_loss(task, batch) < 1e-20);
}

TEST_CASE("sine-wave generator", "[task]") {
  SineWave task;
  Rng rng(7);
  const Batch batch = task.sample(5, rng);
  check_shapes(task, batch, 5);
  for (std::size_t b = 0; b < 5; ++b) {
    const double f = batch.x(0, b, 0) * task.max_cycles;
    CHECK(f >= task.min_cycles);
    CHECK(batch.y(9, b, 0) == Approx(std::sin(2 * M_PI * f * 10 / 100)).margin(1e-12));
  }
  CHECK(perfect_loss(task, batch) == 0.0);
}

TEST_CASE("student-teacher targets are the teacher's readouts", "[task]") {
  Rng init(8);
  RnnShape s{6, 2, 1, 0.5, CellKind::rate, Activation::tanh, true};
  StudentTeacher task(gaussian_init(s, 1.5, init));
  task.pulse_steps = 3;
  Rng rng(9);
  const Batch batch = task.sample(4, rng);
  check_shapes(task, batch, 4);
  Trajectory traj;
  forward(task.teacher, batch, traj);  // the teacher itself is a perfect student
  CHECK(mse_loss(traj, batch) == 0.0);
  CHECK(xt::amax(xt::abs(batch.y))() > 0.01);
}

TEST_CASE("user data: validation and sampling", "[task]") {
  Batch data;
  data.x = xt::zeros<double>({4, 10, 2});
  data.y = xt::zeros<double>({4, 10, 1});
  for (std::size_t b = 0; b < 10; ++b) data.y(0, b, 0) = double(b);  // trial id
  SECTION("a draw of all trials is a permutation") {
    Dataset set(data);
    Rng rng(1);
    const Batch batch = set.sample(10, rng);
    std::vector<int> seen(10, 0);
    for (std::size_t b = 0; b < 10; ++b) seen[std::size_t(batch.y(0, b, 0))]++;
    CHECK(seen == std::vector<int>(10, 1));
    CHECK(xt::sum(batch.mask)() == 40.0);
  }
  SECTION("bad arrays are refused with the array's name") {
    Batch bad = data;
    bad.y = xt::zeros<double>({4, 9, 1});
    CHECK_THROWS_WITH(Dataset(bad), Catch::Matchers::StartsWith("data.targets: shape (4, 9, 1) must be (4, 10, O)"));
    bad = data;
    bad.x(1, 1, 1) = NAN;
    CHECK_THROWS_WITH(Dataset(bad), "data.inputs: contains NaN or infinity");
    bad = data;
    bad.mask = xt::ones<double>({4, 10});
    bad.mask(0, 0) = 2.0;
    CHECK_THROWS_WITH(Dataset(bad), "data.mask: entries must be in [0, 1]");
    bad.mask = xt::ones<double>({3, 10});
    CHECK_THROWS_AS(Dataset(bad), Error);
  }
}
