// The top eigenvalues of K and singular values of P that the sntk experiment records (Theta = P K P^T,
// SCIENCE.md 2.2), against dense oracles of the same operators.
#include <catch2/catch.hpp>
#include <cmath>

#include "experiments/sntk_experiment.hpp"
#include "measures/sntk_measures.hpp"
#include "rnn/network.hpp"
#include "ops/sntk_operators.hpp"

using namespace rnnbook;

TEST_CASE("sntk experiment: top eigenvalues of K and singular values of P match dense oracles", "[sntk]") {
  for (const char* cell : {"rate", "current", "ctrnn"}) {
    SntkExperiment e(json{{"kind", "sntk"}, {"seed", 5}, {"steps", 10}, {"batch_size", 4},
                          {"model", {{"hidden", 5}, {"cell", cell}, {"leak", 0.6}}},
                          {"task", {{"name", "memory_pro"}, {"stim_steps", 2}, {"memory_steps", 2}, {"response_steps", 2}}},
                          {"sntk", {{"interval", 10}, {"eval_trials", 3}, {"top_k", 4}}}});
    while (!e.done()) e.step(e.total());
    const Result r = e.result();
    REQUIRE(r.arrays.at("top_K").shape == std::vector<std::size_t>{2, 4});
    const auto model = std::make_shared<const StateSpaceModel>(e.parameters(), e.eval_batch(), e.config().selection);
    const Eigen::MatrixXd K = to_dense(ParameterOperator(model));
    const Eigen::VectorXd k_eig = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(K).eigenvalues().reverse();
    const Eigen::VectorXd p_sv = Eigen::JacobiSVD<Eigen::MatrixXd>(to_dense(PropagatorOperator(model))).singularValues();
    for (int i = 0; i < 4; ++i) {
      INFO("cell " << cell << ", i = " << i);
      CHECK(r.arrays.at("top_K").data[std::size_t(4 + i)] == Approx(k_eig(i)).epsilon(1e-8));
      CHECK(r.arrays.at("top_P").data[std::size_t(4 + i)] == Approx(p_sv(i)).epsilon(1e-8));
    }
  }
}

TEST_CASE("K and P spectra keep multiplicities (identical trials, the current cell's Kronecker core)", "[sntk]") {
  RnnShape s;
  s.hidden = 4;
  s.inputs = 2;
  s.outputs = 1;
  s.leak = 0.8;
  for (CellKind cell : {CellKind::rate, CellKind::current}) {
    s.cell = cell;
    Rng rng(1);
    const RnnParameters p = gaussian_init(s, 1.2, rng);
    Batch batch;  // 3 identical trials: P has each singular value 3 times
    batch.x = xt::zeros<double>({std::size_t(5), std::size_t(3), std::size_t(2)});
    batch.y = xt::zeros<double>({std::size_t(5), std::size_t(3), std::size_t(1)});
    batch.mask = xt::ones<double>({std::size_t(5), std::size_t(3)});
    for (std::size_t t = 0; t < 5; ++t)
      for (std::size_t i = 0; i < 2; ++i) {
        const double v = rng.normal();
        for (std::size_t b = 0; b < 3; ++b) batch.x(t, b, i) = v;
      }
    const auto model = std::make_shared<const StateSpaceModel>(p, batch);
    const Eigen::VectorXd k_eig =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(to_dense(ParameterOperator(model))).eigenvalues().reverse();
    const Eigen::VectorXd p_sv = Eigen::JacobiSVD<Eigen::MatrixXd>(to_dense(PropagatorOperator(model))).singularValues();
    Rng probes(2);
    const Eigen::VectorXd topK = parameter_operator_top(*model, 8), topP = propagator_top_singular_values(*model, 8, probes);
    REQUIRE(topK.size() == 8);
    REQUIRE(topP.size() == 8);
    for (int i = 0; i < 8; ++i) {
      INFO("cell " << cell_name(cell) << ", i = " << i);
      CHECK(topK(i) == Approx(k_eig(i)).epsilon(1e-10));
      CHECK(topP(i) == Approx(p_sv(i)).epsilon(1e-8));
    }
  }
}
