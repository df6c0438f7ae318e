// The MLP of SCIENCE.md 6.4: backprop gradients, input and layer Jacobians (forward and reverse mode),
// output-gradient Grams and exact Hessian-vector products, each against central finite differences
// or an independent computation; Gaussian-cluster data.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/error.hpp"
#include "mlp/cluster_data.hpp"
#include "mlp/mlp_hessian.hpp"
#include "mlp/mlp_jacobian.hpp"
#include "random_mlp.hpp"

using namespace rnnbook;
using namespace rnnbook::testing;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

double loss_at(const MlpParameters& p, const MatrixXd& X, const MatrixXd& Y, LossKind kind) {
  MlpActivations acts;
  mlp_forward(p, X, acts);
  return mlp_output_loss(acts.output(), Y, kind);
}

VectorXd gradient_at(const MlpParameters& p, const MatrixXd& X, const MatrixXd& Y, LossKind kind) {
  MlpActivations acts;
  MlpParameters g(p.shape());
  mlp_loss_and_gradient(p, X, Y, kind, acts, g);
  return g.flat();
}

// The network from layer l on, applied to a_l (fan_in(l) x n).
MatrixXd run_from(const MlpParameters& p, int l, const MatrixXd& a) {
  const MlpShape& s = p.shape();
  MatrixXd h = a;
  for (int m = l; m < s.layers(); ++m) {
    MatrixXd z = p.W(m) * h;
    z.colwise() += p.b(m);
    if (m + 1 < s.layers()) {
      h.resize(z.rows(), z.cols());
      apply_phi(s.activation, z, h);
    } else {
      h = z;
    }
  }
  return h;
}

// d f / d a_l at one point by central differences.
MatrixXd fd_jacobian(const MlpParameters& p, int l, const VectorXd& a, double eps = 1e-6) {
  MatrixXd J(p.shape().outputs, a.size());
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    VectorXd up = a, down = a;
    up(j) += eps;
    down(j) -= eps;
    J.col(j) = (run_from(p, l, up) - run_from(p, l, down)) / (2 * eps);
  }
  return J;
}

const std::vector<MlpShape>& shapes() {
  static const std::vector<MlpShape> all = {
      mlp_shape(4, {}, 3, Activation::tanh),          mlp_shape(4, {6}, 3, Activation::tanh),
      mlp_shape(5, {7, 6, 4}, 3, Activation::tanh),   mlp_shape(5, {7, 6}, 4, Activation::relu),
      mlp_shape(3, {5, 5, 5}, 2, Activation::softplus)};
  return all;
}

}  // namespace

TEST_CASE("mlp: shape, parameter layout and initialisation", "[mlp]") {
  const MlpShape s = mlp_shape(3, {5, 4}, 2, Activation::tanh);
  CHECK(s.layers() == 3);
  CHECK(s.parameter_count() == 5 * 4 + 4 * 6 + 2 * 5);
  MlpParameters p(s);
  p.flat().setLinSpaced(p.flat().size(), 0.0, double(p.flat().size() - 1));
  CHECK(p.W(0)(0, 0) == 0.0);
  CHECK(p.W(0)(1, 0) == 1.0);  // column-major
  CHECK(p.b(0)(0) == 15.0);
  CHECK(p.W(1)(0, 0) == 20.0);
  CHECK(p.b(2)(1) == double(p.flat().size() - 1));
  SECTION("N(0, 1/fan_in) weights and zero biases") {
    const MlpShape wide = mlp_shape(400, {300}, 200, Activation::tanh);
    Rng rng(5);
    const MlpParameters q = mlp_init(wide, rng);
    CHECK(q.W(0).squaredNorm() / double(q.W(0).size()) == Approx(1.0 / 400).epsilon(0.02));
    CHECK(q.W(1).squaredNorm() / double(q.W(1).size()) == Approx(1.0 / 300).epsilon(0.02));
    CHECK(q.b(0).norm() == 0.0);
    CHECK(q.b(1).norm() == 0.0);
  }
  SECTION("bad shapes") {
    CHECK_THROWS_WITH(MlpParameters(mlp_shape(0, {3}, 2, Activation::tanh)), Catch::Contains("inputs must be >= 1"));
    CHECK_THROWS_WITH(MlpParameters(mlp_shape(2, {3, 0}, 2, Activation::tanh)), Catch::Contains("hidden[1]"));
  }
}

TEST_CASE("mlp: the forward pass and losses by hand on a one-layer net", "[mlp]") {
  MlpParameters p(mlp_shape(2, {2}, 2, Activation::tanh));
  p.W(0) << 1, 2, -1, 0.5;
  p.b(0) << 0.1, -0.2;
  p.W(1) << 1, -1, 0.5, 2;
  p.b(1) << 0.3, 0.0;
  MatrixXd X(2, 1);
  X << 0.4, -0.3;
  MlpActivations acts;
  mlp_forward(p, X, acts);
  const VectorXd h = (p.W(0) * X.col(0) + p.b(0)).array().tanh().matrix();
  const VectorXd f = p.W(1) * h + p.b(1);
  CHECK((acts.output().col(0) - f).norm() < 1e-15);
  MatrixXd Y(2, 1);
  Y << 1.0, 0.0;
  CHECK(mlp_output_loss(acts.output(), Y, LossKind::mse) == Approx(0.5 * (f - Y.col(0)).squaredNorm()));
  const double lse = std::log(std::exp(f(0)) + std::exp(f(1)));
  CHECK(mlp_output_loss(acts.output(), Y, LossKind::cross_entropy) == Approx(lse - f(0)));
  CHECK(mlp_accuracy(acts.output(), Y) == (f(0) > f(1) ? 1.0 : 0.0));
  CHECK_THROWS_WITH(mlp_output_loss(acts.output(), MatrixXd::Zero(3, 1), LossKind::mse),
                    Catch::Contains("targets are 3 x 1, outputs 2 x 1"));
  CHECK_THROWS_WITH(mlp_forward(p, MatrixXd::Zero(3, 2), acts), Catch::Contains("3 coordinates, the network 2 inputs"));
}

TEST_CASE("mlp: backprop gradient equals central differences (MSE and CE, every activation)", "[mlp]") {
  for (const MlpShape& s : shapes())
    for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
      const MlpParameters p = random_mlp(s, 11);
      const MatrixXd X = random_points(s.inputs, 7, 12);
      const MatrixXd Y = random_targets(s.outputs, 7, kind == LossKind::cross_entropy, 13);
      const VectorXd g = gradient_at(p, X, Y, kind);
      VectorXd fd(g.size());
      const double eps = 1e-6;
      for (Eigen::Index j = 0; j < g.size(); ++j) {
        MlpParameters up = p, down = p;
        up.flat()(j) += eps;
        down.flat()(j) -= eps;
        fd(j) = (loss_at(up, X, Y, kind) - loss_at(down, X, Y, kind)) / (2 * eps);
      }
      INFO(s.layers() << " layers, " << activation_name(s.activation) << ", " << loss_name(kind));
      CHECK((g - fd).norm() / fd.norm() < 1e-7);
    }
}

TEST_CASE("mlp: input Jacobians by forward and reverse mode agree with each other and with differences", "[mlp]") {
  for (const MlpShape& s : shapes()) {
    const MlpParameters p = random_mlp(s, 21);
    const MatrixXd X = random_points(s.inputs, 4, 22);
    MlpActivations acts;
    mlp_forward(p, X, acts);
    for (Eigen::Index i = 0; i < X.cols(); ++i) {
      const MatrixXd Jf = mlp_input_jacobian_forward(p, acts, i);
      const MatrixXd Jr = mlp_input_jacobian_reverse(p, acts, i);
      const MatrixXd fd = fd_jacobian(p, 0, X.col(i));
      INFO(s.layers() << " layers, " << activation_name(s.activation) << ", point " << i);
      REQUIRE(Jf.rows() == s.outputs);
      REQUIRE(Jf.cols() == s.inputs);
      CHECK((Jf - Jr).norm() <= 1e-13 * Jr.norm());
      CHECK((Jr - fd).norm() <= 1e-7 * fd.norm());
    }
    CHECK_THROWS_WITH(mlp_layer_jacobians(p, acts, 4), Catch::Contains("point 4 out of range [0, 4)"));
  }
}

TEST_CASE("mlp: layer Jacobians df/da_l and df/dz_l against differences of the rest of the network", "[mlp]") {
  for (const MlpShape& s : shapes()) {
    const MlpParameters p = random_mlp(s, 31);
    const MatrixXd X = random_points(s.inputs, 3, 32);
    MlpActivations acts;
    mlp_forward(p, X, acts);
    const MlpLayerJacobians j = mlp_layer_jacobians(p, acts, 2);
    REQUIRE(int(j.input.size()) == s.layers());
    CHECK((j.pre.back() - MatrixXd::Identity(s.outputs, s.outputs)).norm() == 0.0);
    CHECK((j.input[0] - mlp_input_jacobian_reverse(p, acts, 2)).norm() <= 1e-14 * j.input[0].norm());
    for (int l = 0; l < s.layers(); ++l) {
      const MatrixXd fd = fd_jacobian(p, l, acts.a[std::size_t(l)].col(2));
      INFO("layer " << l << " of " << s.layers() << ", " << activation_name(s.activation));
      CHECK((j.input[std::size_t(l)] - fd).norm() <= 1e-7 * fd.norm());
      // df/da_l = (df/dz_l) W_l.
      CHECK((j.pre[std::size_t(l)] * p.W(l) - j.input[std::size_t(l)]).norm() <= 1e-14 * fd.norm());
    }
  }
}

TEST_CASE("mlp: the output-gradient Gram equals inner products of per-output parameter gradients", "[mlp]") {
  for (const MlpShape& s : shapes()) {
    const MlpParameters p = random_mlp(s, 41);
    const MatrixXd X = random_points(s.inputs, 3, 42);
    MlpActivations acts;
    mlp_forward(p, X, acts);
    const Eigen::Index i = 1;
    const MatrixXd G = output_parameter_gradients(p, acts, i);
    const MatrixXd K = mlp_output_gradient_gram(acts, mlp_layer_jacobians(p, acts, i), i);
    const MatrixXd want = G.transpose() * G;
    INFO(s.layers() << " layers, " << activation_name(s.activation));
    CHECK((K - want).norm() <= 1e-13 * want.norm());
  }
}

TEST_CASE("mlp: exact Hessian-vector products equal differences of gradients and are symmetric", "[mlp]") {
  for (const MlpShape& s : shapes())
    for (LossKind kind : {LossKind::mse, LossKind::cross_entropy}) {
      const MlpParameters p = random_mlp(s, 51);
      const MatrixXd X = random_points(s.inputs, 6, 52);
      const MatrixXd Y = random_targets(s.outputs, 6, kind == LossKind::cross_entropy, 53);
      const MlpLossHessian H(p, X, Y, kind);
      CHECK(H.loss() == loss_at(p, X, Y, kind));
      CHECK((H.gradient().flat() - gradient_at(p, X, Y, kind)).norm() == 0.0);
      const VectorXd u = random_points(int(s.parameter_count()), 1, 54).col(0);
      const VectorXd v = random_points(int(s.parameter_count()), 1, 55).col(0);
      VectorXd Hv(v.size()), Hu(u.size());
      H.apply(v, Hv);
      H.apply(u, Hu);
      const double eps = 1e-5;
      MlpParameters up = p, down = p;
      up.flat() += eps * v;
      down.flat() -= eps * v;
      const VectorXd fd = (gradient_at(up, X, Y, kind) - gradient_at(down, X, Y, kind)) / (2 * eps);
      INFO(s.layers() << " layers, " << activation_name(s.activation) << ", " << loss_name(kind));
      // relu: phi'' = 0 away from the kinks, which no difference of size eps crosses here.
      CHECK((Hv - fd).norm() / fd.norm() < 1e-6);
      CHECK(std::abs(u.dot(Hv) - v.dot(Hu)) <= 1e-12 * u.norm() * Hv.norm());
    }
  SECTION("vectors of the wrong size") {
    const MlpShape s = mlp_shape(2, {3}, 2, Activation::tanh);
    const MlpLossHessian H(random_mlp(s, 1), random_points(2, 3, 2), random_targets(2, 3, false, 3), LossKind::mse);
    VectorXd out(4);
    CHECK_THROWS_WITH(H.apply(VectorXd::Zero(4), out), Catch::Contains("must have 17 entries"));
  }
}

TEST_CASE("clusters: seeded, balanced, one-hot, with the stated centres, noise and scale", "[mlp]") {
  ClusterSettings cs;
  cs.classes = 4;
  cs.dim = 3;
  cs.noise = 0.5;
  cs.scale = 2.0;
  Rng r1(7), r2(7);
  const GaussianClusters a(cs, r1), b(cs, r2);
  CHECK((a.centres() - b.centres()).norm() == 0.0);
  const LabelledPoints p = a.sample(40000, r1);
  REQUIRE(p.x.rows() == 3);
  REQUIRE(p.y.rows() == 4);
  CHECK((p.y.colwise().sum().array() == 1.0).all());
  for (int k = 0; k < 4; ++k) {
    CHECK(p.y.row(k).sum() == 10000.0);
    // Class k: mean s c_k, per-coordinate sd s sigma.
    MatrixXd in(3, 10000);
    for (int i = 0; i < 10000; ++i) in.col(i) = p.x.col(4 * i + k);
    const VectorXd mean = in.rowwise().mean();
    CHECK((mean - 2.0 * a.centres().col(k)).norm() < 0.05);
    const double var = (in.colwise() - mean).squaredNorm() / (3.0 * 9999.0);
    CHECK(std::sqrt(var) == Approx(1.0).epsilon(0.02));
  }
  CHECK(p.head(10).points() == 10);
  CHECK((p.head(10).x - p.x.leftCols(10)).norm() == 0.0);
  cs.classes = 0;
  CHECK_THROWS_WITH(GaussianClusters(cs, r1), Catch::Contains("classes must be >= 1"));
}
