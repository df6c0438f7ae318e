#include "dynamics/restricted_landscape.hpp"

#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"

namespace rnnbook {

namespace {

double masked_half_mse(const Eigen::Ref<const Eigen::MatrixXd>& y, const Batch& batch, std::size_t t, double count) {
  double sum = 0.0;
  const auto target = step_block(batch.y, t);
  for (Eigen::Index b = 0; b < y.cols(); ++b)
    sum += batch.mask(t, std::size_t(b)) * 0.5 * (y.col(b) - target.col(b)).squaredNorm();
  return sum / count;
}

}  // namespace

RestrictedLandscape restricted_landscape(const RnnParameters& p, const Batch& batch, const ParameterSelection& selection,
                                         const Eigen::VectorXd& v, double dmu_ds, const Eigen::VectorXd& left,
                                         const Eigen::VectorXd& right, const NormalFormFit& fit, double mu_span,
                                         int points) {
  const Eigen::Index N = p.shape().hidden;
  if (points < 2) throw Error("restricted landscape: points must be at least 2, got " + std::to_string(points));
  if (left.size() != N || right.size() != N)
    throw Error("restricted landscape: l and r must have " + std::to_string(N) + " entries");
  if (!(dmu_ds > 0.0) || !(mu_span > 0.0))
    throw Error("restricted landscape: dmu/ds and the span must be positive");
  const std::size_t T = batch.steps(), B = batch.trials();
  double count = 0.0;
  for (double m : batch.mask) count += m;
  if (count == 0.0) count = 1.0;
  const Eigen::VectorXd readout = p.C() * right;  // y ~ (C r) z along the critical mode

  RestrictedLandscape r;
  r.dmu_ds = dmu_ds;
  r.dmu = Eigen::VectorXd::LinSpaced(points, -mu_span, mu_span);
  r.kernel.resize(points);
  r.kernel_z.resize(points);
  r.loss.resize(points);
  r.nf_kernel.resize(points);
  r.nf_loss.resize(points);
  const Eigen::VectorXd direction = StateSpaceModel(p, batch, selection).embed(v);  // v in RnnParameters order
  for (int k = 0; k < points; ++k) {
    RnnParameters shifted = p;
    shifted.flat() += (r.dmu(k) / dmu_ds) * direction;
    const StateSpaceModel model(shifted, batch, selection);
    Eigen::VectorXd jv(model.state_dim());
    model.jvp(v, jv);
    r.kernel(k) = jv.squaredNorm();
    const Eigen::Map<const Eigen::MatrixXd> dh(jv.data(), N, Eigen::Index(T * B));
    r.kernel_z(k) = (left.transpose() * dh).squaredNorm();
    double loss = 0.0;
    for (std::size_t t = 0; t < T; ++t) loss += masked_half_mse(step_block(model.trajectory().y, t), batch, t, count);
    r.loss(k) = loss;

    // The fitted normal form at mu(s), from z_0 = 0 with its sensitivity dz/dmu (SCIENCE.md 4.1, dt = 1).
    const double mu = fit.mu + r.dmu(k);
    double kernel = 0.0, nf_loss = 0.0;
    for (std::size_t b = 0; b < B; ++b) {
      double z = 0.0, sens = 0.0;
      for (std::size_t t = 0; t < T; ++t) {
        const double x = batch.x(t, b, 0);  // the pitchfork task has one input
        sens = (1.0 + mu - 3.0 * fit.c * z * z) * sens + z;
        z = z + mu * z - fit.c * z * z * z + fit.beta * x;
        kernel += sens * sens;
        const Eigen::VectorXd y = readout * z;
        const auto target = step_block(batch.y, t).col(Eigen::Index(b));
        nf_loss += batch.mask(t, b) * 0.5 * (y - target).squaredNorm();
      }
    }
    r.nf_kernel(k) = dmu_ds * dmu_ds * kernel;
    r.nf_loss(k) = nf_loss / count;
    report_progress(double(k + 1) / double(points));
  }
  return r;
}

}  // namespace rnnbook
