#include "sampling/dsm.hpp"

#include <cmath>

#include "common/constants.hpp"
#include <sstream>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {


double NoiseSchedule::sigma(int n) const {
  return sigma_start * portable::pow(sigma_end / sigma_start, double(n) / double(levels));
}

void NoiseSchedule::validate(const std::string& field) const {
  const auto positive = [&](double v, const char* name) {
    if (!(v > 0.0) || !std::isfinite(v)) {
      std::ostringstream os;
      os << field << "." << name << ": must be a finite number > 0, got " << v;
      throw Error(os.str());
    }
  };
  positive(sigma_start, "sigma_start");
  positive(sigma_end, "sigma_end");
  if (levels < 1) throw Error(field + ".levels: must be an integer >= 1, got " + std::to_string(levels));
}

// SCIENCE.md 5.2: x~ = x + sigma eps, target (x - x~)/sigma^2 = -eps/sigma; r = s(x~) + eps/sigma,
// loss = |r|^2 / 2B, gradient = J^T r / B.
double dsm_loss(ScoreModel& model, const Eigen::Ref<const Eigen::MatrixXd>& x,
                const Eigen::Ref<const Eigen::MatrixXd>& eps, double sigma, Eigen::VectorXd* grad) {
  const double B = double(x.cols());
  Eigen::MatrixXd r(x.rows(), x.cols());
  model.forward(x + sigma * eps, r);
  r += eps / sigma;
  const double loss = 0.5 * r.squaredNorm() / B;
  if (grad) {
    grad->resize(model.parameters().size());
    model.backward(r / B, *grad);
  }
  return loss;
}

DsmTrainer::DsmTrainer(ScoreModel& model, Eigen::MatrixXd data, const DsmSettings& settings)
    : model_(model), data_(std::move(data)), s_(settings) {
  s_.noise.validate("training");
  if (data_.cols() < 1 || data_.rows() != model.dim())
    throw Error("training: the data must have " + std::to_string(model.dim()) + " coordinates and at least one sample");
  batch_.resize(data_.rows(), s_.batch_size);
  eps_.resize(data_.rows(), s_.batch_size);
}

int DsmTrainer::level() const {
  const std::int64_t coarse = (s_.noise.levels - 1) * s_.steps_per_level;
  if (k_ >= coarse) return s_.noise.levels - 1;
  return int(k_ / s_.steps_per_level);
}

double DsmTrainer::learning_rate() const {
  const int n = level();
  double lr = s_.adam.lr;
  if (s_.scale_lr) lr *= s_.noise.sigma(n) / s_.noise.sigma(0);
  if (s_.cosine) {
    const std::int64_t start = std::int64_t(n) * s_.steps_per_level;
    const std::int64_t length = n == s_.noise.levels - 1 ? s_.final_steps : s_.steps_per_level;
    lr *= 0.5 * (1.0 + portable::cos(kPi * double(k_ - start) / double(length)));
  }
  return lr;
}

double DsmTrainer::step(Rng& rng) {
  const int n = level();
  if (n != adam_level_) {  // SCIENCE.md 5.5: a fresh Adam at each level
    adam_ = std::make_unique<Adam>(model_.parameters().size(), s_.adam);
    adam_level_ = n;
  }
  const double count = double(data_.cols());
  for (Eigen::Index j = 0; j < batch_.cols(); ++j) batch_.col(j) = data_.col(Eigen::Index(rng.uniform() * count));
  for (Eigen::Index j = 0; j < eps_.cols(); ++j)
    for (Eigen::Index i = 0; i < eps_.rows(); ++i) eps_(i, j) = rng.normal();
  const double loss = dsm_loss(model_, batch_, eps_, s_.noise.sigma(n), &grad_);
  if (!std::isfinite(loss) || !grad_.allFinite()) return loss;
  adam_->set_learning_rate(learning_rate());
  adam_->step(model_.parameters(), grad_);
  ++k_;
  return loss;
}

}  // namespace rnnbook
