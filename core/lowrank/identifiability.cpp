#include "lowrank/identifiability.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "linalg/svd.hpp"
#include "lowrank/excited_subspace.hpp"

namespace rnnbook {

namespace {

void check_same_neurons(const LowRankNetwork& a, const LowRankNetwork& b) {
  check_network(a, "J difference");
  check_network(b, "J difference");
  if (a.neurons() != b.neurons())
    throw Error("J difference: networks have " + std::to_string(a.neurons()) + " and " + std::to_string(b.neurons()) +
                " neurons");
}

// ||P Q^T||_F for N x k factors: with P = Q_P R_P, it is ||Q R_P^T||_F. R_P has min(N, k) rows: two
// rank-2 networks of 3 neurons give k = 4 > N (topRows(k) read past the 3 x 4 factor).
double factored_norm(const Eigen::MatrixXd& P, const Eigen::MatrixXd& Q) {
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(P);
  const Eigen::Index k = std::min(P.rows(), P.cols());
  const Eigen::MatrixXd R = qr.matrixQR().topRows(k).triangularView<Eigen::Upper>();
  return (Q * R.transpose()).norm();
}

}  // namespace

// J_a - J_b = [M_a, M_b] [N_a, -N_b]^T / N.
double j_difference(const LowRankNetwork& a, const LowRankNetwork& b) {
  check_same_neurons(a, b);
  Eigen::MatrixXd P(a.neurons(), a.rank() + b.rank()), Q(a.neurons(), a.rank() + b.rank());
  P << a.M, b.M;
  Q << a.N, -b.N;
  return factored_norm(P, Q) / double(a.neurons());
}

double j_norm(const LowRankNetwork& net) {
  check_network(net, "J norm");
  return factored_norm(net.M, net.N) / double(net.neurons());
}

double restricted_j_difference(const LowRankNetwork& a, const LowRankNetwork& b, const Eigen::Ref<const Eigen::MatrixXd>& U) {
  check_same_neurons(a, b);
  if (U.rows() != a.neurons()) throw Error("restricted J: directions must have " + std::to_string(a.neurons()) + " rows");
  return (a.M * (a.N.transpose() * U) - b.M * (b.N.transpose() * U)).norm() / double(a.neurons());
}

double restricted_j_norm(const LowRankNetwork& net, const Eigen::Ref<const Eigen::MatrixXd>& U) {
  check_network(net, "restricted J");
  if (U.rows() != net.neurons()) throw Error("restricted J: directions must have " + std::to_string(net.neurons()) + " rows");
  return (net.M * (net.N.transpose() * U)).norm() / double(net.neurons());
}

double max_principal_sine(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& B) {
  if (A.rows() != B.rows()) throw Error("principal angles: bases have " + std::to_string(A.rows()) + " and " +
                                        std::to_string(B.rows()) + " rows");
  const Eigen::MatrixXd QA = A.householderQr().householderQ() * Eigen::MatrixXd::Identity(A.rows(), A.cols());
  const Eigen::MatrixXd QB = B.householderQr().householderQ() * Eigen::MatrixXd::Identity(B.rows(), B.cols());
  return singular_values(project_off(QA, QB))(0);
}

double off_subspace_cosine(const Eigen::Ref<const Eigen::MatrixXd>& basis, const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  const Eigen::MatrixXd x = project_off(basis, X), y = project_off(basis, Y);
  const double scale = x.norm() * y.norm();
  if (scale >= std::numeric_limits<double>::min() && std::isfinite(scale)) return (x.array() * y.array()).sum() / scale;
  // Loadings near 1e-200 (students.init_sd): the squared norms underflow to 0; the cosine is scale-free.
  const Eigen::MatrixXd u = x / x.cwiseAbs().maxCoeff(), v = y / y.cwiseAbs().maxCoeff();
  return (u.array() * v.array()).sum() / (u.norm() * v.norm());
}

}  // namespace rnnbook
