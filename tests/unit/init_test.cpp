#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "linalg/svd.hpp"
#include "common/rng.hpp"
#include "rnn/init.hpp"

using namespace rnnbook;

namespace {

Eigen::MatrixXd gaussian(Eigen::Index rows, Eigen::Index cols, double sd, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd M(rows, cols);
  for (auto& v : M.reshaped()) v = rng.normal(0.0, sd);
  return M;
}

}  // namespace

TEST_CASE("low-rank init has rank exactly r and the Frobenius norm of W0 (SCIENCE.md U23)", "[init]") {
  const int N = 12;
  const Eigen::MatrixXd W0 = gaussian(N, N, 1.25 / std::sqrt(double(N)), 5);
  const int r = GENERATE(1, 3, 12);
  const Eigen::MatrixXd Wr = low_rank(W0, r);
  const Eigen::VectorXd sv = Eigen::JacobiSVD<Eigen::MatrixXd>(Wr).singularValues();
  INFO("r = " << r << ", singular values " << sv.transpose());
  CHECK(sv(r - 1) > 1e-6 * sv(0));  // rank at least r (this W0 has sigma_12 = 2.2e-3 sigma_1)
  for (int k = r; k < N; ++k) CHECK(sv(k) < 1e-10 * sv(0));  // and at most r
  CHECK(Wr.norm() == Approx(W0.norm()).epsilon(1e-13));

  SECTION("W_r = c W0 V_r V_r^T: W0 restricted to its top-r right singular vectors, rescaled") {
    // Independent check with the divide-and-conquer SVD.
    const Eigen::MatrixXd Vr = thin_svd(W0).V.leftCols(r);
    Eigen::MatrixXd P = W0 * Vr * Vr.transpose();
    P *= W0.norm() / P.norm();
    CHECK((Wr - P).norm() < 1e-12 * W0.norm());
  }
  SECTION("r = N returns W0 up to round-off") {
    if (r == N) CHECK((Wr - W0).norm() < 1e-13 * W0.norm());
  }
}

TEST_CASE("low-rank init rejects ranks outside [1, N]", "[init]") {
  const Eigen::MatrixXd W0 = gaussian(6, 6, 1.0, 2);
  CHECK_THROWS_WITH(low_rank(W0, 0), "rank: must be an integer in [1, 6], got 0");
  CHECK_THROWS_WITH(low_rank(W0, 7), "rank: must be an integer in [1, 6], got 7");
  CHECK_THROWS_WITH(low_rank(W0, -2), "rank: must be an integer in [1, 6], got -2");
  CHECK(low_rank(Eigen::MatrixXd::Zero(6, 6), 2).norm() == 0.0);  // no division by zero
}

TEST_CASE("plant_fixed_point makes d a fixed point of h = W tanh(h)", "[init]") {
  const int N = 10;
  const Eigen::MatrixXd W = gaussian(N, N, 1.5 / std::sqrt(double(N)), 8);
  const Eigen::VectorXd d = 2.0 * gaussian(N, 1, 1.0, 9);
  const Eigen::MatrixXd Wp = plant_fixed_point(W, d);
  const Eigen::VectorXd s = d.array().tanh().matrix();

  SECTION("W' tanh(d) = d") {
    const double err = (Wp * s - d).cwiseAbs().maxCoeff();
    INFO("max |W' tanh(d) - d| = " << err);
    CHECK(err < 1e-12);
    CHECK((W * s - d).norm() > 1.0);  // W itself did not have the fixed point
  }
  SECTION("W' v = W v for v orthogonal to tanh(d)") {
    Eigen::MatrixXd V = gaussian(N, 4, 1.0, 10);
    V -= s * (s.transpose() * V) / s.squaredNorm();
    CHECK((Wp * V - W * V).norm() < 1e-12 * (W * V).norm());
  }
  SECTION("the current cell with a planted fixed point stays there") {
    // h' = (1-a) h + a W' tanh(h) with h = d, a = 0.7, no input or bias.
    const Eigen::VectorXd h = 0.3 * d + 0.7 * (Wp * s);
    CHECK((h - d).norm() < 1e-12 * d.norm());
  }
  SECTION("bad arguments") {
    CHECK_THROWS_WITH(plant_fixed_point(W, Eigen::VectorXd::Zero(N)),
                      "fixed point: must be non-zero (tanh(d) = 0 has no direction)");
    CHECK_THROWS_WITH(plant_fixed_point(W, Eigen::VectorXd::Ones(3)), "fixed point: must have 10 entries (N), got 3");
    CHECK_THROWS_WITH(plant_fixed_point(W.leftCols(4), d), "W: must be square (N x N), got 10 x 4");
  }
}

TEST_CASE("set_block copies user matrices and names the expected shape on error", "[init]") {
  RnnShape shape{4, 2, 3, 1.0, CellKind::rate, Activation::tanh, true};
  RnnParameters p(shape);
  const Eigen::MatrixXd W = gaussian(4, 4, 1.0, 1), U = gaussian(4, 2, 1.0, 2), C = gaussian(3, 4, 1.0, 3);
  set_block(p, ParameterBlock::W, W);
  set_block(p, ParameterBlock::U, U);
  set_block(p, ParameterBlock::C, C);
  set_block(p, ParameterBlock::b, Eigen::VectorXd::Constant(4, 0.5));
  set_block(p, ParameterBlock::c, Eigen::VectorXd::Constant(3, -1.0));
  CHECK(Eigen::MatrixXd(p.W()) == W);
  CHECK(Eigen::MatrixXd(p.U()) == U);
  CHECK(Eigen::MatrixXd(p.C()) == C);
  CHECK(p.b()(3) == 0.5);
  CHECK(p.c()(2) == -1.0);
  CHECK_THROWS_WITH(set_block(p, ParameterBlock::W, gaussian(3, 4, 1.0, 4)),
                    "W: must be a 4 x 4 matrix (N x N), got 3 x 4");
  CHECK_THROWS_WITH(set_block(p, ParameterBlock::U, W), "U: must be a 4 x 2 matrix (N x I), got 4 x 4");
  CHECK_THROWS_WITH(set_block(p, ParameterBlock::C, W), "C: must be a 3 x 4 matrix (O x N), got 4 x 4");
  CHECK_THROWS_WITH(set_block(p, ParameterBlock::c, Eigen::VectorXd::Ones(4)),
                    "c: must be a 3 x 1 matrix (O x 1), got 4 x 1");
  Eigen::MatrixXd bad = W;
  bad(1, 2) = std::nan("");
  CHECK_THROWS_WITH(set_block(p, ParameterBlock::W, bad), "W: contains NaN or infinity");
  shape.bias = false;
  RnnParameters q(shape);
  CHECK_THROWS_WITH(set_block(q, ParameterBlock::b, Eigen::VectorXd::Ones(4)), "b: the network was built without a bias");
  SECTION("a low-rank recurrent matrix goes in through set_block") {
    set_block(p, ParameterBlock::W, low_rank(W, 2));
    CHECK(Eigen::JacobiSVD<Eigen::MatrixXd>(Eigen::MatrixXd(p.W())).singularValues()(2) < 1e-10 * W.norm());
  }
}
