// The restricted kernel and loss along a parameter direction, and the normal-form curves they are
// compared with (SCIENCE.md 4.3 step 5).
#include <catch2/catch.hpp>
#include <cmath>

#include "random_network.hpp"
#include "common/error.hpp"
#include "dynamics/restricted_landscape.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using Eigen::VectorXd;

namespace {

RnnShape pitchfork_shape() {
  RnnShape s;
  s.hidden = 4;
  s.inputs = 1;
  s.outputs = 1;
  s.bias = false;
  return s;
}

// One trial: a unit pulse at t = 1, then zero input; targets y*.
Batch pulse_batch(int T, double target) {
  Batch b;
  b.x = xt::zeros<double>({std::size_t(T), std::size_t(1), std::size_t(1)});
  b.y = xt::zeros<double>({std::size_t(T), std::size_t(1), std::size_t(1)});
  b.y.fill(target);
  b.mask = xt::ones<double>({std::size_t(T), std::size_t(1)});
  b.x(0, 0, 0) = 1.0;
  return b;
}

}  // namespace

TEST_CASE("restricted landscape: normal-form curves in closed form (c = 0, one pulse)", "[landscape]") {
  const RnnShape s = pitchfork_shape();
  const RnnParameters p = testing::random_parameters(s, 1, 0.5);
  const int T = 12;
  const Batch batch = pulse_batch(T, 0.0);
  ParameterSelection sel;
  sel.b = false;
  const StateSpaceModel model(p, batch, sel);
  VectorXd v = testing::random_parameters(s, 2).flat().head(model.param_dim());
  v.normalize();
  const VectorXd l = VectorXd::Unit(4, 0), r = VectorXd::Unit(4, 0);
  NormalFormFit fit;
  fit.mu = -0.1, fit.c = 0.0, fit.beta = 1.0;
  const double dmu_ds = 2.0;
  const RestrictedLandscape land = restricted_landscape(p, batch, sel, v, dmu_ds, l, r, fit, 0.05, 5);
  const double g = (p.C() * r)(0);
  for (int k = 0; k < 5; ++k) {
    // z_t = (1 + mu)^{t-1}, dz_t/dmu = (t - 1)(1 + mu)^{t-2} for t >= 1.
    const double mu = fit.mu + land.dmu(k);
    double kernel = 0.0, loss = 0.0;
    for (int t = 1; t <= T; ++t) {
      const double z = std::pow(1 + mu, t - 1), dz = t >= 2 ? (t - 1) * std::pow(1 + mu, t - 2) : 0.0;
      kernel += dz * dz;
      loss += 0.5 * g * g * z * z;
    }
    CHECK(land.nf_kernel(k) == Approx(dmu_ds * dmu_ds * kernel).epsilon(1e-12));
    CHECK(land.nf_loss(k) == Approx(loss / T).epsilon(1e-12));
  }
  CHECK(land.dmu(0) == Approx(-0.05));
  CHECK(land.dmu(4) == Approx(0.05));
}

TEST_CASE("restricted landscape: the network curves are the kernel and loss along theta + s v", "[landscape]") {
  const RnnShape s = pitchfork_shape();
  const RnnParameters p = testing::random_parameters(s, 3, 0.9);
  const Batch batch = testing::random_batch(9, 3, 1, 1, 4);
  ParameterSelection sel;
  sel.b = false;
  const StateSpaceModel model(p, batch, sel);
  VectorXd v = testing::random_parameters(s, 5).flat().head(model.param_dim());
  v.normalize();
  const VectorXd l = VectorXd::Ones(4) / 2.0, r = VectorXd::Ones(4) / 2.0;
  const double dmu_ds = 0.5, span = 1e-5;
  const RestrictedLandscape land = restricted_landscape(p, batch, sel, v, dmu_ds, l, r, NormalFormFit{}, span, 3);

  SECTION("the middle point is theta itself") {
    VectorXd jv(model.state_dim());
    model.jvp(v, jv);
    CHECK(land.kernel(1) == Approx(jv.squaredNorm()).epsilon(1e-13));
    Trajectory traj;
    forward(p, batch, traj);
    CHECK(land.loss(1) == Approx(mse_loss(traj, batch)).epsilon(1e-13));
    const Eigen::Map<const Eigen::MatrixXd> dh(jv.data(), 4, 27);
    CHECK(land.kernel_z(1) == Approx((l.transpose() * dh).squaredNorm()).epsilon(1e-13));
  }
  SECTION("dL/ds = grad L . v (central difference over s = +-span / dmu_ds)") {
    RnnParameters grad(s);
    Trajectory traj;
    loss_and_gradient(p, batch, traj, grad);
    const double slope = (land.loss(2) - land.loss(0)) / (2 * span / dmu_ds);
    CHECK(slope == Approx(model.gather(grad.flat()).dot(v)).epsilon(1e-6));
  }
}

TEST_CASE("restricted landscape: bad arguments are errors", "[landscape]") {
  const RnnShape s = pitchfork_shape();
  const RnnParameters p = testing::random_parameters(s, 1);
  const Batch batch = pulse_batch(5, 0.0);
  const StateSpaceModel model(p, batch);
  const VectorXd v = VectorXd::Unit(model.param_dim(), 0), e = VectorXd::Unit(4, 0);
  CHECK_THROWS_AS(restricted_landscape(p, batch, {}, v, 1.0, e, e, NormalFormFit{}, 0.1, 1), Error);
  CHECK_THROWS_AS(restricted_landscape(p, batch, {}, v, 0.0, e, e, NormalFormFit{}, 0.1, 5), Error);
  CHECK_THROWS_AS(restricted_landscape(p, batch, {}, v, 1.0, VectorXd::Ones(3), e, NormalFormFit{}, 0.1, 5), Error);
}
