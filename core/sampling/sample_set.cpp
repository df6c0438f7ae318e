#include "sampling/sample_set.hpp"

#include "common/error.hpp"

namespace rnnbook {

SampleSet::SampleSet(Eigen::MatrixXd samples, const std::string& field) : samples_(std::move(samples)) {
  if (samples_.rows() < 1 || samples_.cols() < 2)
    throw Error(field + ": must hold at least 2 samples of at least 1 coordinate");
  for (Eigen::Index j = 0; j < samples_.cols(); ++j)
    for (Eigen::Index i = 0; i < samples_.rows(); ++i)
      if (!std::isfinite(samples_(i, j)))
        throw Error(field + "[" + std::to_string(j) + "][" + std::to_string(i) + "]: must be a finite number");
}

Eigen::VectorXd SampleSet::log_density(const Eigen::Ref<const Eigen::MatrixXd>&) const {
  throw Error("target: user samples have no density");
}

void SampleSet::score(const Eigen::Ref<const Eigen::MatrixXd>&, Eigen::Ref<Eigen::MatrixXd>) const {
  throw Error("target: user samples have no score");
}

Eigen::MatrixXd SampleSet::sample(Eigen::Index n, Rng& rng) const {
  Eigen::MatrixXd x(dim(), n);
  const double count = double(samples_.cols());
  for (Eigen::Index j = 0; j < n; ++j) x.col(j) = samples_.col(Eigen::Index(rng.uniform() * count));
  return x;
}

}  // namespace rnnbook
