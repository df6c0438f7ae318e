// Training in float32 (issue 21): the float32 loss and BPTT gradient against float64 on the same (rounded)
// weights, for every cell, activation, loss and gradient rule, and the same bits natively and in wasm.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>

#include "random_network.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;

namespace {

FloatRnnParameters float_parameters(const RnnParameters& p) {
  FloatRnnParameters f(p.shape());
  f.flat() = p.flat().cast<float>();
  return f;
}

RnnParameters double_parameters(const FloatRnnParameters& p) {
  RnnParameters d(p.shape());
  d.flat() = p.flat().cast<double>();
  return d;
}

std::uint32_t gradient_bits32(const Eigen::VectorXf& v) {
  std::uint32_t h = 2166136261u;
  for (float x : v) {
    std::uint32_t u;
    std::memcpy(&u, &x, 4);
    for (int byte = 0; byte < 4; ++byte) h = (h ^ ((u >> (8 * byte)) & 0xff)) * 16777619u;
  }
  return h;
}

}  // namespace

TEST_CASE("float32 loss and gradient agree with float64 within 1e-4 for every cell, activation and loss",
          "[rnn][float32]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto activation = GENERATE(Activation::tanh, Activation::relu, Activation::softplus, Activation::identity);
  const auto kind = GENERATE(LossKind::mse, LossKind::cross_entropy);
  const auto rule = GENERATE(GradientRule::bptt, GradientRule::truncated);
  RnnShape s;
  s.hidden = 37, s.inputs = 3, s.outputs = 4, s.leak = 0.3, s.cell = cell, s.activation = activation;
  INFO("cell " << cell_name(cell) << ", activation " << activation_name(activation) << ", loss " << loss_name(kind)
               << (rule == GradientRule::bptt ? ", bptt" : ", truncated"));
  // gain 0.9 keeps relu and identity networks from growing over 25 steps, where relative errors would too.
  const FloatRnnParameters pf = float_parameters(random_parameters(s, 11, 0.9));
  const RnnParameters pd = double_parameters(pf);  // the same weights: only the arithmetic differs
  const Batch batch = batch_for(kind, 25, 6, s.inputs, s.outputs, 12);
  FloatRnnParameters gf(s);
  RnnParameters gd(s);
  FloatTrajectory tf;
  Trajectory td;
  const double lf = loss_and_gradient(pf, batch, tf, gf, kind, rule);
  const double ld = loss_and_gradient(pd, batch, td, gd, kind, rule);
  CHECK(std::abs(lf - ld) <= 1e-4 * std::abs(ld));
  const double gradient_error = (gf.flat().cast<double>() - gd.flat()).norm() / gd.flat().norm();
  CHECK(gradient_error < 1e-4);
  CHECK(gradient_error > 0.0);  // it is float32 arithmetic: not the float64 numbers rounded at the end
  // The float forward pass alone gives the states of the gradient's forward pass, bit for bit.
  FloatTrajectory only;
  forward(pf, batch, only);
  const bool same_states = only.h == tf.h;
  CHECK(same_states);
}

TEST_CASE("a float32 gradient has the same bits natively and in wasm", "[rnn][float32]") {
  RnnShape s;
  s.hidden = 29, s.inputs = 2, s.outputs = 3, s.leak = 0.5;
  const FloatRnnParameters p = float_parameters(random_parameters(s, 5));
  const Batch batch = random_batch(17, 5, s.inputs, s.outputs, 6);
  FloatRnnParameters g(s);
  FloatTrajectory traj;
  const double loss = loss_and_gradient(p, batch, traj, g);
  CHECK(gradient_bits32(g.flat()) == 0x450432e7u);
  CHECK(loss == 0x1.cf55b98d0c879p+0);
}
