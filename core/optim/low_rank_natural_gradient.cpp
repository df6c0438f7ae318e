#include "optim/low_rank_natural_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "ops/spectral.hpp"

namespace rnnbook {

LowRankNaturalGradient::LowRankNaturalGradient(Eigen::Index size, const LrngSettings& settings,
                                               const ParameterMask& mask)
    : s_(settings), trains_(Eigen::VectorXd::Ones(size)) {
  mask.check_size(size, "low-rank natural gradient");
  if (!mask.all()) {
    trains_.setZero();
    for (Eigen::Index i : mask.trained()) trains_(i) = 1.0;
  }
  const Eigen::Index trained = Eigen::Index(trains_.sum());
  if (s_.rank < 1 || s_.sketch_size() <= s_.rank || s_.sketch_size() > trained)
    throw Error("optimizer.rank: must satisfy 1 <= rank < sketch <= trained parameters (" +
                std::to_string(trained) + "); got rank " + std::to_string(s_.rank) + ", sketch " +
                std::to_string(s_.sketch_size()));
}

bool LowRankNaturalGradient::refresh_due(bool loss_rose, bool near_bifurcation) const {
  if (last_refresh_ < 0) return true;
  const std::int64_t since = k_ - last_refresh_;
  if (!s_.adaptive) return since >= s_.refresh;
  return loss_rose || near_bifurcation || since >= s_.adaptive_every;
}

// Randomized Nystrom approximation G ~ Y (Omega^T Y)^{-1} Y^T with Y = G Omega, in the numerically
// stable shifted form (Tropp, Yurtsever, Udell and Cevher 2017, Alg. 3). Warm-starting Omega from the
// previous eigenvectors makes successive refreshes a subspace iteration that tracks a drifting G.
void LowRankNaturalGradient::refresh(const LinearOperator& G, Rng& rng, const Eigen::VectorXd* gradient) {
  require_square(G, "low-rank natural gradient");
  const Eigen::Index n = trains_.size(), s = s_.sketch_size();
  if (G.rows() != n) throw Error("low-rank natural gradient: the operator has size " + std::to_string(G.rows()) +
                                 ", the parameters " + std::to_string(n));
  if (omega_.cols() != s) {
    Eigen::MatrixXd start = gaussian_matrix(n, s, rng);
    start.array().colwise() *= trains_.array();
    omega_ = orthonormal_basis(start);
  }
  if (gradient) {  // the warm start keeps the best s - 1 directions; the last is the gradient
    if (gradient->size() != n) throw Error("low-rank natural gradient: gradient has " + std::to_string(gradient->size()) +
                                           " entries, expected " + std::to_string(n));
    Eigen::MatrixXd mixed = omega_;
    mixed.col(s - 1) = gradient->cwiseProduct(trains_);
    if (mixed.col(s - 1).norm() > 0.0) {
      omega_ = orthonormal_basis(mixed);
      omega_.array().colwise() *= trains_.array();
    }
  }
  Eigen::MatrixXd Y(n, s);
  G.apply_block(omega_, Y);
  const double shift = std::numeric_limits<double>::epsilon() * std::max(Y.norm(), 1e-300);
  Y += shift * omega_;
  Eigen::MatrixXd core = omega_.transpose() * Y;
  core = 0.5 * (core + core.transpose()).eval();
  Eigen::LLT<Eigen::MatrixXd> llt(core);
  Eigen::MatrixXd U;
  Eigen::VectorXd lambda;
  if (llt.info() == Eigen::Success) {
    const Eigen::MatrixXd Bt = llt.matrixL().solve(Y.transpose());  // (Y L^{-T})^T
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(Bt.transpose(), Eigen::ComputeThinU);
    U = svd.matrixU();
    lambda = (svd.singularValues().array().square() - shift).max(0.0).matrix();
  } else {  // the sketch lost rank (e.g. G = 0 on it): Rayleigh-Ritz on Omega instead
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(core);
    U = omega_ * eig.eigenvectors().rowwise().reverse();
    lambda = (eig.eigenvalues().reverse().array() - shift).max(0.0).matrix();
  }
  // Re-orthonormalised against round-off; frozen rows are zero in exact arithmetic and set so exactly.
  omega_ = orthonormal_basis(U);
  omega_.array().colwise() *= trains_.array();
  V_ = omega_.leftCols(s_.rank);
  sigma2_ = lambda.head(s_.rank);
  rho_ = s_.damping > 0.0 ? s_.damping : std::max(lambda(s_.rank), s_.damping_min);
  last_refresh_ = k_;
  ++refreshes_;
}

Eigen::VectorXd LowRankNaturalGradient::precondition(const Eigen::VectorXd& grad) const {
  if (V_.cols() == 0) throw Error("low-rank natural gradient: step before the first refresh");
  if (grad.size() != trains_.size())
    throw Error("low-rank natural gradient: gradient has " + std::to_string(grad.size()) + " entries, expected " +
                std::to_string(trains_.size()));
  const Eigen::VectorXd g = grad.cwiseProduct(trains_);
  const Eigen::VectorXd c = V_.transpose() * g;
  const Eigen::VectorXd scale = (rho_ / (sigma2_.array() + rho_) - 1.0).matrix();
  return (g + V_ * c.cwiseProduct(scale)).cwiseProduct(trains_);
}

void LowRankNaturalGradient::step(Eigen::VectorXd& theta, const Eigen::VectorXd& grad) {
  if (theta.size() != trains_.size())
    throw Error("low-rank natural gradient: theta has " + std::to_string(theta.size()) + " entries, expected " +
                std::to_string(trains_.size()));
  theta -= s_.lr * precondition(grad);
  ++k_;
}

void LowRankNaturalGradient::set_state(const Eigen::MatrixXd& sketch_basis, const Eigen::MatrixXd& basis,
                                       const Eigen::VectorXd& curvature, double damping, std::int64_t steps,
                                       std::int64_t refreshes, std::int64_t last_refresh) {
  const Eigen::Index n = trains_.size();
  const bool fresh = last_refresh < 0;
  if (steps < 0 || refreshes < 0 || last_refresh > steps || (!fresh && (sketch_basis.rows() != n ||
      sketch_basis.cols() != s_.sketch_size() || basis.rows() != n || basis.cols() != s_.rank ||
      curvature.size() != s_.rank || !(damping > 0.0))))
    throw Error("low-rank natural gradient: saved state does not match rank " + std::to_string(s_.rank) +
                ", sketch " + std::to_string(s_.sketch_size()) + " and " + std::to_string(n) + " parameters");
  omega_ = fresh ? Eigen::MatrixXd() : sketch_basis;
  V_ = fresh ? Eigen::MatrixXd() : basis;
  sigma2_ = fresh ? Eigen::VectorXd() : curvature;
  rho_ = fresh ? 0.0 : damping;
  k_ = steps;
  refreshes_ = refreshes;
  last_refresh_ = last_refresh;
}

}  // namespace rnnbook
