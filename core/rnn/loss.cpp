#include "rnn/loss.hpp"

#include <cmath>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {

LossKind loss_from_name(const std::string& name) {
  if (name == "mse") return LossKind::mse;
  if (name == "cross_entropy") return LossKind::cross_entropy;
  throw Error("loss: must be one of \"mse\", \"cross_entropy\", got \"" + name + "\"");
}

const char* loss_name(LossKind kind) { return kind == LossKind::mse ? "mse" : "cross_entropy"; }

double mask_count(const Batch& batch) {
  double n = 0.0;
  for (double m : batch.mask) n += m;
  return n;
}

namespace {

// float64: every step in double. float32 (training in float32): y and dy are float, the target is
// rounded to float, and each trial's loss is computed in double from the float dy (then summed in
// double by the caller): a float sum of the loss over T x B terms would lose digits the loss curve shows.
// Cross-entropy works in double from the float readouts and rounds dL/dy to float once.
template <class Scalar>
void output_error_in(const Eigen::Ref<const Eigen::Matrix<Scalar, -1, -1>>& y, const Batch& batch, std::size_t t,
                     LossKind kind, double count, Eigen::Ref<Eigen::Matrix<Scalar, -1, -1>> dy, double* loss) {
  const auto target = step_block(batch.y, t);
  for (Eigen::Index b = 0; b < y.cols(); ++b) {
    const double m = batch.mask(t, std::size_t(b));
    if (kind == LossKind::mse) {
      dy.col(b) = y.col(b) - target.col(b).template cast<Scalar>();
      *loss += m * 0.5 * dy.col(b).template cast<double>().squaredNorm();
    } else {
      // log-sum-exp with the max taken out; for soft targets dl/dy = softmax(y) sum(y*) - y*.
      const auto yb = y.col(b).template cast<double>();
      const double top = yb.maxCoeff();
      const double lse = top + portable::log((yb.array() - top).unaryExpr(&portable::exp).sum());
      *loss += m * -(target.col(b).array() * (yb.array() - lse)).sum();
      dy.col(b) = ((yb.array() - lse).unaryExpr(&portable::exp).matrix() * target.col(b).sum() - target.col(b))
                      .template cast<Scalar>();
    }
    dy.col(b) *= Scalar(m / count);
  }
}

}  // namespace

void output_error(const Eigen::Ref<const Eigen::MatrixXd>& y, const Batch& batch, std::size_t t,
                  LossKind kind, double count, Eigen::Ref<Eigen::MatrixXd> dy, double* loss) {
  output_error_in<double>(y, batch, t, kind, count, dy, loss);
}

void output_error(const Eigen::Ref<const Eigen::MatrixXf>& y, const Batch& batch, std::size_t t,
                  LossKind kind, double count, Eigen::Ref<Eigen::MatrixXf> dy, double* loss) {
  output_error_in<float>(y, batch, t, kind, count, dy, loss);
}

double output_loss(const xt::xtensor<double, 3>& y, const Batch& batch, LossKind kind) {
  const double count = mask_count(batch);
  if (count == 0.0) return 0.0;
  const std::size_t T = y.shape()[0];
  Eigen::MatrixXd dy(Eigen::Index(y.shape()[2]), Eigen::Index(y.shape()[1]));
  double sum = 0.0;
  for (std::size_t t = 0; t < T; ++t) output_error(step_block(y, t), batch, t, kind, count, dy, &sum);
  return sum / count;
}

}  // namespace rnnbook
