// Sharpness of the loss (SCIENCE.md 6.4, U21) for the MLP and RNNs: Gauss-Newton trace, Hutchinson
// trace of exact HVPs and the leading eigenvalue, against dense Hessians and closed forms.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "common/error.hpp"
#include "measures/sharpness.hpp"
#include "mlp/mlp_jacobian.hpp"
#include "random_mlp.hpp"
#include "random_network.hpp"
#include "rnn/network.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// The outputs at their own values: zero residual for MSE.
MatrixXd outputs_of(const MlpParameters& p, const MatrixXd& X) {
  MlpActivations acts;
  mlp_forward(p, X, acts);
  return acts.output();
}

RnnShape rnn_shape(CellKind cell, bool bias) {
  RnnShape s;
  s.hidden = 4;
  s.inputs = 2;
  s.outputs = 3;
  s.cell = cell;
  s.leak = 0.6;
  s.bias = bias;
  return s;
}

// d vec(y) / d theta (T B O x P) by central differences of forward().
MatrixXd rnn_output_jacobian_fd(const RnnParameters& p, const Batch& batch) {
  const Eigen::Index P = p.flat().size();
  Trajectory t0;
  forward(p, batch, t0);
  MatrixXd J(Eigen::Index(t0.y.size()), P);
  for (Eigen::Index j = 0; j < P; ++j) {
    RnnParameters up = p, down = p;
    up.flat()(j) += 1e-6;
    down.flat()(j) -= 1e-6;
    Trajectory a, b;
    forward(up, batch, a);
    forward(down, batch, b);
    for (std::size_t k = 0; k < a.y.size(); ++k) J(Eigen::Index(k), j) = (a.y.data()[k] - b.y.data()[k]) / 2e-6;
  }
  return J;
}

}  // namespace

TEST_CASE("U21: linear regression, Tr H = k (1/n) sum (||x||^2 + 1) (with bias), and sharp^2 = Tr H", "[sharpness]") {
  const MlpShape s = mlp_shape(4, {}, 3, Activation::tanh);
  const MlpParameters p = random_mlp(s, 1);
  const MatrixXd X = random_points(4, 9, 2);
  const MatrixXd Y = random_targets(3, 9, false, 3);  // any residual: the loss is quadratic
  const double want = 3.0 * (X.colwise().squaredNorm().array() + 1.0).mean();
  const MlpLossHessian H(p, X, Y, LossKind::mse);
  CHECK(to_dense(H).trace() == Approx(want).epsilon(1e-12));
  CHECK(mlp_gauss_newton_trace(p, X, Y, LossKind::mse) == Approx(want).epsilon(1e-12));
  Rng rng(4);
  const Estimate e = mlp_hessian_trace(p, X, Y, LossKind::mse, 400, rng);
  INFO("Hutchinson " << e.value << " +- " << e.std_error << ", exact " << want);
  CHECK(std::abs(e.value - want) < 4.0 * e.std_error);
  CHECK(e.std_error < 0.1 * want);
}

TEST_CASE("U21: at zero residual the Gauss-Newton trace equals the exact Hessian trace (MSE)", "[sharpness]") {
  for (Activation f : {Activation::tanh, Activation::relu}) {
    const MlpShape s = mlp_shape(3, {5, 4}, 2, f);
    const MlpParameters p = random_mlp(s, 11);
    const MatrixXd X = random_points(3, 6, 12);
    const MatrixXd H = to_dense(MlpLossHessian(p, X, outputs_of(p, X), LossKind::mse));
    CHECK((H - H.transpose()).norm() <= 1e-12 * H.norm());
    CHECK(mlp_gauss_newton_trace(p, X, outputs_of(p, X), LossKind::mse) == Approx(H.trace()).epsilon(1e-12));
    // Away from it they differ by the residual term.
    const MatrixXd Y = random_targets(2, 6, false, 13);
    const double gn = mlp_gauss_newton_trace(p, X, Y, LossKind::mse);
    CHECK(gn == Approx(mlp_gauss_newton_trace(p, X, outputs_of(p, X), LossKind::mse)).epsilon(1e-14));
    if (f == Activation::tanh) CHECK(std::abs(to_dense(MlpLossHessian(p, X, Y, LossKind::mse)).trace() - gn) > 1e-3);
  }
}

TEST_CASE("mlp sharpness: cross-entropy Gauss-Newton trace, Hutchinson and power iteration against dense", "[sharpness]") {
  const MlpShape s = mlp_shape(3, {5}, 4, Activation::tanh);
  const MlpParameters p = random_mlp(s, 21);
  const MatrixXd X = random_points(3, 7, 22);
  const MatrixXd Y = random_targets(4, 7, true, 23);
  // GN = sum_i J_i^T H_i J_i with J_i from per-output backprop and H_i = (diag q - q q^T) / n.
  MlpActivations acts;
  mlp_forward(p, X, acts);
  MatrixXd GN = MatrixXd::Zero(s.parameter_count(), s.parameter_count());
  for (Eigen::Index i = 0; i < 7; ++i) {
    const MatrixXd J = output_parameter_gradients(p, acts, i).transpose();
    const VectorXd e = (acts.output().col(i).array() - acts.output().col(i).maxCoeff()).exp().matrix();
    const VectorXd q = e / e.sum();
    const MatrixXd Hf = (MatrixXd(q.asDiagonal()) - q * q.transpose()) / 7.0;
    GN += J.transpose() * Hf * J;
  }
  CHECK(mlp_gauss_newton_trace(p, X, Y, LossKind::cross_entropy) == Approx(GN.trace()).epsilon(1e-12));
  const MatrixXd H = to_dense(MlpLossHessian(p, X, Y, LossKind::cross_entropy));
  Rng rng(24);
  const Estimate e = mlp_hessian_trace(p, X, Y, LossKind::cross_entropy, 2000, rng);
  INFO("Hutchinson " << e.value << " +- " << e.std_error << ", exact " << H.trace());
  CHECK(std::abs(e.value - H.trace()) < 4.0 * e.std_error);
  const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(H);
  const VectorXd& l = eig.eigenvalues();
  const double top = std::abs(l(0)) > std::abs(l(l.size() - 1)) ? l(0) : l(l.size() - 1);
  Rng rng2(25);
  const PowerIterationResult r = mlp_hessian_max(p, X, Y, LossKind::cross_entropy, rng2, {1e-13, 20000});
  CHECK(r.converged);
  CHECK(r.value == Approx(top).epsilon(1e-8));
}

TEST_CASE("rnn sharpness: Gauss-Newton trace against J^T H J from differences, and = Tr H at zero residual", "[sharpness]") {
  for (CellKind cell : {CellKind::rate, CellKind::current, CellKind::ctrnn})
    for (bool bias : {true, false})
      for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
        const RnnShape s = rnn_shape(cell, bias);
        const RnnParameters p = random_parameters(s, 31);
        const Batch batch = batch_for(kind, 5, 3, 2, 3, 32);
        const MatrixXd J = rnn_output_jacobian_fd(p, batch);  // rows (t B + b) O + o
        Trajectory traj;
        forward(p, batch, traj);
        const double count = mask_count(batch);
        double want = 0.0;
        for (std::size_t t = 0; t < 5; ++t)
          for (std::size_t b = 0; b < 3; ++b) {
            const MatrixXd Jtb = J.middleRows(Eigen::Index((t * 3 + b) * 3), 3);
            MatrixXd Hf = MatrixXd::Identity(3, 3);
            if (kind == LossKind::cross_entropy) {
              const VectorXd y = step_block(traj.y, t).col(Eigen::Index(b));
              const VectorXd e = (y.array() - y.maxCoeff()).exp().matrix();
              const VectorXd q = e / e.sum();
              Hf = MatrixXd(q.asDiagonal()) - q * q.transpose();
            }
            want += batch.mask(t, b) / count * (Jtb.transpose() * Hf * Jtb).trace();
          }
        INFO(cell_name(cell) << " bias " << bias << " " << loss_name(kind));
        CHECK(rnn_gauss_newton_trace(p, batch, kind) == Approx(want).epsilon(1e-7));
        if (kind == LossKind::mse) {  // targets at the outputs: the Hessian is the Gauss-Newton matrix
          Batch zero = batch;
          zero.y = traj.y;
          const MatrixXd H = to_dense(RnnLossHessianOperator(std::make_shared<const LossHessian>(p, zero, kind)));
          CHECK(rnn_gauss_newton_trace(p, zero, kind) == Approx(H.trace()).epsilon(1e-12));
        }
      }
}

TEST_CASE("rnn sharpness: Hutchinson trace and leading eigenvalue over all parameters against dense", "[sharpness]") {
  const RnnShape s = rnn_shape(CellKind::rate, true);
  const RnnParameters p = random_parameters(s, 41);
  const Batch batch = batch_for(LossKind::cross_entropy, 6, 4, 2, 3, 42);
  const MatrixXd H =
      to_dense(RnnLossHessianOperator(std::make_shared<const LossHessian>(p, batch, LossKind::cross_entropy)));
  REQUIRE(H.rows() == s.parameter_count());
  CHECK((H - H.transpose()).norm() <= 1e-12 * H.norm());
  Rng rng(43);
  const Estimate e = rnn_hessian_trace(p, batch, LossKind::cross_entropy, 2000, rng);
  INFO("Hutchinson " << e.value << " +- " << e.std_error << ", exact " << H.trace());
  CHECK(std::abs(e.value - H.trace()) < 4.0 * e.std_error);
  const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(H);
  const VectorXd& l = eig.eigenvalues();
  const double top = std::abs(l(0)) > std::abs(l(l.size() - 1)) ? l(0) : l(l.size() - 1);
  Rng rng2(44);
  const PowerIterationResult r = rnn_hessian_max(p, batch, LossKind::cross_entropy, rng2, {1e-13, 20000});
  CHECK(r.converged);
  CHECK(r.value == Approx(top).epsilon(1e-8));
  CHECK_THROWS_WITH(RnnLossHessianOperator(nullptr), Catch::Contains("null"));
}
