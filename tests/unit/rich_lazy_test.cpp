// Rich-versus-lazy measures (SCIENCE.md 6.5, U22): weight change, sign similarity, the recurrent tangent
// kernel against finite differences and the output NTK, representation alignment.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "random_network.hpp"
#include "common/error.hpp"
#include "measures/effective_rank.hpp"
#include "measures/rich_lazy.hpp"
#include "ops/sntk_operators.hpp"

using namespace rnnbook;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using testing::random_batch;
using testing::random_parameters;

namespace {

RnnShape tiny_shape(CellKind cell, Activation f, double leak, bool bias) {
  RnnShape s;
  s.hidden = 4;
  s.inputs = 2;
  s.outputs = 2;
  s.cell = cell;
  s.activation = f;
  s.leak = leak;
  s.bias = bias;
  return s;
}

VectorXd rich_lazy_readouts(const RnnParameters& p, const Batch& batch) {
  Trajectory tr;
  forward(p, batch, tr);
  return Eigen::Map<const VectorXd>(tr.y.data(), Eigen::Index(tr.y.size()));
}

// dy/dW by central differences of the readouts, one column per entry of W (column-major vec).
MatrixXd finite_difference_jacobian_W(const RnnParameters& p, const Batch& batch, double eps = 1e-6) {
  const Eigen::Index N = p.shape().hidden;
  MatrixXd J(rich_lazy_readouts(p, batch).size(), N * N);
  RnnParameters q = p;
  for (Eigen::Index j = 0; j < N * N; ++j) {
    const double w = q.flat()(j);
    q.flat()(j) = w + eps;
    const VectorXd up = rich_lazy_readouts(q, batch);
    q.flat()(j) = w - eps;
    const VectorXd down = rich_lazy_readouts(q, batch);
    q.flat()(j) = w;
    J.col(j) = (up - down) / (2.0 * eps);
  }
  return J;
}

}  // namespace

TEST_CASE("rich/lazy: weight change and sign similarity by hand", "[richlazy]") {
  SECTION("weight change is the Frobenius distance, relative to ||W0||") {
    const MatrixXd W0 = (MatrixXd(2, 2) << 3, 0, 0, 4).finished();  // ||W0|| = 5
    const MatrixXd Wf = (MatrixXd(2, 2) << 3, 1, 2, 6).finished();  // difference (0 1; 2 2): norm 3
    CHECK(weight_change(W0, Wf) == Approx(3.0).epsilon(1e-15));
    CHECK(relative_weight_change(W0, Wf) == Approx(0.6).epsilon(1e-15));
    CHECK(weight_change(W0, W0) == 0.0);
    CHECK_THROWS_WITH(relative_weight_change(MatrixXd::Zero(2, 2), Wf), Catch::Contains("W0 must be non-zero"));
    CHECK_THROWS_WITH(weight_change(W0, MatrixXd::Zero(2, 3)), Catch::Contains("same shape, got 2 x 2 and 2 x 3"));
  }
  SECTION("sign similarity counts entries whose sign (-, 0, +) is unchanged") {
    const MatrixXd A = (MatrixXd(2, 3) << 1, -2, 0, 0.5, 0, -1).finished();
    const MatrixXd B = (MatrixXd(2, 3) << 7, 3, 0, -0.5, 1e-9, -4).finished();
    // same: (0,0) +/+, (0,2) 0/0, (1,2) -/-; changed: (0,1), (1,0), (1,1) 0 -> +.
    CHECK(sign_similarity(A, B) == Approx(0.5).epsilon(1e-15));
    CHECK(sign_similarity(A, 3.0 * A) == 1.0);
    CHECK(sign_similarity(A, -A) == Approx(2.0 / 6.0).epsilon(1e-15));  // only the two zeros stay
    CHECK_THROWS_WITH(sign_similarity(MatrixXd(0, 0), MatrixXd(0, 0)), Catch::Contains("must not be empty"));
    CHECK_THROWS_WITH(sign_similarity(A, B.transpose()), Catch::Contains("same shape"));
  }
}

TEST_CASE("rich/lazy: the recurrent tangent kernel equals J J^T from finite differences", "[richlazy]") {
  const Batch batch = random_batch(3, 2, 2, 2, 11);
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn})
    for (Activation f : {Activation::tanh, Activation::softplus})
      for (double leak : {1.0, 0.4}) {
        const RnnShape s = tiny_shape(cell, f, leak, true);
        const RnnParameters p = random_parameters(s, 5);
        const MatrixXd J = finite_difference_jacobian_W(p, batch);
        const MatrixXd want = J * J.transpose();
        const MatrixXd K = recurrent_tangent_kernel(p, batch);
        INFO(cell_name(cell) << " " << activation_name(f) << " leak " << leak);
        REQUIRE(K.rows() == 3 * 2 * 2);
        CHECK((K - want).norm() / want.norm() < 1e-8);
        CHECK((K - K.transpose()).norm() == 0.0);
      }
}

TEST_CASE("rich/lazy: the recurrent kernel is the W part of the output NTK", "[richlazy]") {
  // OutputNtkOperator over W alone adds the readout part (Z_y Z_y^T) kron I_O, z_y = [h_t; 1].
  RnnShape s = tiny_shape(CellKind::ctrnn, Activation::tanh, 0.7, false);
  s.hidden = 6;
  s.outputs = 3;
  const RnnParameters p = random_parameters(s, 8);
  const Batch batch = random_batch(5, 4, 2, 3, 9);
  auto model = std::make_shared<StateSpaceModel>(p, batch, ParameterSelection{true, false, false});
  const MatrixXd ntk = dense_matrix(OutputNtkOperator(model), "output NTK");
  const MatrixXd Zy = model->output_sites();
  MatrixXd readout = MatrixXd::Zero(ntk.rows(), ntk.cols());
  for (Eigen::Index r = 0; r < Zy.rows(); ++r)
    for (Eigen::Index c = 0; c < Zy.rows(); ++c)
      readout.block(r * 3, c * 3, 3, 3).diagonal().setConstant(Zy.row(r).dot(Zy.row(c)));
  const MatrixXd K = recurrent_tangent_kernel(p, batch);
  CHECK((K - (ntk - readout)).norm() / K.norm() < 1e-12);
}

TEST_CASE("rich/lazy: alignments of a network with itself and with a rescaled readout (U22)", "[richlazy]") {
  RnnShape s = tiny_shape(CellKind::ctrnn, Activation::relu, 1.0, false);
  s.hidden = 8;
  s.outputs = 3;
  const RnnParameters p = random_parameters(s, 21);
  const Batch kb = random_batch(4, 3, 2, 3, 22), rb = random_batch(4, 10, 2, 3, 23);
  SECTION("scaling C by c scales the kernel by c^2: alignment 1") {
    RnnParameters q = p;
    q.C() *= 2.5;
    const MatrixXd K0 = recurrent_tangent_kernel(p, kb), K1 = recurrent_tangent_kernel(q, kb);
    CHECK((K1 - 6.25 * K0).norm() / K1.norm() < 1e-13);
    CHECK(kernel_alignment(K0, K1) == Approx(1.0).epsilon(1e-13));
  }
  SECTION("measures of a network against itself") {
    const RichLazyMeasures m = rich_lazy_measures(p, p, kb, rb);
    CHECK(m.weight_change == 0.0);
    CHECK(m.weight_change_rel == 0.0);
    CHECK(m.kernel_alignment == Approx(1.0).epsilon(1e-13));
    CHECK(m.representation_alignment == Approx(1.0).epsilon(1e-13));
    CHECK(m.sign_similarity == 1.0);
  }
  SECTION("a changed network: every measure from its definition") {
    RnnParameters q = p;
    Rng rng(24);
    for (auto& w : q.W().reshaped()) w += rng.normal(0.0, 0.3);
    const RichLazyMeasures m = rich_lazy_measures(p, q, kb, rb);
    CHECK(m.weight_change == Approx((q.W() - p.W()).norm()).epsilon(1e-15));
    CHECK(m.weight_change_rel == Approx((q.W() - p.W()).norm() / p.W().norm()).epsilon(1e-15));
    CHECK(m.kernel_alignment ==
          Approx(kernel_alignment(recurrent_tangent_kernel(p, kb), recurrent_tangent_kernel(q, kb))).epsilon(1e-15));
    CHECK(m.kernel_alignment < 0.999);
    // Representation: Gram of h_T over the 10 trials, built here from a plain forward pass.
    Trajectory t0, t1;
    forward(p, rb, t0);
    forward(q, rb, t1);
    const MatrixXd H0 = step_block(t0.h, 4).transpose(), H1 = step_block(t1.h, 4).transpose();  // B x N
    CHECK((representation_gram(p, rb) - H0 * H0.transpose()).norm() == 0.0);
    CHECK(m.representation_alignment ==
          Approx((H0 * H0.transpose()).cwiseProduct(H1 * H1.transpose()).sum() /
                 ((H0 * H0.transpose()).norm() * (H1 * H1.transpose()).norm()))
              .epsilon(1e-13));
    CHECK(m.representation_alignment < 1.0);
    // Signs over all hidden activity h_1..h_T (ReLU: zeros count as their own sign).
    const MatrixXd A0 = hidden_activity(p, rb), A1 = hidden_activity(q, rb);
    REQUIRE(A0.rows() == 8);
    REQUIRE(A0.cols() == 40);
    double same = 0;
    for (Eigen::Index i = 0; i < A0.size(); ++i)
      same += ((A0(i) > 0) - (A0(i) < 0)) == ((A1(i) > 0) - (A1(i) < 0));
    CHECK(m.sign_similarity == Approx(same / 320.0).epsilon(1e-15));
    CHECK(m.sign_similarity < 1.0);
    CHECK(m.sign_similarity > 0.5);
  }
  SECTION("undefined measures are NaN, shape mismatches and oversized kernels throw") {
    RnnParameters z = p;
    z.W().setZero();
    CHECK(std::isnan(rich_lazy_measures(z, p, kb, rb).weight_change_rel));
    RnnShape other = s;
    other.hidden = 5;
    CHECK_THROWS_WITH(rich_lazy_measures(p, random_parameters(other, 1), kb, rb), Catch::Contains("same shape"));
    const Batch big = random_batch(100, 20, 2, 3, 1);  // 100 x 20 x 3 = 6000 outputs
    CHECK_THROWS_WITH(recurrent_tangent_kernel(p, big), Catch::Contains("6000 exceeds the limit 4096"));
  }
}
