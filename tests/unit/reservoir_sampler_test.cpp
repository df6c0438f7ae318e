// The exact transfer of a trained score network into a reservoir-sampler network (SCIENCE.md 5.2,
// U15) and its simulation in reservoir space.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "sampling/langevin.hpp"
#include "sampling/reservoir_sampler.hpp"

using namespace rnnbook;

namespace {

RsnScore random_score(Eigen::Index d, Eigen::Index n, Activation f, std::uint64_t seed) {
  Rng rng(seed);
  RsnScore s(d, n, f);
  s.initialize(4.0, 3.0, rng);
  return s;
}

Eigen::MatrixXd random_states(Eigen::Index n, Eigen::Index chains, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd h(n, chains);
  for (auto& v : h.reshaped()) v = rng.uniform(-2.0, 2.0);
  return h;
}

}  // namespace

TEST_CASE("RSN transfer: W_out Sigma = I_d and the drift of x = W_out h is the learned score (SCIENCE.md U15)",
          "[sampling]") {
  for (Eigen::Index d : {1, 2, 3}) {
    for (Activation f : {Activation::tanh, Activation::relu, Activation::softplus}) {
      INFO("d " << d << " " << activation_name(f));
      const RsnScore score = random_score(d, 60, f, std::uint64_t(d));
      const ReservoirSampler rsn(score);
      CHECK((rsn.W_out() * rsn.Sigma() - Eigen::MatrixXd::Identity(d, d)).cwiseAbs().maxCoeff() < 1e-12);
      const Eigen::MatrixXd h = random_states(60, 25, 9);
      Eigen::MatrixXd f_h(60, 25), s(d, 25);
      rsn.drift(h, f_h);
      const Eigen::MatrixXd x = rsn.W_out() * h;
      score.score(x, s);
      CHECK((rsn.W_out() * f_h - s).cwiseAbs().maxCoeff() < 1e-12 * std::max(1.0, s.cwiseAbs().maxCoeff()));
      // The factored product W2 (W1 h) is the dense W_rec h.
      Eigen::MatrixXd u = rsn.dense_recurrent() * h;
      u.colwise() += rsn.b();
      Eigen::MatrixXd dense(60, 25);
      apply_phi(f, u, dense);
      CHECK((dense - h - f_h).cwiseAbs().maxCoeff() < 1e-12);
    }
  }
}

TEST_CASE("one reservoir step moves x = W_out h exactly like one Langevin step with the same noise", "[sampling]") {
  const RsnScore score = random_score(2, 40, Activation::tanh, 4);
  const ReservoirSampler rsn(score);
  const Eigen::MatrixXd h0 = random_states(40, 30, 5);
  const double dt = 0.01;
  Rng r1(11), r2(11);
  ReservoirChains chains(rsn, h0, dt);
  chains.step(r1);
  const ScoreFunction s = [&](const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Ref<Eigen::MatrixXd> out) {
    score.score(x, out);
  };
  LangevinChains lang(s, rsn.W_out() * h0, dt);
  lang.step(r2);
  Eigen::MatrixXd x;
  chains.outputs(x);
  CHECK((x - lang.positions()).cwiseAbs().maxCoeff() < 1e-12);
  SECTION("the part of h outside the readout's row space follows its own deterministic flow") {
    // (I - Sigma W_out) h' = (I - Sigma W_out) ((1 - dt) h + dt phi(...)): no noise there.
    const Eigen::MatrixXd P = Eigen::MatrixXd::Identity(40, 40) - rsn.Sigma() * rsn.W_out();
    Eigen::MatrixXd f(40, 30);
    rsn.drift(h0, f);
    CHECK((P * chains.states() - P * (h0 + dt * f)).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("a readout of rank below d cannot sample", "[sampling][bad-input]") {
  RsnScore s(2, 10, Activation::tanh);
  s.W1().row(1) = 2.0 * s.W1().row(0);
  CHECK_THROWS_AS(ReservoirSampler(s), Error);
  const RsnScore ok = random_score(1, 10, Activation::tanh, 1);
  const ReservoirSampler rsn(ok);
  CHECK_THROWS_AS(ReservoirChains(rsn, Eigen::MatrixXd::Zero(10, 3), 0.0), Error);
  CHECK_THROWS_AS(ReservoirChains(rsn, Eigen::MatrixXd::Zero(9, 3), 0.1), Error);
}
