#include "mlp/mlp_network.hpp"

#include <cmath>
#include <string>
#include <type_traits>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "mlp/silu.hpp"

namespace rnnbook {

namespace {

template <class Outputs>
void check_targets(const Outputs& F, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  if (F.rows() != Y.rows() || F.cols() != Y.cols())
    throw Error("mlp: targets are " + size_text(Y.rows(), Y.cols()) + ", outputs " + size_text(F.rows(), F.cols()));
  if (F.cols() == 0) throw Error("mlp: no points");
}

// softmax of one column, with the max taken out.
Eigen::VectorXd softmax(const Eigen::Ref<const Eigen::VectorXd>& f) {
  const Eigen::VectorXd e = (f.array() - f.maxCoeff()).unaryExpr(&portable::exp).matrix();
  return e / e.sum();
}

template <class S>
void forward_in(const BasicMlpParameters<S>& p, const Eigen::Ref<const Eigen::Matrix<S, -1, -1>>& X,
                BasicMlpActivations<S>& acts) {
  const MlpShape& s = p.shape();
  if (X.rows() != s.inputs)
    throw Error("mlp: points have " + std::to_string(X.rows()) + " coordinates, the network " +
                std::to_string(s.inputs) + " inputs");
  const int L = s.layers();
  acts.a.resize(std::size_t(L));
  acts.z.resize(std::size_t(L));
  acts.a[0] = X;
  for (int l = 0; l < L; ++l) {
    auto& z = acts.z[std::size_t(l)];
    z.noalias() = p.W(l) * acts.a[std::size_t(l)];
    z.colwise() += p.b(l);
    if (l + 1 < L) {
      acts.a[std::size_t(l) + 1].resize(z.rows(), z.cols());
      if constexpr (std::is_same_v<S, double>) {
        if (s.silu) {
          apply_silu(z, acts.a[std::size_t(l) + 1]);
          continue;
        }
      } else {
        if (s.silu) throw Error("mlp: SiLU layers train in float64 only");
      }
      apply_phi(s.activation, z, acts.a[std::size_t(l) + 1]);
    }
  }
}

// MSE: 1/2 ||f - y||^2 per point, the target rounded to S. Cross-entropy: in double from the outputs,
// dL/dF rounded to S once. float32: each point's loss is formed in double from the float residual and
// summed in double (a float sum over the points would lose digits the loss curve shows; SCIENCE.md 6.4).
template <class S>
double output_loss_in(const Eigen::Ref<const Eigen::Matrix<S, -1, -1>>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                      LossKind kind, Eigen::Matrix<S, -1, -1>* dF) {
  check_targets(F, Y);
  const double n = double(F.cols());
  double sum = 0.0;
  if (dF) dF->resize(F.rows(), F.cols());
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    if (kind == LossKind::mse) {
      const Eigen::Matrix<S, -1, 1> r = F.col(i) - Y.col(i).template cast<S>();
      sum += 0.5 * r.template cast<double>().squaredNorm();
      if (dF) dF->col(i) = r / S(n);
    } else {
      const auto f = F.col(i).template cast<double>();
      const double top = f.maxCoeff();
      const double lse = top + portable::log((f.array() - top).unaryExpr(&portable::exp).sum());
      sum -= (Y.col(i).array() * (f.array() - lse)).sum();
      if (dF) dF->col(i) = ((softmax(f) * Y.col(i).sum() - Y.col(i)) / n).template cast<S>();
    }
  }
  return sum / n;
}

template <class S>
void slope_in(Activation f, const BasicMlpActivations<S>& acts, int l, Eigen::Matrix<S, -1, -1>& out) {
  const auto& z = acts.z[std::size_t(l)];
  out.resize(z.rows(), z.cols());
  if (f == Activation::tanh) out = S(1) - acts.a[std::size_t(l) + 1].array().square();
  else apply_dphi(f, z, out);
}

template <class S>
void backward_in(const BasicMlpParameters<S>& p, const BasicMlpActivations<S>& acts,
                 const Eigen::Ref<const Eigen::Matrix<S, -1, -1>>& dF, BasicMlpParameters<S>& grad,
                 std::vector<Eigen::Matrix<S, -1, -1>>* deltas) {
  const MlpShape& s = p.shape();
  const int L = s.layers();
  if (grad.flat().size() != p.flat().size()) grad = BasicMlpParameters<S>(s);
  if (deltas) deltas->resize(std::size_t(L));
  Eigen::Matrix<S, -1, -1> delta = dF, dphi;  // dL/dz_l
  for (int l = L - 1; l >= 0; --l) {
    const auto& a = acts.a[std::size_t(l)];
    grad.W(l).noalias() = delta * a.transpose();
    grad.b(l) = delta.rowwise().sum();
    if (deltas) (*deltas)[std::size_t(l)] = delta;
    if (l == 0) break;
    if constexpr (std::is_same_v<S, double>) {
      if (s.silu) apply_silu_slope(acts.z[std::size_t(l) - 1], dphi);
      else slope_in(s.activation, acts, l - 1, dphi);
    } else {
      slope_in(s.activation, acts, l - 1, dphi);  // forward_in refuses SiLU in float
    }
    delta = (p.W(l).transpose() * delta).cwiseProduct(dphi);
  }
}

template <class S>
double loss_and_gradient_in(const BasicMlpParameters<S>& p, const Eigen::Ref<const Eigen::Matrix<S, -1, -1>>& X,
                            const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, BasicMlpActivations<S>& acts,
                            BasicMlpParameters<S>& grad) {
  forward_in<S>(p, X, acts);
  Eigen::Matrix<S, -1, -1> dF;
  const double loss = output_loss_in<S>(acts.output(), Y, kind, &dF);
  backward_in<S>(p, acts, dF, grad, nullptr);
  return loss;
}

}  // namespace

void mlp_forward(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X, MlpActivations& acts) {
  forward_in<double>(p, X, acts);
}

void mlp_forward(const FloatMlpParameters& p, const Eigen::Ref<const Eigen::MatrixXf>& X, FloatMlpActivations& acts) {
  forward_in<float>(p, X, acts);
}

double mlp_output_loss(const Eigen::Ref<const Eigen::MatrixXd>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       LossKind kind, Eigen::MatrixXd* dF) {
  return output_loss_in<double>(F, Y, kind, dF);
}

double mlp_output_loss(const Eigen::Ref<const Eigen::MatrixXf>& F, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       LossKind kind, Eigen::MatrixXf* dF) {
  return output_loss_in<float>(F, Y, kind, dF);
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

void mlp_slope(Activation f, const MlpActivations& acts, int l, Eigen::MatrixXd& out) { slope_in(f, acts, l, out); }

void mlp_slope(Activation f, const FloatMlpActivations& acts, int l, Eigen::MatrixXf& out) { slope_in(f, acts, l, out); }

void mlp_backward(const MlpParameters& p, const MlpActivations& acts, const Eigen::Ref<const Eigen::MatrixXd>& dF,
                  MlpParameters& grad, std::vector<Eigen::MatrixXd>* deltas) {
  backward_in<double>(p, acts, dF, grad, deltas);
}

void mlp_backward(const FloatMlpParameters& p, const FloatMlpActivations& acts,
                  const Eigen::Ref<const Eigen::MatrixXf>& dF, FloatMlpParameters& grad,
                  std::vector<Eigen::MatrixXf>* deltas) {
  backward_in<float>(p, acts, dF, grad, deltas);
}

double mlp_loss_and_gradient(const MlpParameters& p, const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, MlpActivations& acts,
                             MlpParameters& grad) {
  return loss_and_gradient_in<double>(p, X, Y, kind, acts, grad);
}

double mlp_loss_and_gradient(const FloatMlpParameters& p, const Eigen::Ref<const Eigen::MatrixXf>& X,
                             const Eigen::Ref<const Eigen::MatrixXd>& Y, LossKind kind, FloatMlpActivations& acts,
                             FloatMlpParameters& grad) {
  return loss_and_gradient_in<float>(p, X, Y, kind, acts, grad);
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
