#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "random_network.hpp"
#include "relative_error.hpp"
#include "common/error.hpp"
#include "ops/sntk_operators.hpp"
#include "ops/state_space.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using rnnbook::testing::relative_error;
using testing::random_batch;
using testing::random_parameters;

namespace {

Eigen::VectorXd state_space_random_vector(Eigen::Index n, Rng& rng) {
  Eigen::VectorXd v(n);
  for (auto& e : v) e = rng.normal();
  return v;
}

// A non-empty random subset of {W, U, b} (b only when the shape has a bias).
ParameterSelection random_selection(Rng& rng, bool bias) {
  for (;;) {
    ParameterSelection s{rng.bernoulli(0.6), rng.bernoulli(0.6), bias && rng.bernoulli(0.6)};
    if (s.W || s.U || s.b) return s;
  }
}

// vec H (time-major, h_1..h_T) and vec Y of a fresh forward pass.
Eigen::VectorXd states_of(const RnnParameters& p, const Batch& batch) {
  Trajectory tr;
  forward(p, batch, tr);
  const Eigen::Index B = Eigen::Index(batch.trials()), N = p.shape().hidden;
  return Eigen::Map<const Eigen::VectorXd>(tr.h.data() + B * N, Eigen::Index(batch.steps()) * B * N);
}

Eigen::VectorXd state_space_readouts(const RnnParameters& p, const Batch& batch) {
  Trajectory tr;
  forward(p, batch, tr);
  return Eigen::Map<const Eigen::VectorXd>(tr.y.data(), Eigen::Index(tr.y.size()));
}


Eigen::MatrixXd kron_identity(const Eigen::MatrixXd& A, Eigen::Index n) {
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(A.rows() * n, A.cols() * n);
  for (Eigen::Index r = 0; r < A.rows(); ++r)
    for (Eigen::Index c = 0; c < A.cols(); ++c) K.block(r * n, c * n, n, n).diagonal().setConstant(A(r, c));
  return K;
}

std::shared_ptr<StateSpaceModel> make_model(const RnnParameters& p, const Batch& b, ParameterSelection s = {}) {
  return std::make_shared<StateSpaceModel>(p, b, s);
}

std::string describe(const RnnShape& s, const ParameterSelection& sel) {
  return std::string(cell_name(s.cell)) + " " + activation_name(s.activation) + " leak " + std::to_string(s.leak) +
         " bias " + std::to_string(s.bias) + " select W" + std::to_string(sel.W) + " U" + std::to_string(sel.U) +
         " b" + std::to_string(sel.b);
}

// Participation ratio of a PSD spectrum (round-off negatives clipped).
double participation_ratio(const Eigen::VectorXd& lambda) {
  const Eigen::ArrayXd l = lambda.array().max(0.0);
  return l.sum() * l.sum() / l.square().sum();
}

}  // namespace

TEST_CASE("sntk: JVP matches finite differences and the VJP is its adjoint (U2)", "[sntk]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus);
  const double leak = GENERATE(1.0, 0.4);
  const bool bias = GENERATE(true, false);
  const std::uint64_t seed = GENERATE(1, 2, 3);
  RnnShape s{4, 3, 2, leak, cell, act, bias};
  RnnParameters p = random_parameters(s, 100 + seed);
  Batch batch = random_batch(6, 3, 3, 2, 200 + seed);
  Rng rng(300 + seed);
  const ParameterSelection sel = random_selection(rng, bias);
  StateSpaceModel m(p, batch, sel);
  const Eigen::VectorXd v = state_space_random_vector(m.param_dim(), rng), q = state_space_random_vector(m.state_dim(), rng);

  Eigen::VectorXd jv(m.state_dim()), jtq(m.param_dim());
  m.jvp(v, jv);
  m.vjp(q, jtq);

  const double h = 1e-5;
  RnnParameters up = p, down = p;
  up.flat() += h * m.embed(v);
  down.flat() -= h * m.embed(v);
  const Eigen::VectorXd fd = (states_of(up, batch) - states_of(down, batch)) / (2 * h);
  const double fd_err = relative_error(jv, fd);
  const double adjoint = std::abs(jv.dot(q) - v.dot(jtq)) / (jv.norm() * q.norm());
  INFO(describe(s, m.selection()) << ": JVP vs FD " << fd_err << ", adjoint " << adjoint);
  CHECK(fd_err < 1e-7);
  CHECK(adjoint < 1e-12);
  CHECK(jv.norm() > 1e-2);  // a zero JVP would pass trivially
  CHECK(m.states().isApprox(states_of(p, batch), 0.0));
}

TEST_CASE("sntk: J^T of the direct state error is the BPTT gradient", "[sntk]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus);
  const double leak = GENERATE(1.0, 0.4);
  const bool bias = GENERATE(true, false);
  RnnShape s{5, 3, 2, leak, cell, act, bias};
  RnnParameters p = random_parameters(s, 7), grad(s);
  Batch batch = random_batch(7, 4, 3, 2, 8);
  Trajectory traj;
  loss_and_gradient(p, batch, traj, grad);
  StateSpaceModel m(p, batch);

  // e_t = C^T (y_t - y*_t) mask / |mask|, SCIENCE.md 1.2.
  double count = 0;
  for (double w : batch.mask) count += w;
  const Eigen::Index T = m.steps(), B = m.trials(), N = m.hidden();
  Eigen::VectorXd e(m.state_dim());
  for (Eigen::Index t = 0; t < T; ++t) {
    const auto dy = (step_block(traj.y, std::size_t(t)) - step_block(batch.y, std::size_t(t))).eval();
    for (Eigen::Index b = 0; b < B; ++b)
      e.segment((t * B + b) * N, N) = p.C().transpose() * dy.col(b) * (batch.mask(t, b) / count);
  }
  const Eigen::VectorXd want = m.gather(grad.flat());
  Eigen::VectorXd got(m.param_dim()), lambda(m.state_dim()), via_p(m.param_dim());
  m.vjp(e, got);
  m.propagate_T(e, lambda);  // the BPTT adjoint lambda = P^T e, then grad = F^T lambda
  m.forcing_T(lambda, via_p);
  INFO(describe(s, m.selection()) << ": vjp " << relative_error(got, want) << ", F^T P^T " << relative_error(via_p, want));
  CHECK(relative_error(got, want) < 1e-12);
  CHECK(relative_error(via_p, want) < 1e-12);
  CHECK(want.norm() > 1e-3);
}

TEST_CASE("sntk: linear RNN propagator (U3)", "[sntk]") {
  // rate cell, identity, a = 1, b = 0, U = I: h_t = W h_{t-1} + x_t.
  const int N = 4, T = 7, B = 2;
  RnnShape s{N, N, 1, 1.0, CellKind::rate, Activation::identity, false};
  RnnParameters p = random_parameters(s, 11, 0.8);
  p.U().setIdentity();
  Batch batch = random_batch(T, B, N, 1, 12);
  auto m = make_model(p, batch);
  const Eigen::Index D = m->state_dim();
  const Eigen::Map<const Eigen::VectorXd> xs(batch.x.data(), D);  // x has the state layout here
  Rng rng(13);
  const Eigen::VectorXd q = state_space_random_vector(D, rng);
  Eigen::VectorXd a(D), b(D);

  SECTION("P applied to the stacked inputs gives H") {
    m->propagate(xs, a);
    INFO("max |P x - H| = " << (a - m->states()).cwiseAbs().maxCoeff());
    CHECK((a - m->states()).cwiseAbs().maxCoeff() <= 1e-15 * m->states().cwiseAbs().maxCoeff());
  }
  SECTION("P^{-1} P = P P^{-1} = I") {
    m->propagate(q, a);
    m->frechet(a, b);
    CHECK(relative_error(b, q) < 1e-14);
    m->frechet(q, a);
    m->propagate(a, b);
    CHECK(relative_error(b, q) < 1e-14);
  }
  SECTION("P^T is the BPTT adjoint lambda_t = q_t + W^T lambda_{t+1}") {
    Eigen::VectorXd lambda(D);
    Eigen::MatrixXd l = Eigen::MatrixXd::Zero(N, B);
    for (Eigen::Index t = T - 1; t >= 0; --t) {
      l = Eigen::Map<const Eigen::MatrixXd>(q.data() + t * B * N, N, B) + p.W().transpose() * l;
      Eigen::Map<Eigen::MatrixXd>(lambda.data() + t * B * N, N, B) = l;
    }
    m->propagate_T(q, a);
    CHECK(relative_error(a, lambda) < 1e-14);
  }
  SECTION("the blocks of P are P_{t,s} = W^{t-s} (s <= t), trial-diagonal") {
    const Eigen::MatrixXd Pd = dense_matrix(PropagatorOperator(m), "P");
    const Eigen::MatrixXd W = p.W();
    double err = 0;
    for (Eigen::Index t = 0; t < T; ++t)
      for (Eigen::Index u = 0; u < T; ++u) {
        Eigen::MatrixXd power = Eigen::MatrixXd::Identity(N, N);
        for (Eigen::Index k = u; k < t; ++k) power = W * power;
        for (Eigen::Index b1 = 0; b1 < B; ++b1)
          for (Eigen::Index b2 = 0; b2 < B; ++b2) {
            const Eigen::MatrixXd want = (u <= t && b1 == b2) ? power : Eigen::MatrixXd::Zero(N, N);
            err = std::max(err, (Pd.block((t * B + b1) * N, (u * B + b2) * N, N, N) - want).cwiseAbs().maxCoeff());
          }
      }
    CHECK(err < 1e-14);
  }
}

TEST_CASE("sntk: J = P F, K = F F^T, and P K P^T = J J^T for every cell (U4)", "[sntk]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const auto act = GENERATE(Activation::tanh, Activation::softplus);
  const double leak = GENERATE(1.0, 0.4);
  const bool bias = GENERATE(true, false);
  const std::uint64_t seed = GENERATE(4, 5);
  RnnShape s{5, 2, 2, leak, cell, act, bias};
  RnnParameters p = random_parameters(s, 20 + seed);
  Batch batch = random_batch(8, 3, 2, 2, 30 + seed);
  Rng rng(40 + seed);
  StateSpaceModel m(p, batch, random_selection(rng, bias));
  const Eigen::Index D = m.state_dim(), P = m.param_dim();
  const Eigen::VectorXd q = state_space_random_vector(D, rng), q2 = state_space_random_vector(D, rng), v = state_space_random_vector(P, rng);
  Eigen::VectorXd d1(D), d2(D), d3(D), p1(P), p2(P);
  INFO(describe(s, m.selection()));

  m.forcing(v, d1);
  m.propagate(d1, d2);
  m.jvp(v, d3);
  CHECK(relative_error(d2, d3) < 1e-13);  // J v = P (F v)

  m.propagate_T(q, d1);
  m.forcing_T(d1, p1);
  m.vjp(q, p2);
  CHECK(relative_error(p1, p2) < 1e-13);  // J^T q = F^T (P^T q)

  m.forcing_T(q, p1);
  m.forcing(p1, d1);
  m.parameter_op(q, d2);
  INFO("K q vs F F^T q: " << relative_error(d2, d1));
  CHECK(relative_error(d2, d1) < 1e-12);  // Kronecker core = F F^T

  m.propagate_T(q, d1);
  m.parameter_op(d1, d2);
  m.propagate(d2, d1);  // P K P^T q
  m.vjp(q, p1);
  m.jvp(p1, d2);  // J J^T q
  INFO("P K P^T q vs J J^T q: " << relative_error(d1, d2));
  CHECK(relative_error(d1, d2) < 1e-10);

  m.propagate(q, d1);
  m.frechet(d1, d2);
  CHECK(relative_error(d2, q) < 1e-12);
  m.frechet(q, d1);
  m.propagate(d1, d2);
  CHECK(relative_error(d2, q) < 1e-12);

  SECTION("transposes are adjoints and K is symmetric PSD") {
    auto adj = [&](auto&& fwd, auto&& bwd) {
      fwd(q, d1);
      bwd(q2, d2);
      return std::abs(d1.dot(q2) - q.dot(d2)) / (d1.norm() * q2.norm());
    };
    CHECK(adj([&](auto& i, auto& o) { m.propagate(i, o); }, [&](auto& i, auto& o) { m.propagate_T(i, o); }) < 1e-13);
    CHECK(adj([&](auto& i, auto& o) { m.frechet(i, o); }, [&](auto& i, auto& o) { m.frechet_T(i, o); }) < 1e-13);
    CHECK(adj([&](auto& i, auto& o) { m.parameter_op(i, o); }, [&](auto& i, auto& o) { m.parameter_op(i, o); }) <
          1e-13);
    m.parameter_op(q, d1);
    CHECK(q.dot(d1) > 0.0);
    // P^{-T} P^T = I as well.
    m.propagate_T(q, d1);
    m.frechet_T(d1, d2);
    CHECK(relative_error(d2, q) < 1e-12);
  }
}

TEST_CASE("sntk: A_t matches the closed forms of SCIENCE.md 1.1", "[sntk]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  RnnShape s{4, 2, 1, 0.3, cell, Activation::tanh, true};
  RnnParameters p = random_parameters(s, 50);
  Batch batch = random_batch(5, 2, 2, 1, 51);
  StateSpaceModel m(p, batch);
  const auto& tr = m.trajectory();
  const Eigen::MatrixXd W = p.W(), I = Eigen::MatrixXd::Identity(4, 4);
  const double a = s.leak;
  Rng rng(52);
  Eigen::MatrixXd in(4, 2), out(4, 2), outT(4, 2);
  for (auto& e : in.reshaped()) e = rng.normal();
  for (Eigen::Index t = 1; t <= 5; ++t) {
    m.apply_A(t, in, out);
    m.apply_AT(t, in, outT);
    for (Eigen::Index b = 0; b < 2; ++b) {
      Eigen::VectorXd d(4);
      for (int i = 0; i < 4; ++i) {
        const double arg = cell == CellKind::current ? tr.h(std::size_t(t - 1), std::size_t(b), std::size_t(i))
                                                     : tr.u(std::size_t(t - 1), std::size_t(b), std::size_t(i));
        d(i) = 1.0 - std::tanh(arg) * std::tanh(arg);
      }
      Eigen::MatrixXd A;
      if (cell == CellKind::rate) A = (1 - a) * I + a * d.asDiagonal() * W;
      if (cell == CellKind::current) A = (1 - a) * I + a * W * d.asDiagonal();
      if (cell == CellKind::ctrnn) A = d.asDiagonal() * ((1 - a) * I + a * W);
      CHECK(relative_error(out.col(b), A * in.col(b)) < 1e-14);
      CHECK(relative_error(outT.col(b), A.transpose() * in.col(b)) < 1e-14);
    }
  }
  CHECK_THROWS_WITH(m.apply_A(0, in, out), Catch::Matchers::Contains("outside 1..T"));
}

TEST_CASE("sntk: Kronecker core of the parameter operator (U5)", "[sntk]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const double leak = GENERATE(1.0, 0.7);
  const auto sel = GENERATE(ParameterSelection{true, true, true}, ParameterSelection{true, false, true},
                            ParameterSelection{false, true, false});
  const Eigen::Index N = 3, I = 2, T = 4, B = 2;
  RnnShape s{int(N), int(I), 1, leak, cell, Activation::tanh, true};
  RnnParameters p = random_parameters(s, 60);
  Batch batch = random_batch(int(T), int(B), int(I), 1, 61);
  auto m = make_model(p, batch, sel);
  const auto& tr = m->trajectory();
  const double a = leak;
  INFO(describe(s, sel));

  // Z from the trajectory: rows t B + b = [h_t or tanh(h_t); x_{t+1}; 1] over the selected blocks.
  const Eigen::Index M = (sel.W ? N : 0) + (sel.U ? I : 0) + (sel.b ? 1 : 0);
  Eigen::MatrixXd Z(T * B, M);
  Eigen::VectorXd dphi(T * B * N);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index b = 0; b < B; ++b) {
      Eigen::Index c = 0;
      if (sel.W)
        for (Eigen::Index i = 0; i < N; ++i) {
          const double h = tr.h(std::size_t(t), std::size_t(b), std::size_t(i));
          Z(t * B + b, c++) = cell == CellKind::current ? std::tanh(h) : h;
        }
      if (sel.U)
        for (Eigen::Index i = 0; i < I; ++i) Z(t * B + b, c++) = batch.x(std::size_t(t), std::size_t(b), std::size_t(i));
      if (sel.b) Z(t * B + b, c++) = 1.0;
      for (Eigen::Index i = 0; i < N; ++i) {
        const double u = tr.u(std::size_t(t), std::size_t(b), std::size_t(i));
        dphi((t * B + b) * N + i) = cell == CellKind::current ? 1.0 : 1.0 - std::tanh(u) * std::tanh(u);
      }
    }
  CHECK(m->site_dim() == M);
  CHECK(relative_error(m->weight_sites(), Z) < 1e-15);

  const Eigen::MatrixXd K = dense_matrix(ParameterOperator(m), "K");
  const Eigen::MatrixXd ZZ = Z * Z.transpose();
  const Eigen::MatrixXd want = dphi.asDiagonal() * (a * a * kron_identity(ZZ, N)) * dphi.asDiagonal();
  INFO("dense K vs Kronecker form: " << relative_error(K, want));
  CHECK(relative_error(K, want) < 1e-14);

  // Independent of the Kronecker code: K = P^{-1} Theta P^{-T}.
  const Eigen::MatrixXd Pinv = dense_matrix(FrechetOperator(m), "P^-1");
  const Eigen::MatrixXd from_theta = Pinv * dense_state_ntk(*m) * Pinv.transpose();
  INFO("K vs P^{-1} Theta P^{-T}: " << relative_error(K, from_theta));
  CHECK(relative_error(K, from_theta) < 1e-12);

  if (cell == CellKind::current) {
    CHECK(K.trace() == Approx(a * a * N * Z.squaredNorm()).epsilon(1e-13));
    CHECK(K.squaredNorm() == Approx(std::pow(a, 4) * N * ZZ.squaredNorm()).epsilon(1e-13));
  }
}

TEST_CASE("sntk: scalar and vector linear RNN kernels in closed form (U8)", "[sntk]") {
  SECTION("h_t = alpha h_{t-1} + w x_t, theta = w: Theta = h h^T / w^2, rank 1") {
    const double alpha = 0.8, w = 1.7;
    RnnShape s{1, 1, 1, 1.0, CellKind::rate, Activation::identity, false};
    RnnParameters p(s);
    p.W()(0, 0) = alpha;
    p.U()(0, 0) = w;
    Batch batch = random_batch(10, 1, 1, 1, 70);
    StateSpaceModel m(p, batch, {false, true, false});
    REQUIRE(m.param_dim() == 1);
    const Eigen::VectorXd h = m.states();
    const Eigen::MatrixXd theta = dense_state_ntk(m);
    CHECK(relative_error(theta, h * h.transpose() / (w * w)) < 1e-14);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(theta);
    const Eigen::VectorXd l = eig.eigenvalues();
    CHECK(l(9) == Approx(h.squaredNorm() / (w * w)).epsilon(1e-13));
    CHECK(l.head(9).cwiseAbs().maxCoeff() < 1e-13 * l(9));
    CHECK(participation_ratio(l) == Approx(1.0).epsilon(1e-12));
  }
  SECTION("theta = alpha: dh_t/dalpha = g_t, g_t = alpha g_{t-1} + h_{t-1}") {
    const double alpha = 0.8, w = 1.7;
    RnnShape s{1, 1, 1, 1.0, CellKind::rate, Activation::identity, false};
    RnnParameters p(s);
    p.W()(0, 0) = alpha;
    p.U()(0, 0) = w;
    Batch batch = random_batch(10, 1, 1, 1, 71);
    StateSpaceModel m(p, batch, {true, false, false});
    Eigen::VectorXd g(10), jv(10);
    double gp = 0, hp = 0;
    for (int t = 0; t < 10; ++t) {
      g(t) = alpha * gp + hp;
      gp = g(t);
      hp = m.states()(t);
    }
    m.jvp(Eigen::VectorXd::Ones(1), jv);
    CHECK(relative_error(jv, g) < 1e-14);
  }
  SECTION("h_t = A h_{t-1} + U x_t, theta = U: Theta = sum (x_s . x_s') A^{t-s} (A^{t'-s'})^T") {
    const Eigen::Index N = 3, I = 2, T = 5, B = 2;
    RnnShape s{int(N), int(I), 1, 1.0, CellKind::rate, Activation::identity, false};
    RnnParameters p = random_parameters(s, 72, 0.7);
    Batch batch = random_batch(int(T), int(B), int(I), 1, 73);
    StateSpaceModel m(p, batch, {false, true, false});
    std::vector<Eigen::MatrixXd> power(T, Eigen::MatrixXd::Identity(N, N));
    for (Eigen::Index k = 1; k < T; ++k) power[k] = p.W() * power[k - 1];
    auto x = [&](Eigen::Index t, Eigen::Index b) {
      Eigen::VectorXd v(I);
      for (Eigen::Index i = 0; i < I; ++i) v(i) = batch.x(std::size_t(t), std::size_t(b), std::size_t(i));
      return v;
    };
    Eigen::MatrixXd want = Eigen::MatrixXd::Zero(m.state_dim(), m.state_dim());
    for (Eigen::Index t = 0; t < T; ++t)
      for (Eigen::Index b = 0; b < B; ++b)
        for (Eigen::Index t2 = 0; t2 < T; ++t2)
          for (Eigen::Index b2 = 0; b2 < B; ++b2) {
            auto blk = want.block((t * B + b) * N, (t2 * B + b2) * N, N, N);
            for (Eigen::Index u = 0; u <= t; ++u)
              for (Eigen::Index u2 = 0; u2 <= t2; ++u2)
                blk += x(u, b).dot(x(u2, b2)) * power[t - u] * power[t2 - u2].transpose();
          }
    const Eigen::MatrixXd theta = dense_state_ntk(m);
    INFO("Theta vs closed form: " << relative_error(theta, want));
    CHECK(relative_error(theta, want) < 1e-13);
  }
  SECTION("W and U trainable: K = Z Z^T kron I with z_t = [h_{t-1}; x_t]") {
    const Eigen::Index N = 3, I = 2, T = 5, B = 2;
    RnnShape s{int(N), int(I), 1, 1.0, CellKind::rate, Activation::identity, false};
    RnnParameters p = random_parameters(s, 74, 0.7);
    Batch batch = random_batch(int(T), int(B), int(I), 1, 75);
    auto m = make_model(p, batch, {true, true, false});
    Eigen::MatrixXd Z(T * B, N + I);
    for (Eigen::Index t = 0; t < T; ++t)
      for (Eigen::Index b = 0; b < B; ++b) {
        for (Eigen::Index i = 0; i < N; ++i) Z(t * B + b, i) = m->trajectory().h(std::size_t(t), std::size_t(b), std::size_t(i));
        for (Eigen::Index i = 0; i < I; ++i) Z(t * B + b, N + i) = batch.x(std::size_t(t), std::size_t(b), std::size_t(i));
      }
    CHECK(relative_error(dense_matrix(ParameterOperator(m), "K"), kron_identity(Z * Z.transpose(), N)) < 1e-14);
  }
}

TEST_CASE("sntk: bias-only kernel of a silent network (U9)", "[sntk]") {
  const double a = GENERATE(1.0, 0.3);
  const Eigen::Index N = 4, I = 2, T = 6, B = 3;
  RnnShape s{int(N), int(I), 1, a, CellKind::rate, Activation::tanh, true};
  RnnParameters p = random_parameters(s, 80);
  p.W().setZero();
  p.b().setZero();
  Batch batch = random_batch(int(T), int(B), int(I), 1, 81);
  batch.x.fill(0.0);  // B identical trials
  StateSpaceModel m(p, batch, {false, false, true});
  REQUIRE(m.param_dim() == N);

  Eigen::VectorXd v(T);
  for (Eigen::Index t = 0; t < T; ++t) v(t) = (1 - std::pow(1 - a, double(t + 1))) / a;
  // Time-major index (t B + b) N + i: Theta = a^2 (v v^T) kron (1_B 1_B^T) kron I_N.
  const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(B, B);
  Eigen::MatrixXd vv = v * v.transpose(), outer(T * B, T * B);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index t2 = 0; t2 < T; ++t2) outer.block(t * B, t2 * B, B, B) = vv(t, t2) * ones;
  const Eigen::MatrixXd want = a * a * kron_identity(outer, N);
  const Eigen::MatrixXd theta = dense_state_ntk(m);
  CHECK(relative_error(theta, want) < 1e-14);

  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(theta);
  const Eigen::VectorXd l = eig.eigenvalues();  // ascending
  const double top = a * a * double(B) * v.squaredNorm();
  for (Eigen::Index k = 0; k < N; ++k) CHECK(l(l.size() - 1 - k) == Approx(top).epsilon(1e-12));
  CHECK(l.head(l.size() - N).cwiseAbs().maxCoeff() < 1e-12 * top);
  CHECK(participation_ratio(l) == Approx(double(N)).epsilon(1e-12));
}

TEST_CASE("sntk: output-space NTK is J_y J_y^T over (theta, C, c)", "[sntk]") {
  const auto cell = GENERATE(CellKind::rate, CellKind::current, CellKind::ctrnn);
  const bool bias = GENERATE(true, false);
  const Eigen::Index N = 3, I = 2, O = 2, T = 4, B = 2;
  RnnShape s{int(N), int(I), int(O), 0.6, cell, Activation::tanh, bias};
  RnnParameters p = random_parameters(s, 90);
  Batch batch = random_batch(int(T), int(B), int(I), int(O), 91);
  Rng rng(92);
  auto m = make_model(p, batch, random_selection(rng, bias));
  INFO(describe(s, m->selection()));
  const Eigen::Index P = m->param_dim(), Y = m->output_dim(), D = m->state_dim();
  const Eigen::MatrixXd theta_y = dense_matrix(OutputNtkOperator(m), "Theta_y");

  // Exact J_y = [(I kron C) J, dy/dC, dy/dc].
  const Eigen::MatrixXd J = dense_jacobian(*m);
  const Eigen::MatrixXd C = p.C();
  Eigen::MatrixXd Jy = Eigen::MatrixXd::Zero(Y, P + O * N + O);
  for (Eigen::Index r = 0; r < T * B; ++r) {
    Jy.block(r * O, 0, O, P) = C * J.middleRows(r * N, N);
    const Eigen::VectorXd h = m->states().segment(r * N, N);
    for (Eigen::Index o = 0; o < O; ++o) {
      for (Eigen::Index k = 0; k < N; ++k) Jy(r * O + o, P + k * O + o) = h(k);  // C is column-major
      Jy(r * O + o, P + O * N + o) = 1.0;
    }
  }
  CHECK(relative_error(theta_y, Jy * Jy.transpose()) < 1e-13);

  // Finite differences of the readouts over the same parameters.
  const double hstep = 1e-5;
  const Eigen::Index readout = s.parameter_count() - O * N - O;
  Eigen::MatrixXd Jfd(Y, P + O * N + O);
  for (Eigen::Index k = 0; k < Jfd.cols(); ++k) {
    Eigen::VectorXd dir = Eigen::VectorXd::Zero(s.parameter_count());
    if (k < P) dir = m->embed(Eigen::VectorXd::Unit(P, k));
    else dir(readout + k - P) = 1.0;
    RnnParameters up = p, down = p;
    up.flat() += hstep * dir;
    down.flat() -= hstep * dir;
    Jfd.col(k) = (state_space_readouts(up, batch) - state_space_readouts(down, batch)) / (2 * hstep);
  }
  INFO("Theta_y vs FD: " << relative_error(theta_y, Jfd * Jfd.transpose()));
  CHECK(relative_error(theta_y, Jfd * Jfd.transpose()) < 1e-8);
  CHECK(D == T * B * N);
}

TEST_CASE("sntk: dense builders refuse sizes beyond the limit", "[sntk]") {
  SECTION("D = 5120") {
    RnnShape s{8, 1, 1, 1.0, CellKind::rate, Activation::tanh, true};
    RnnParameters p = random_parameters(s, 100);
    Batch batch = random_batch(80, 8, 1, 1, 101);
    auto m = make_model(p, batch, {true, false, false});
    REQUIRE(m->state_dim() == 5120);
    CHECK_THROWS_AS(dense_jacobian(*m), Error);
    CHECK_THROWS_WITH(dense_jacobian(*m), "dense_jacobian: D = 5120 exceeds the dense limit 4096");
    CHECK_THROWS_WITH(dense_state_ntk(*m), Catch::Matchers::Contains("D = 5120 exceeds the dense limit 4096"));
    CHECK_THROWS_WITH(dense_matrix(StateNtkOperator(m), "Theta"),
                      Catch::Matchers::Contains("rows = 5120 exceeds the dense limit 4096"));
    const Eigen::MatrixXd G = dense_gram(*m);  // P = 64 is fine
    CHECK(G.rows() == 64);
    CHECK((G - G.transpose()).norm() < 1e-12 * G.norm());
  }
  SECTION("P = 4225") {
    RnnShape s{65, 1, 1, 1.0, CellKind::current, Activation::tanh, true};
    RnnParameters p = random_parameters(s, 102);
    Batch batch = random_batch(2, 1, 1, 1, 103);
    auto m = make_model(p, batch, {true, false, false});
    CHECK_THROWS_WITH(dense_gram(*m), "dense_gram: P = 4225 exceeds the dense limit 4096");
    CHECK_THROWS_WITH(dense_jacobian(*m), Catch::Matchers::Contains("P = 4225 exceeds the dense limit 4096"));
    const Eigen::MatrixXd theta = dense_state_ntk(*m);  // D = 130, through Theta products
    const Eigen::MatrixXd Pd = dense_matrix(PropagatorOperator(m), "P");
    const Eigen::MatrixXd pkp = Pd * dense_matrix(ParameterOperator(m), "K") * Pd.transpose();
    CHECK(theta.rows() == 130);
    CHECK(relative_error(theta, pkp) < 1e-12);
  }
}

TEST_CASE("sntk: the model rejects empty selections and mismatched batches", "[sntk]") {
  RnnShape s{3, 2, 1, 1.0, CellKind::rate, Activation::tanh, false};
  RnnParameters p(s);
  Batch batch = random_batch(3, 2, 2, 1, 110);
  CHECK_THROWS_WITH(StateSpaceModel(p, batch, {false, false, true}),
                    Catch::Matchers::Contains("selection has no parameters"));
  CHECK(StateSpaceModel(p, batch, {true, false, true}).param_dim() == 9);  // b dropped without bias
  Batch wrong = random_batch(3, 2, 4, 1, 111);
  CHECK_THROWS_WITH(StateSpaceModel(p, wrong), Catch::Matchers::Contains("batch.x must be (T, B, 2)"));
  StateSpaceModel m(p, batch);
  Eigen::VectorXd small(3), out(m.state_dim());
  CHECK_THROWS_WITH(m.jvp(small, out), "StateSpaceModel::jvp: v has 3 entries, expected 15");
}
