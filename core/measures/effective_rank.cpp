#include "measures/effective_rank.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "linalg/svd.hpp"
#include "ops/trace.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// Relative size below which a negative eigenvalue is taken as round-off (eigensolvers give ~n eps ||A||).
constexpr double kNegativeTolerance = 1e-10;

// Validates a spectrum and returns it with round-off negatives set to 0.
VectorXd clean_spectrum(const Eigen::Ref<const VectorXd>& spectrum, const char* who) {
  if (spectrum.size() == 0) throw Error(std::string(who) + ": spectrum must not be empty");
  for (Index i = 0; i < spectrum.size(); ++i)
    if (!std::isfinite(spectrum(i)))
      throw Error(std::string(who) + ": spectrum[" + std::to_string(i) + "] must be finite, got " +
                  std::to_string(spectrum(i)));
  const double scale = spectrum.cwiseAbs().maxCoeff();
  for (Index i = 0; i < spectrum.size(); ++i)
    if (spectrum(i) < -kNegativeTolerance * scale)
      throw Error(std::string(who) + ": spectrum[" + std::to_string(i) + "] = " + std::to_string(spectrum(i)) +
                  " is negative; allowed >= -1e-10 * max|spectrum| (round-off, clamped to 0)");
  VectorXd out = spectrum.cwiseMax(0.0);
  if (!(out.sum() > 0.0)) throw Error(std::string(who) + ": spectrum must have a positive entry (all zero)");
  return out;
}

double pr(const VectorXd& l) {
  const double s = l.sum();
  return s * s / l.squaredNorm();
}

double erank(const VectorXd& l) {
  const VectorXd p = l / l.sum();
  double h = 0.0;
  for (Index i = 0; i < p.size(); ++i)
    if (p(i) > 0.0) h -= p(i) * portable::log(p(i));
  return portable::exp(h);
}

std::int64_t r_fraction(VectorXd l, double fraction) {
  std::sort(l.data(), l.data() + l.size(), std::greater<double>());
  const double goal = fraction * l.sum();
  double acc = 0.0;
  for (Index k = 0; k < l.size(); ++k) {
    acc += l(k);
    // The relative slack absorbs summation round-off when fraction = 1.
    if (acc >= goal * (1.0 - 1e-12)) return std::int64_t(k) + 1;
  }
  return std::int64_t(l.size());
}

void check_fraction(double fraction, const char* who) {
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw Error(std::string(who) + ": fraction must be in (0, 1], got " + std::to_string(fraction));
}

}  // namespace

// SCIENCE.md notation / 6.1: PR(lambda) = (sum lambda)^2 / sum lambda^2.
double participation_ratio(const Eigen::Ref<const VectorXd>& spectrum) {
  return pr(clean_spectrum(spectrum, "participation_ratio"));
}

// SCIENCE.md 2.4: erank = exp(-sum p ln p), p = lambda / sum lambda (Roy & Vetterli 2007).
double entropy_effective_rank(const Eigen::Ref<const VectorXd>& spectrum) {
  return erank(clean_spectrum(spectrum, "entropy_effective_rank"));
}

// SCIENCE.md 2.4: r_95 = min{k : sum_{i<=k} lambda_(i) >= 0.95 sum lambda}, lambda sorted descending.
std::int64_t threshold_count(const Eigen::Ref<const VectorXd>& spectrum, double fraction) {
  check_fraction(fraction, "threshold_count");
  return r_fraction(clean_spectrum(spectrum, "threshold_count"), fraction);
}

// SCIENCE.md 6.5: PR_sigma = (sum sigma^2)^2 / sum sigma^4 and erank of p = sigma / sum sigma.
double effective_rank(const Eigen::Ref<const MatrixXd>& M, RankMeasure measure) {
  if (M.size() == 0) throw Error("effective_rank: M must not be empty");
  if (!M.allFinite()) throw Error("effective_rank: M must be finite");
  const VectorXd sigma = singular_values(M);
  if (!(sigma.sum() > 0.0)) throw Error("effective_rank: M must be non-zero");
  switch (measure) {
    case RankMeasure::entropy: return erank(sigma);
    case RankMeasure::threshold95: return double(r_fraction(sigma.array().square().matrix(), 0.95));
    case RankMeasure::participation: break;
  }
  return pr(sigma.array().square().matrix());
}

// U17: for symmetric C, sum lambda = tr C and sum lambda^2 = ||C||_F^2.
double participation_ratio_psd(const Eigen::Ref<const MatrixXd>& C) {
  if (C.rows() != C.cols() || C.size() == 0)
    throw Error("participation_ratio_psd: C must be square and non-empty, got " + std::to_string(C.rows()) +
                " x " + std::to_string(C.cols()));
  if (!C.allFinite()) throw Error("participation_ratio_psd: C must be finite");
  const double f2 = C.squaredNorm();
  if (!(f2 > 0.0)) throw Error("participation_ratio_psd: C must be non-zero");
  if ((C - C.transpose()).norm() > 1e-10 * std::sqrt(f2))
    throw Error("participation_ratio_psd: C must be symmetric (||C - C^T||_F <= 1e-10 ||C||_F)");
  const double tr = C.trace();
  if (tr < -kNegativeTolerance * std::sqrt(f2))
    throw Error("participation_ratio_psd: C must be PSD, but its trace is " + std::to_string(tr));
  return tr * tr / f2;
}

// SCIENCE.md 6.5: KA = <K1, K2>_F / (||K1||_F ||K2||_F).
double kernel_alignment(const Eigen::Ref<const MatrixXd>& K1, const Eigen::Ref<const MatrixXd>& K2) {
  if (K1.rows() != K2.rows() || K1.cols() != K2.cols())
    throw Error("kernel_alignment: K1 and K2 must have the same shape, got " + std::to_string(K1.rows()) + " x " +
                std::to_string(K1.cols()) + " and " + std::to_string(K2.rows()) + " x " +
                std::to_string(K2.cols()));
  if (!(K1.norm() > 0.0)) throw Error("kernel_alignment: K1 must be non-zero");
  if (!(K2.norm() > 0.0)) throw Error("kernel_alignment: K2 must be non-zero");
  return frobenius_cosine(K1, K2);
}

}  // namespace rnnbook
