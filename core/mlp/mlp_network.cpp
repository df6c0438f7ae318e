#include "mlp/mlp_network.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "mlp/silu.hpp"

namespace rnnbook {

namespace {

void check_targets(const Eigen::Ref<const Eigen::MatrixXd>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  if (F.rows() != Y.rows() || F.cols() != Y.cols())
    throw Error("mlp: targets are " + size_text(Y.rows(), Y.cols()) + ", outputs " + size_text(F.rows(), F.cols()));
  if (F.cols() == 0) throw Error("mlp: no points");
}

// softmax of one column, with the max taken out.
Eigen::VectorXd softmax(const Eigen::Ref<const Eigen::VectorXd>& f) {
  const Eigen::VectorXd e = (f.array() - f.maxCoeff()).unaryExpr(&portable::exp).matrix();
  return e / e.sum();
}

}  // namespace

void mlp_forward(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X, MlpActivations& acts) {
  const MlpShape& s = p.shape();
  if (X.rows() != s.inputs)
    throw Error("mlp: points have " + std::to_string(X.rows()) + " coordinates, the network " +
                std::to_string(s.inputs) + " inputs");
  const int L = s.layers();
  acts.a.resize(std::size_t(L));
  acts.z.resize(std::size_t(L));
  acts.a[0] = X;
  for (int l = 0; l < L; ++l) {
    Eigen::MatrixXd& z = acts.z[std::size_t(l)];
    z.noalias() = p.W(l) * acts.a[std::size_t(l)];
    z.colwise() += p.b(l);
    if (l + 1 < L) {
      acts.a[std::size_t(l) + 1].resize(z.rows(), z.cols());
      if (s.silu) apply_silu(z, acts.a[std::size_t(l) + 1]);
      else apply_phi(s.activation, z, acts.a[std::size_t(l) + 1]);
    }
  }
}

double mlp_output_loss(const Eigen::Ref<const Eigen::MatrixXd>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       LossKind kind, Eigen::MatrixXd* dF) {
  check_targets(F, Y);
  const double n = double(F.cols());
  double sum = 0.0;
  if (dF) dF->resize(F.rows(), F.cols());
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    if (kind == LossKind::mse) {
      const Eigen::VectorXd r = F.col(i) - Y.col(i);
      sum += 0.5 * r.squaredNorm();
      if (dF) dF->col(i) = r / n;
    } else {
      const double top = F.col(i).maxCoeff();
      const double lse = top + portable::log((F.col(i).array() - top).unaryExpr(&portable::exp).sum());
      sum -= (Y.col(i).array() * (F.col(i).array() - lse)).sum();
      if (dF) dF->col(i) = (softmax(F.col(i)) * Y.col(i).sum() - Y.col(i)) / n;
    }
  }
  return sum / n;
}

Eigen::MatrixXd mlp_output_hessian_apply(const Eigen::Ref<const Eigen::MatrixXd>& F,
                                         const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind,
                                         const Eigen::Ref<const Eigen::MatrixXd>& R) {
  check_targets(F, Y);
  const double n = double(F.cols());
  if (kind == LossKind::mse) return R / n;
  Eigen::MatrixXd out(R.rows(), R.cols());
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    const Eigen::VectorXd q = softmax(F.col(i));
    out.col(i) = (Y.col(i).sum() / n) * (q.cwiseProduct(R.col(i)) - q * q.dot(R.col(i)));
  }
  return out;
}

void mlp_slope(Activation f, const MlpActivations& acts, int l, Eigen::MatrixXd& out) {
  const Eigen::MatrixXd& z = acts.z[std::size_t(l)];
  out.resize(z.rows(), z.cols());
  if (f == Activation::tanh) out = 1.0 - acts.a[std::size_t(l) + 1].array().square();
  else apply_dphi(f, z, out);
}

void mlp_backward(const MlpParameters& p, const MlpActivations& acts, const Eigen::Ref<const Eigen::MatrixXd>& dF,
                  MlpParameters& grad, std::vector<Eigen::MatrixXd>* deltas) {
  const MlpShape& s = p.shape();
  const int L = s.layers();
  if (grad.flat().size() != p.flat().size()) grad = MlpParameters(s);
  if (deltas) deltas->resize(std::size_t(L));
  Eigen::MatrixXd delta = dF, dphi;  // dL/dz_l
  for (int l = L - 1; l >= 0; --l) {
    const Eigen::MatrixXd& a = acts.a[std::size_t(l)];
    grad.W(l).noalias() = delta * a.transpose();
    grad.b(l) = delta.rowwise().sum();
    if (deltas) (*deltas)[std::size_t(l)] = delta;
    if (l == 0) break;
    if (s.silu) apply_silu_slope(acts.z[std::size_t(l) - 1], dphi);
    else mlp_slope(s.activation, acts, l - 1, dphi);
    delta = (p.W(l).transpose() * delta).cwiseProduct(dphi);
  }
}

double mlp_loss_and_gradient(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, MlpActivations& acts,
                             MlpParameters& grad) {
  mlp_forward(p, X, acts);
  Eigen::MatrixXd dF;
  const double loss = mlp_output_loss(acts.output(), Y, kind, &dF);
  mlp_backward(p, acts, dF, grad);
  return loss;
}

double mlp_accuracy(const Eigen::Ref<const Eigen::MatrixXd>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  check_targets(F, Y);
  double hits = 0;
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    Eigen::Index guess, truth;
    F.col(i).maxCoeff(&guess);
    Y.col(i).maxCoeff(&truth);
    hits += guess == truth;
  }
  return hits / double(F.cols());
}

}  // namespace rnnbook
