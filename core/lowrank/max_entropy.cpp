#include "lowrank/max_entropy.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linalg/svd.hpp"

namespace rnnbook {

LoadingFit fit_loadings(const TrialStates& x, Eigen::Index rank, double dt) {
  const Eigen::Index N = x.dim();
  if (rank < 1 || rank > N)
    throw Error("fit.rank: must be in [1, " + std::to_string(N) + "] (the number of neurons), got " + std::to_string(rank));
  if (x.steps < 1) throw Error("fit: activity needs at least 2 time points per trial");
  // Left singular vectors from X = R^T Q^T (QR of X^T) when there are more states than neurons.
  ThinSvd s;
  if (x.X.cols() > 2 * N) {
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(x.X.transpose());
    s = thin_svd(qr.matrixQR().topRows(N).triangularView<Eigen::Upper>().toDenseMatrix().transpose());
  } else {
    s = thin_svd(x.X);
  }
  if (s.s.size() < rank || !(s.s(rank - 1) > 1e-8 * s.s(0)))
    throw Error("fit.rank: the activity has rank < " + std::to_string(rank) +
                " (singular value " + std::to_string(rank) + " is below 1e-8 of the largest): lower the rank");
  LoadingFit f;
  f.spectrum = s.s;
  f.M = std::sqrt(double(N)) * s.U.leftCols(rank);
  for (Eigen::Index r = 0; r < rank; ++r) {  // sign convention: each column's largest entry positive
    Eigen::Index at;
    f.M.col(r).cwiseAbs().maxCoeff(&at);
    if (f.M(at, r) < 0.0) f.M.col(r) *= -1.0;
  }
  f.latents.trials = x.trials;
  f.latents.steps = x.steps;
  f.latents.X = f.M.transpose() * x.X / double(N);
  f.kappa.resize(rank, x.trials * x.steps);
  f.y.resize(rank, x.trials * x.steps);
  for (Eigen::Index b = 0; b < x.trials; ++b)
    for (Eigen::Index t = 0; t < x.steps; ++t) {
      const Eigen::Index c = b * x.steps + t;
      f.kappa.col(c) = f.latents.state(b, t);
      f.y.col(c) = (f.latents.state(b, t + 1) - f.latents.state(b, t)) / dt + f.latents.state(b, t);
    }
  return f;
}

Eigen::MatrixXd MaxEntropyMean::operator()(const Eigen::Ref<const Eigen::MatrixXd>& m) const {
  if (m.cols() != anchors.rows())
    throw Error("max-entropy mean: loadings have " + std::to_string(m.cols()) + " columns, the rank is " +
                std::to_string(anchors.rows()));
  Eigen::MatrixXd F = m * anchors;  // count x K
  apply_phi(phi, F, F);
  return F * lambda;
}

// SCIENCE.md 11.3 step 3: the constraints E[n phi(m . a_k)] = y_k read N^T F / N = Y^T; with n = F lambda
// (the minimum-norm solution lies in the span of the features, 11.2 I6) they become G lambda = Y.
MaxEntropyMean max_entropy_mean(const Eigen::Ref<const Eigen::MatrixXd>& M, const Eigen::Ref<const Eigen::MatrixXd>& kappa,
                                const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index anchors, Rng& rng,
                                double ridge_factor, Activation phi) {
  if (kappa.rows() != M.cols() || y.rows() != M.cols() || y.cols() != kappa.cols() || kappa.cols() < 1)
    throw Error("max-entropy mean: latents and inputs must be " + std::to_string(M.cols()) + " x P with P >= 1");
  if (anchors < 1) throw Error("fit.anchors: must be >= 1, got " + std::to_string(anchors));
  const Eigen::Index P = kappa.cols(), K = std::min(anchors, P);
  std::vector<Eigen::Index> pick(static_cast<std::size_t>(P));
  std::iota(pick.begin(), pick.end(), Eigen::Index(0));
  for (Eigen::Index k = 0; k < K; ++k) {  // partial Fisher-Yates: the first K are a uniform draw
    const Eigen::Index j = k + Eigen::Index(rng.uniform() * double(P - k));
    std::swap(pick[std::size_t(k)], pick[std::size_t(std::min(j, P - 1))]);
  }
  MaxEntropyMean g;
  g.phi = phi;
  g.anchors.resize(M.cols(), K);
  Eigen::MatrixXd Y(K, M.cols());
  for (Eigen::Index k = 0; k < K; ++k) {
    g.anchors.col(k) = kappa.col(pick[std::size_t(k)]);
    Y.row(k) = y.col(pick[std::size_t(k)]).transpose();
  }
  Eigen::MatrixXd F = M * g.anchors;
  apply_phi(phi, F, F);
  Eigen::MatrixXd G = F.transpose() * F / double(M.rows());
  g.ridge = ridge_factor * G.trace() / double(K);
  G.diagonal().array() += g.ridge;
  const Eigen::LLT<Eigen::MatrixXd> llt(G);
  if (llt.info() != Eigen::Success) throw Error("max-entropy mean: the anchor Gram matrix is not positive definite");
  g.lambda = llt.solve(Y);
  return g;
}

LowRankNetwork max_entropy_network(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g) {
  LowRankNetwork net;
  net.M = M;
  net.N = g(M);
  net.phi = g.phi;
  return net;
}

}  // namespace rnnbook
