#include "switching/concrete.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {
namespace {

void check_concrete_args(Eigen::Index a, Eigen::Index b, double tau, const char* who) {
  if (!(tau > 0.0) || !std::isfinite(tau))
    throw Error(std::string(who) + ": tau must be > 0 and finite, got " + std::to_string(tau));
  if (a != b || a < 1)
    throw Error(std::string(who) + ": sizes must agree and be >= 1, got " + std::to_string(a) + " and " +
                std::to_string(b));
}

// The top 53 bits plus one half: U in (0, 1) strictly, so both logarithms are finite.
double open_unit_uniform(Rng& rng) { return (double(rng.next_u64() >> 11) + 0.5) * 0x1.0p-53; }

}  // namespace

double draw_gumbel(Rng& rng) { return -portable::log(-portable::log(open_unit_uniform(rng))); }

void draw_gumbel(Rng& rng, double* out, Eigen::Index n) {
  for (Eigen::Index i = 0; i < n; ++i) out[i] = open_unit_uniform(rng);
  portable::log_each(out, out, n);
  for (Eigen::Index i = 0; i < n; ++i) out[i] = -out[i];
  portable::log_each(out, out, n);
  for (Eigen::Index i = 0; i < n; ++i) out[i] = -out[i];
}

double log_sum_exp(const Eigen::Ref<const Eigen::VectorXd>& a) {
  const double top = a.maxCoeff();
  if (top == -std::numeric_limits<double>::infinity()) return top;
  double sum = 0.0;
  for (Eigen::Index k = 0; k < a.size(); ++k) sum += portable::exp(a(k) - top);
  return top + portable::log(sum);
}

Eigen::VectorXd log_softmax(const Eigen::Ref<const Eigen::VectorXd>& a) {
  return a.array() - log_sum_exp(a);
}

Eigen::VectorXd concrete_log_sample(const Eigen::Ref<const Eigen::VectorXd>& logits,
                                    const Eigen::Ref<const Eigen::VectorXd>& gumbel, double tau) {
  check_concrete_args(logits.size(), gumbel.size(), tau, "concrete sample");
  return log_softmax((logits + gumbel) / tau);
}

double concrete_log_density(const Eigen::Ref<const Eigen::VectorXd>& log_z,
                            const Eigen::Ref<const Eigen::VectorXd>& logits, double tau) {
  // SCIENCE.md 12.1 (Maddison et al. 2017, eq. of the Concrete density).
  check_concrete_args(log_z.size(), logits.size(), tau, "concrete density");
  const double K = double(logits.size());
  const double norm = portable::lgamma(K) + (K - 1.0) * portable::log(tau);
  return norm + (logits - (tau + 1.0) * log_z).sum() - K * log_sum_exp(logits - tau * log_z);
}

double concrete_cdf_two_states(double s, double logit_1, double logit_2, double tau) {
  if (!(s > 0.0 && s < 1.0)) throw Error("concrete cdf: s must be in (0, 1), got " + std::to_string(s));
  if (!(tau > 0.0)) throw Error("concrete cdf: tau must be > 0, got " + std::to_string(tau));
  const double x = tau * portable::log(s / (1.0 - s)) - (logit_1 - logit_2);
  return x >= 0.0 ? 1.0 / (1.0 + portable::exp(-x)) : portable::exp(x) / (1.0 + portable::exp(x));
}

}  // namespace rnnbook
