// Denoising score matching (SCIENCE.md 5.2, 5.5): U14, gradients against finite differences, the
// schedule and the trainer.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "sampling/dsm.hpp"
#include "sampling/rsn_score.hpp"
#include "sampling/sampler_only_score.hpp"
#include "sampling/standard_targets.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

namespace {

// Largest |analytic - central difference| of the DSM loss gradient, relative to the gradient norm.
double gradient_error(ScoreModel& model, const Eigen::MatrixXd& x, const Eigen::MatrixXd& eps, double sigma) {
  Eigen::VectorXd g;
  dsm_loss(model, x, eps, sigma, &g);
  Eigen::VectorXd& theta = model.parameters();
  double err = 0.0;
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    const double keep = theta(i);
    theta(i) = keep + h;
    const double up = dsm_loss(model, x, eps, sigma, nullptr);
    theta(i) = keep - h;
    const double down = dsm_loss(model, x, eps, sigma, nullptr);
    theta(i) = keep;
    err = std::max(err, std::abs((up - down) / (2 * h) - g(i)));
  }
  return err / g.norm();
}

Eigen::MatrixXd normals(Eigen::Index d, Eigen::Index n, Rng& rng) {
  Eigen::MatrixXd m(d, n);
  for (auto& v : m.reshaped()) v = rng.normal();
  return m;
}

// Data +-s sqrt(d) e_i and noise +-sqrt(d) e_j in every combination: their first and second
// moments are exactly those of N(0, s^2 I) and N(0, I), independent. A linear score's DSM loss only
// sees these moments, so on this batch it equals the expectation exactly.
void moment_exact_batch(Eigen::Index d, double s, Eigen::MatrixXd& x, Eigen::MatrixXd& eps) {
  const Eigen::Index n = 2 * d;
  x.resize(d, n * n);
  eps.resize(d, n * n);
  x.setZero();
  eps.setZero();
  for (Eigen::Index a = 0; a < n; ++a)
    for (Eigen::Index b = 0; b < n; ++b) {
      x(a / 2, a * n + b) = (a % 2 ? -1.0 : 1.0) * s * std::sqrt(double(d));
      eps(b / 2, a * n + b) = (b % 2 ? -1.0 : 1.0) * std::sqrt(double(d));
    }
}

}  // namespace

TEST_CASE("DSM on N(0, s^2 I) with s(x) = -alpha x: optimum 1/(s^2 + sigma^2), minimum loss closed form (SCIENCE.md U14)",
          "[sampling]") {
  const Eigen::Index d = 3;
  const double s = 0.8, sigma = 0.3;
  const double alpha_star = 1.0 / (s * s + sigma * sigma);
  const double loss_star = 0.5 * double(d) * (1.0 / (sigma * sigma) - 1.0 / (s * s + sigma * sigma));
  Eigen::MatrixXd x, eps;
  moment_exact_batch(d, s, x, eps);

  SECTION("sampler-only synaptic form with phi = identity: W = (1 - alpha) I, b = 0") {
    SamplerOnlyScore m(d, SamplerForm::synaptic_current, Activation::identity);
    m.W() = (1.0 - alpha_star) * Eigen::MatrixXd::Identity(d, d);
    Eigen::VectorXd g;
    CHECK(dsm_loss(m, x, eps, sigma, &g) == Approx(loss_star).epsilon(1e-13));
    CHECK(g.cwiseAbs().maxCoeff() < 1e-12);  // a stationary point of the full linear model
    // Loss at other alpha: (d/2)(alpha^2 s^2 + (1/sigma - alpha sigma)^2).
    for (double alpha : {0.0, 0.5, 2.0}) {
      m.W() = (1.0 - alpha) * Eigen::MatrixXd::Identity(d, d);
      const double expect = 0.5 * double(d) * (alpha * alpha * s * s + std::pow(1.0 / sigma - alpha * sigma, 2));
      CHECK(dsm_loss(m, x, eps, sigma, nullptr) == Approx(expect).epsilon(1e-13));
    }
  }
  SECTION("gradient descent on the RSN form with phi = identity finds alpha*") {
    RsnScore m(d, 4, Activation::identity);
    Rng rng(2);
    m.initialize(1.0, 0.0, rng);  // centres 0: b2 = 0
    Eigen::VectorXd g;
    for (int k = 0; k < 20000; ++k) {
      dsm_loss(m, x, eps, sigma, &g);
      m.parameters() -= 0.02 * g;
    }
    const Eigen::MatrixXd A = m.W1() * m.W2() - Eigen::MatrixXd::Identity(d, d);  // s(x) = A x + W1 b2
    CHECK((A + alpha_star * Eigen::MatrixXd::Identity(d, d)).cwiseAbs().maxCoeff() < 1e-8);
    CHECK((m.W1() * m.b2()).norm() < 1e-8);
    CHECK(dsm_loss(m, x, eps, sigma, nullptr) == Approx(loss_star).epsilon(1e-12));
  }
}

TEST_CASE("DSM gradients equal finite differences for every score network", "[sampling]") {
  Rng rng(5);
  const Eigen::MatrixXd x = normals(2, 16, rng), eps = normals(2, 16, rng);
  for (Activation f : {Activation::tanh, Activation::softplus, Activation::relu}) {
    INFO(activation_name(f));
    RsnScore rsn(2, 7, f);
    rsn.initialize(2.0, 1.5, rng);
    CHECK(gradient_error(rsn, x, eps, 0.4) < 1e-7);
    for (SamplerForm form : {SamplerForm::firing_rate, SamplerForm::synaptic_current}) {
      SamplerOnlyScore so(2, form, f);
      so.initialize(1.0, rng);
      so.b() << 0.3, -0.2;
      CHECK(gradient_error(so, x, eps, 0.4) < 1e-7);
    }
  }
}

TEST_CASE("score networks compute their formulas", "[sampling]") {
  Rng rng(6);
  RsnScore rsn(2, 5, Activation::tanh);
  rsn.initialize(4.0, 3.0, rng);
  const Eigen::MatrixXd x = normals(2, 3, rng);
  Eigen::MatrixXd s(2, 3), s2(2, 3);
  rsn.score(x, s);
  const Eigen::MatrixXd expect = -x + rsn.W1() * ((rsn.W2() * x).colwise() + rsn.b2()).array().tanh().matrix();
  CHECK((s - expect).cwiseAbs().maxCoeff() < 1e-14);
  rsn.forward(x, s2);
  CHECK(s2 == s);
  SECTION("initialisation of SCIENCE.md 5.5: each unit switches at a centre in [-3, 3]^d") {
    RsnScore big(1, 4000, Activation::tanh);
    big.initialize(4.0, 3.0, rng);
    const Eigen::ArrayXd w2 = big.W2().col(0).array(), centre = -big.b2().array() / w2;
    CHECK(centre.abs().maxCoeff() <= 3.0);
    CHECK(std::sqrt(w2.square().mean()) == Approx(4.0).epsilon(0.05));
    CHECK(std::sqrt(big.W1().array().square().mean()) == Approx(1.0 / std::sqrt(4000.0)).epsilon(0.05));
  }
  SECTION("sampler-only forms") {
    SamplerOnlyScore fr(2, SamplerForm::firing_rate, Activation::relu), sc(2, SamplerForm::synaptic_current, Activation::tanh);
    fr.initialize(1.0, rng);
    sc.initialize(1.0, rng);
    fr.b() << 0.1, -0.3;
    sc.b() << 0.2, 0.4;
    fr.score(x, s);
    CHECK((s - (((fr.W() * x).colwise() + fr.b()).cwiseMax(0.0) - x)).cwiseAbs().maxCoeff() < 1e-15);
    sc.score(x, s);
    CHECK((s - (((sc.W() * x.array().tanh().matrix()).colwise() + sc.b()) - x)).cwiseAbs().maxCoeff() < 1e-15);
  }
}

TEST_CASE("noise schedule and trainer follow SCIENCE.md 5.2 and 5.5", "[sampling]") {
  NoiseSchedule n{1.0, 0.02, 20};
  CHECK(n.sigma(0) == 1.0);
  CHECK(n.sigma(10) == Approx(std::sqrt(0.02)).epsilon(1e-14));
  CHECK(n.sigma(19) == Approx(std::pow(0.02, 0.95)).epsilon(1e-14));
  DsmSettings s;
  s.noise = NoiseSchedule{1.0, 0.1, 4};
  s.steps_per_level = 10;
  s.final_steps = 30;
  s.batch_size = 32;
  CHECK(s.total_steps() == 60);
  Rng rng(1), data_rng(2);
  RsnScore m(1, 20, Activation::tanh);
  m.initialize(4.0, 3.0, rng);
  DsmTrainer t(m, double_peak().sample(500, data_rng), s);
  CHECK(t.level() == 0);
  CHECK(t.learning_rate() == Approx(1e-2));
  for (int k = 0; k < 15; ++k) t.step(rng);
  CHECK(t.level() == 1);
  // lr sigma_1/sigma_0 with cosine decay at step 5 of 10: lr/2 * sigma ratio.
  CHECK(t.learning_rate() == Approx(1e-2 * std::pow(0.1, 0.25) * 0.5).epsilon(1e-12));
  for (int k = 15; k < 60; ++k) t.step(rng);
  CHECK(t.position() == 60);
  CHECK(t.level() == 3);
  SECTION("bad schedules name the field") {
    s.noise.sigma_end = 0.0;
    CHECK_THROWS_WITH(DsmTrainer(m, Eigen::MatrixXd::Zero(1, 5), s),
                      Equals("training.sigma_end: must be a finite number > 0, got 0"));
  }
}
