#include "lowrank/gauge.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

LowRankNetwork apply_gauge(const LowRankNetwork& net, const Eigen::Ref<const Eigen::MatrixXd>& A) {
  if (A.rows() != net.rank() || A.cols() != net.rank())
    throw Error("gauge: A must be " + size_text(net.rank(), net.rank()) + ", got " + size_text(A.rows(), A.cols()));
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
  if (!lu.isInvertible()) throw Error("gauge: A must be invertible");
  LowRankNetwork out = net;
  out.M = net.M * A;
  out.N = net.N * lu.inverse().transpose();
  return out;
}

LowRankNetwork whiten(const LowRankNetwork& net) {
  const Eigen::MatrixXd C = net.M.transpose() * net.M / double(net.neurons());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(C);
  const Eigen::Index R = net.rank();
  if (!(eig.eigenvalues()(0) > 1e-14 * eig.eigenvalues()(R - 1)))
    throw Error("gauge: M is rank-deficient (its columns are linearly dependent)");
  Eigen::MatrixXd A(R, R);
  for (Eigen::Index r = 0; r < R; ++r) A.col(r) = eig.eigenvectors().col(R - 1 - r) / std::sqrt(eig.eigenvalues()(R - 1 - r));
  LowRankNetwork out = apply_gauge(net, A);
  for (Eigen::Index r = 0; r < R; ++r) {  // fix the sign left free by O(R)
    Eigen::Index at;
    out.M.col(r).cwiseAbs().maxCoeff(&at);
    if (out.M(at, r) < 0.0) {
      out.M.col(r) *= -1.0;
      out.N.col(r) *= -1.0;
    }
  }
  return out;
}

}  // namespace rnnbook
