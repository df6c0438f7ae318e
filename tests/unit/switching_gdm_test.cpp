// The Gumbel Dynamical Model's pieces against independent references (SCIENCE.md 12.8): the Concrete
// density (U34), Gumbel-max (U35), the ELBO gradient against central differences with fixed noise
// (U36) and against forward-mode AD of a plain re-implementation of the objective (U37), and the
// K = 1 limit (U38); the same checks with the posterior that also sees the increment y_t - y_{t-1}.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "switching/concrete.hpp"
#include "switching/gdm_elbo.hpp"
#include "switching/gdm_inference.hpp"
#include "switching/gdm_parameters.hpp"
#include "switching/gdm_posterior_input.hpp"

using namespace rnnbook;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace switching_gdm_test {

// The Concrete density written as Maddison et al. write it: (K-1)! tau^(K-1) prod_k (alpha_k
// z_k^(-tau-1)) / (sum_k alpha_k z_k^(-tau))^K, in long double with the standard library.
double reference_concrete_log_density(const VectorXd& z, const VectorXd& logits, double tau) {
  const Index K = z.size();
  long double num = std::tgamma((long double)K) * std::pow((long double)tau, (long double)(K - 1)), den = 0;
  for (Index k = 0; k < K; ++k) {
    const long double a = std::exp((long double)logits(k));
    num *= a * std::pow((long double)z(k), -(long double)tau - 1.0L);
    den += a * std::pow((long double)z(k), -(long double)tau);
  }
  return double(std::log(num) - (long double)K * std::log(den));
}

// Composite Simpson's rule of f over [a, b] with n (even) intervals.
double simpson(const std::function<double(double)>& f, double a, double b, int n) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return s * h / 3.0;
}

// The K = 2 density of w = logit(z_1), from the density of z_1 on the simplex: p(z(w)) z_1 z_2.
double two_state_density_of_logit(double w, double l1, double l2, double tau) {
  VectorXd log_z(2), logits(2);
  log_z << -std::log1p(std::exp(-w)), -std::log1p(std::exp(w));
  logits << l1, l2;
  return std::exp(concrete_log_density(log_z, logits, tau) + log_z.sum());
}

// A forward-mode dual number: value and one directional derivative.
struct Dual {
  double v = 0, d = 0;
  Dual() = default;
  Dual(double value, double der = 0) : v(value), d(der) {}  // NOLINT: constants convert
};
Dual operator+(Dual a, Dual b) { return {a.v + b.v, a.d + b.d}; }
Dual operator-(Dual a, Dual b) { return {a.v - b.v, a.d - b.d}; }
Dual operator-(Dual a) { return {-a.v, -a.d}; }
Dual operator*(Dual a, Dual b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }
Dual operator/(Dual a, Dual b) { return {a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)}; }
Dual exp(Dual a) { const double e = std::exp(a.v); return {e, e * a.d}; }
Dual log(Dual a) { return {std::log(a.v), a.d / a.v}; }
double exp(double a) { return std::exp(a); }
double log(double a) { return std::log(a); }
double value_of(double a) { return a; }
double value_of(Dual a) { return a.v; }
double derivative_of(Dual a) { return a.d; }

template <class S>
S lse(const std::vector<S>& x) {
  double top = value_of(x[0]);
  for (const S& a : x) top = std::max(top, value_of(a));
  S sum = 0.0;
  for (const S& a : x) sum = sum + exp(a - S(top));
  return S(top) + log(sum);
}

// Full Concrete log-density (Jacobian terms and constants included) of z given log z.
template <class S>
S concrete_log_pdf(const std::vector<S>& log_z, const std::vector<S>& logits, double tau) {
  const Index K = Index(log_z.size());
  S out = std::lgamma(double(K)) + double(K - 1) * std::log(tau);
  std::vector<S> x(log_z.size());
  for (Index k = 0; k < K; ++k) {
    out = out + logits[k] - (tau + 1.0) * log_z[k];
    x[k] = logits[k] - tau * log_z[k];
  }
  return out - double(K) * lse(x);
}

// The GS-BBVI objective of SCIENCE.md 12.2 written plainly from the model of 12.1 (no cancelled
// terms, no hand derivatives), generic in the scalar so that Dual gives its exact derivative.
template <class S>
S plain_elbo(const std::vector<S>& th, const GdmParameters& layout, const MatrixXd& F, const MatrixXd& y,
             const GumbelNoise& noise, double tau, bool bonus) {
  const Index N = y.rows(), T = y.cols(), K = layout.shape().states, D = F.rows(), M = noise.samples;
  const auto at = [&](GdmBlock b, Index i) { return th[std::size_t(layout.offset(b) + i)]; };
  const auto R = [&](Index k, Index d) { return at(GdmBlock::R, k + K * d); };
  const auto S_ = [&](Index n, Index k, Index d) { return at(GdmBlock::S, n + N * (k * D + d)); };
  MatrixXd u = F * y;
  S total = 0.0;
  std::vector<S> zsum(static_cast<std::size_t>(K), S(0.0));
  for (Index m = 0; m < M; ++m) {
    const auto Ts = static_cast<std::size_t>(T);
    std::vector<std::vector<S>> z(Ts), logz(Ts), lam(Ts);
    for (Index t = 0; t < T; ++t) {
      std::vector<S> a(static_cast<std::size_t>(K));
      lam[t].resize(static_cast<std::size_t>(K));
      for (Index k = 0; k < K; ++k) {
        S l = at(GdmBlock::c, k);
        // x_t = y_t, or [y_t; y_t - y_{t-1}] with a zero increment at the first step.
        for (Index n = 0; n < layout.shape().posterior_inputs(); ++n) {
          const double x = n < N ? y(n, t) : t == 0 ? 0.0 : y(n - N, t) - y(n - N, t - 1);
          l = l + at(GdmBlock::W, k + K * n) * x;
        }
        lam[t][k] = l;
        a[k] = (l + noise.g(k, m * T + t)) / tau;
      }
      const S norm = lse(a);
      for (Index k = 0; k < K; ++k) {
        z[t].push_back(exp(a[k] - norm));
        logz[t].push_back(log(z[t][k]));  // deliberately the naive way
        zsum[k] = zsum[k] + z[t][k];
      }
    }
    const S gamma = at(GdmBlock::gamma, 0);
    for (Index t = 0; t < T; ++t) {
      std::vector<S> l(static_cast<std::size_t>(K));
      for (Index k = 0; k < K; ++k) {
        if (t == 0) {
          l[k] = at(GdmBlock::initial_logits, k);
        } else {
          S h = at(GdmBlock::r, k);
          for (Index d = 0; d < D; ++d) h = h + R(k, d) * u(d, t - 1);
          l[k] = (1.0 - gamma) * h + gamma * z[t - 1][k];
        }
      }
      total = total + concrete_log_pdf(logz[t], l, tau) - concrete_log_pdf(logz[t], lam[t], tau);
      for (Index n = 0; n < N; ++n) {
        S mean = 0.0;
        for (Index k = 0; k < K; ++k) {
          S mu = t == 0 ? at(GdmBlock::initial_means, n + N * k) : at(GdmBlock::b, n + N * k);
          if (t > 0)
            for (Index d = 0; d < D; ++d) mu = mu + S_(n, k, d) * u(d, t - 1);
          mean = mean + z[t][k] * mu;
        }
        const S lv = at(GdmBlock::log_var, n), r = y(n, t) - mean;
        total = total - 0.5 * (r * r / exp(lv) + lv + std::log(2.0 * M_PI));
      }
    }
  }
  total = total / double(M);
  if (bonus)
    for (Index k = 0; k < K; ++k) {
      const S p = zsum[k] / double(M * T);
      total = total - p * log(p + 1e-8);
    }
  return total;
}

struct Problem {
  GdmModel model;
  MatrixXd y;
  GumbelNoise noise;
};

// Random parameters in every block (b, r, c, l1 nonzero; gamma away from 0 and 1) and data.
Problem random_problem(Index N, Index K, Index D, Index T, Index M, double tau, std::uint64_t seed,
                       GdmPosteriorInput posterior = GdmPosteriorInput::observation) {
  Rng rng(seed);
  Problem p{initial_gdm_model({N, K, D, posterior}, tau, rng), MatrixXd(N, T), {}};
  for (auto& v : p.model.parameters.values()) v += 0.3 * rng.normal();
  p.model.parameters.gamma() = 0.35;
  p.model.parameters.log_var().array() -= 0.5;
  for (auto& v : p.y.reshaped()) v = rng.normal();
  p.noise = draw_gumbel_noise(K, T, M, rng);
  return p;
}

// dE/dtheta at fixed noise by central differences of step 1e-6, one parameter at a time.
GdmParameters central_differences(GdmElbo& elbo, const GdmParameters& at, const GumbelNoise& noise) {
  GdmParameters fd(at.shape()), probe = at;
  const double h = 1e-6;
  for (Index i = 0; i < probe.values().size(); ++i) {
    const double keep = probe.values()(i);
    probe.values()(i) = keep + h;
    const double up = elbo.evaluate(probe, noise);
    probe.values()(i) = keep - h;
    const double down = elbo.evaluate(probe, noise);
    probe.values()(i) = keep;
    fd.values()(i) = (up - down) / (2 * h);
  }
  return fd;
}

// Every block of the gradient within 1e-6 relative of the differences; a block they find zero (T = 1:
// no transitions, no maps) must be exactly zero.
void check_blocks_match(const GdmParameters& grad, const GdmParameters& fd) {
  for (int b = 0; b < kGdmBlockCount; ++b) {
    const auto block = GdmBlock(b);
    const auto seg = [&](const GdmParameters& q) { return q.values().segment(q.offset(block), q.size(block)); };
    const double rel = (seg(grad) - seg(fd)).norm() / seg(fd).norm();
    INFO("block " << gdm_block_name(block) << ": relative error " << rel);
    if (seg(fd).norm() == 0.0) CHECK(seg(grad).norm() == 0.0);
    else CHECK(rel < 1e-6);
  }
}


TEST_CASE("U34: the Concrete log-density equals Maddison et al.'s formula, is shift invariant, and for K = 2 integrates to 1 with the closed-form CDF",
          "[switching][concrete]") {
  Rng rng(34);
  double worst = 0, worst_shift = 0;
  for (Index K : {2, 3, 5})
    for (double tau : {0.3, 0.99, 2.0})
      for (int rep = 0; rep < 20; ++rep) {
        VectorXd logits(K), g(K);
        for (Index k = 0; k < K; ++k) logits(k) = rng.normal(), g(k) = draw_gumbel(rng);
        const VectorXd log_z = concrete_log_sample(logits, g, std::max(tau, 1.0));  // moderate z for the reference
        const double got = concrete_log_density(log_z, logits, tau);
        const double want = reference_concrete_log_density(log_z.array().exp(), logits, tau);
        worst = std::max(worst, std::abs(got - want) / std::max(1.0, std::abs(want)));
        const double shifted = concrete_log_density(log_z, (logits.array() + 3.7).matrix(), tau);
        worst_shift = std::max(worst_shift, std::abs(shifted - got) / std::max(1.0, std::abs(got)));
      }
  CHECK(worst < 1e-12);
  CHECK(worst_shift < 1e-12);

  for (double tau : {0.3, 0.99, 2.0}) {
    const double l1 = 0.7, l2 = -0.4, centre = (l1 - l2) / tau, half = 45.0 / tau;
    const auto f = [&](double w) { return two_state_density_of_logit(w, l1, l2, tau); };
    CHECK(std::abs(simpson(f, centre - half, centre + half, 40000) - 1.0) < 1e-10);
    for (double s : {0.05, 0.3, 0.5, 0.9}) {
      const double w = std::log(s / (1 - s));
      const double integral = simpson(f, centre - half, w, 40000);
      CHECK(std::abs(integral - concrete_cdf_two_states(s, l1, l2, tau)) < 1e-10);
    }
  }
}

TEST_CASE("U35: Gumbel-max: the argmax of a Concrete sample does not depend on tau and is categorical with probabilities softmax(l)",
          "[switching][concrete]") {
  Rng rng(35);
  VectorXd logits(3);
  logits << 0.3, -0.5, 1.0;
  const int n = 200000;
  const double taus[] = {0.05, 0.5, 0.99, 5.0};
  std::vector<double> count(3, 0.0);
  int mismatches = 0;
  VectorXd g(3);
  for (int i = 0; i < n; ++i) {
    for (Index k = 0; k < 3; ++k) g(k) = draw_gumbel(rng);
    Index first = -1;
    for (double tau : taus) {
      Index arg;
      concrete_log_sample(logits, g, tau).maxCoeff(&arg);
      if (first < 0) first = arg;
      mismatches += arg != first;
    }
    count[std::size_t(first)] += 1;
  }
  CHECK(mismatches == 0);
  const VectorXd p = log_softmax(logits).array().exp();
  double zmax = 0;
  for (Index k = 0; k < 3; ++k) zmax = std::max(zmax, std::abs(count[k] - n * p(k)) / std::sqrt(n * p(k) * (1 - p(k))));
  CHECK(zmax < 4.0);
}

TEST_CASE("Gumbel draws: the array form and the noise of the ELBO are the scalar draws, bit for bit, in order",
          "[switching][concrete]") {
  Rng scalar(36, 1), array(36, 1), noise(36, 1);
  std::vector<double> want(1001), got(1001);
  for (double& v : want) v = draw_gumbel(scalar);
  draw_gumbel(array, got.data(), Index(got.size()));
  CHECK(got == want);
  const GumbelNoise n = draw_gumbel_noise(3, 7, 2, noise);  // K x (M T), column by column
  CHECK(std::vector<double>(n.g.data(), n.g.data() + n.g.size()) == std::vector<double>(want.begin(), want.begin() + 42));
  CHECK(array.next_u64() == scalar.next_u64());  // both streams used exactly one draw per value
}

TEST_CASE("U36: the ELBO gradient with fixed Gumbel noise matches central differences in every parameter block",
          "[switching][gdm]") {
  for (Index T : {40, 1})
  for (bool bonus : {true, false}) {
    Problem pr = random_problem(5, 3, 2, T, 3, 0.7, 36);
    GdmElbo elbo(pr.y, pr.model.projection, 0.7, bonus);
    GdmParameters grad(pr.model.parameters.shape());
    elbo.evaluate(pr.model.parameters, pr.noise, &grad);
    INFO("bonus " << bonus << ", T " << T);
    check_blocks_match(grad, central_differences(elbo, pr.model.parameters, pr.noise));
  }
}

TEST_CASE("U37: value and hand gradient of the ELBO equal a plain re-implementation and its forward-mode derivative",
          "[switching][gdm]") {
  Problem pr = random_problem(4, 3, 2, 12, 2, 0.7, 37);
  const GdmParameters& p = pr.model.parameters;
  for (bool bonus : {true, false}) {
    GdmElbo elbo(pr.y, pr.model.projection, 0.7, bonus);
    GdmParameters grad(p.shape());
    const double value = elbo.evaluate(p, pr.noise, &grad);
    std::vector<double> th(p.values().data(), p.values().data() + p.values().size());
    const double plain = plain_elbo(th, p, pr.model.projection, pr.y, pr.noise, 0.7, bonus);
    CHECK(std::abs(value - plain) < 1e-12 * std::abs(plain));
    VectorXd ad(p.values().size());
    std::vector<Dual> dth(th.begin(), th.end());
    for (Index i = 0; i < ad.size(); ++i) {
      dth[std::size_t(i)].d = 1.0;
      ad(i) = derivative_of(plain_elbo(dth, p, pr.model.projection, pr.y, pr.noise, 0.7, bonus));
      dth[std::size_t(i)].d = 0.0;
    }
    for (int b = 0; b < kGdmBlockCount; ++b) {
      const auto block = GdmBlock(b);
      const double rel = (grad.values() - ad).segment(p.offset(block), p.size(block)).norm() /
                         ad.segment(p.offset(block), p.size(block)).norm();
      INFO("block " << gdm_block_name(block) << ", bonus " << bonus << ": relative error " << rel);
      CHECK(rel < 1e-10);
    }
  }
}

TEST_CASE("U38: with K = 1 the ELBO is the Gaussian AR(1) log-likelihood, stationary at least squares",
          "[switching][gdm]") {
  const Index N = 4, D = 2, T = 60;
  Problem pr = random_problem(N, 1, D, T, 3, 0.99, 38);
  GdmParameters& p = pr.model.parameters;
  const MatrixXd u = pr.model.projection * pr.y;
  const auto ar1_log_likelihood = [&](const GdmParameters& q) {
    double ll = 0;
    for (Index t = 0; t < T; ++t) {
      const VectorXd mean = t == 0 ? VectorXd(q.initial_means().col(0))
                                   : VectorXd(q.S() * u.col(t - 1) + q.b().col(0));
      for (Index n = 0; n < N; ++n) {
        const double v = std::exp(q.log_var()(n)), r = pr.y(n, t) - mean(n);
        ll += -0.5 * (r * r / v + std::log(2 * M_PI * v));
      }
    }
    return ll;
  };
  GdmElbo plain(pr.y, pr.model.projection, 0.99, false), bonus(pr.y, pr.model.projection, 0.99, true);
  Rng rng(380);
  for (int draw = 0; draw < 3; ++draw) {
    const GumbelNoise g = draw_gumbel_noise(1, T, 3, rng);
    const double want = ar1_log_likelihood(p);
    CHECK(std::abs(plain.evaluate(p, g) - want) < 1e-10 * std::abs(want));
    // The bonus H(zbar) with zbar = 1 is -log(1 + 1e-8).
    CHECK(std::abs(bonus.evaluate(p, g) - (want - std::log1p(1e-8))) < 1e-10 * std::abs(want));
  }
  // Least squares of y_t on (u_{t-1}, 1), mu0 = y_1, sigma^2 = the mean squared residual.
  MatrixXd X(D + 1, T - 1);
  X.topRows(D) = u.leftCols(T - 1);
  X.row(D).setOnes();
  const MatrixXd Yn = pr.y.rightCols(T - 1);
  const MatrixXd coef = (X * X.transpose()).ldlt().solve(X * Yn.transpose()).transpose();  // N x (D+1)
  p.S() = coef.leftCols(D);
  p.b() = coef.col(D);
  p.initial_means() = pr.y.col(0);
  const MatrixXd res = Yn - coef * X;
  p.log_var() = (res.rowwise().squaredNorm() / double(T)).array().log().matrix();
  GdmParameters grad(p.shape());
  plain.evaluate(p, draw_gumbel_noise(1, T, 3, rng), &grad);
  for (GdmBlock b : {GdmBlock::S, GdmBlock::b, GdmBlock::log_var, GdmBlock::initial_means}) {
    INFO("block " << gdm_block_name(b));
    CHECK(grad.values().segment(grad.offset(b), grad.size(b)).norm() < 1e-9);
  }
}

TEST_CASE("GDM initialisation follows the authors' recipe", "[switching][gdm]") {
  Rng rng(7);
  const GdmModel m = initial_gdm_model({10, 4, 2}, 0.99, rng);
  const GdmParameters& p = m.parameters;
  CHECK(p.gamma() == 0.1);
  CHECK(p.b().isZero(0));
  CHECK(p.r().isZero(0));
  CHECK(p.c().isZero(0));
  CHECK(p.initial_logits().isZero(0));
  CHECK(p.log_var().minCoeff() >= -1.0);
  CHECK(p.log_var().maxCoeff() < 0.0);
  // S_k = C0 Q_k with Q_k orthogonal: every S_k^T S_k has the spectrum of C0^T C0.
  const MatrixXd G0 = p.S().leftCols(2).transpose() * p.S().leftCols(2);
  for (Index k = 1; k < 4; ++k) {
    const MatrixXd Gk = p.S().middleCols(2 * k, 2).transpose() * p.S().middleCols(2 * k, 2);
    CHECK(std::abs(Gk.trace() - G0.trace()) < 1e-12 * G0.trace());
    CHECK(std::abs(Gk.determinant() - G0.determinant()) < 1e-10 * G0.determinant());
  }
  CHECK(m.projection.rows() == 2);
  CHECK(m.projection.cols() == 10);
  CHECK_THROWS_AS(GdmParameters({0, 4, 2}), Error);
}

TEST_CASE("U36i: with the increment posterior the ELBO gradient matches central differences in every block",
          "[switching][gdm]") {
  for (Index T : {40, 1}) {
    Problem pr = random_problem(5, 3, 2, T, 3, 0.7, 361, GdmPosteriorInput::increment);
    const GdmParameters& p = pr.model.parameters;
    REQUIRE(p.W().cols() == 10);  // K x 2N
    GdmElbo elbo(pr.y, pr.model.projection, 0.7, true);
    GdmParameters grad(p.shape());
    elbo.evaluate(p, pr.noise, &grad);
    const GdmParameters fd = central_differences(elbo, p, pr.noise);
    INFO("T " << T);
    check_blocks_match(grad, fd);
    // The increment half of dE/dW: nonzero with T = 40, exactly zero with T = 1 (the only increment is 0).
    const MatrixXd dW_increment = grad.W().rightCols(5);
    if (T == 1) CHECK(dW_increment.isZero(0));
    else CHECK((dW_increment - MatrixXd(fd.W().rightCols(5))).norm() < 1e-6 * dW_increment.norm());
  }
}

TEST_CASE("U37i: with the increment posterior, value and gradient equal the plain re-implementation's", "[switching][gdm]") {
  Problem pr = random_problem(4, 3, 2, 12, 2, 0.7, 371, GdmPosteriorInput::increment);
  const GdmParameters& p = pr.model.parameters;
  GdmElbo elbo(pr.y, pr.model.projection, 0.7, true);
  GdmParameters grad(p.shape());
  const double value = elbo.evaluate(p, pr.noise, &grad);
  std::vector<double> th(p.values().data(), p.values().data() + p.values().size());
  CHECK(std::abs(value - plain_elbo(th, p, pr.model.projection, pr.y, pr.noise, 0.7, true)) < 1e-12 * std::abs(value));
  VectorXd ad(p.values().size());
  std::vector<Dual> dth(th.begin(), th.end());
  for (Index i = 0; i < ad.size(); ++i) {
    dth[std::size_t(i)].d = 1.0;
    ad(i) = derivative_of(plain_elbo(dth, p, pr.model.projection, pr.y, pr.noise, 0.7, true));
    dth[std::size_t(i)].d = 0.0;
  }
  for (int b = 0; b < kGdmBlockCount; ++b) {
    const auto block = GdmBlock(b);
    const double rel = (grad.values() - ad).segment(p.offset(block), p.size(block)).norm() /
                       ad.segment(p.offset(block), p.size(block)).norm();
    INFO("block " << gdm_block_name(block) << ": relative error " << rel);
    CHECK(rel < 1e-10);
  }
}

TEST_CASE("the increment posterior's input: y over y_t - y_{t-1}, the first increment 0, used by every q", "[switching][gdm]") {
  Rng rng(39);
  MatrixXd y(3, 5);
  for (auto& v : y.reshaped()) v = rng.normal();
  CHECK(gdm_posterior_input(GdmPosteriorInput::observation, y) == y);
  const MatrixXd x = gdm_posterior_input(GdmPosteriorInput::increment, y);
  REQUIRE(x.rows() == 6);
  REQUIRE(x.cols() == 5);
  CHECK(x.topRows(3) == y);
  CHECK(x.bottomRows(3).col(0).isZero(0));  // the first step has no previous one
  for (Index t = 1; t < 5; ++t)
    for (Index n = 0; n < 3; ++n) CHECK(x(3 + n, t) == y(n, t) - y(n, t - 1));
  for (Index t = 0; t < 5; ++t) {  // the forecasts' column-by-column form: the same bits
    CHECK(gdm_posterior_input_at(GdmPosteriorInput::increment, y, t) == x.col(t));
    CHECK(gdm_posterior_input_at(GdmPosteriorInput::observation, y, t) == y.col(t));
  }

  // W drawn as for the observation posterior, just wider: its first K N entries are the same draws.
  Rng a(40), b(40);
  const GdmModel plain = initial_gdm_model({3, 2, 2}, 0.99, a);
  GdmModel wide = initial_gdm_model({3, 2, 2, GdmPosteriorInput::increment}, 0.99, b);
  CHECK(wide.parameters.W().cols() == 6);
  CHECK(MatrixXd(wide.parameters.W().leftCols(3)) == MatrixXd(plain.parameters.W()));
  CHECK(wide.projection == plain.projection);
  // The soft states' logits are W_y y_t + W_dy (y_t - y_{t-1}) + c, and W_y y_1 + c at the first step.
  for (auto& v : wide.parameters.c().reshaped()) v = rng.normal();
  const MatrixXd logits = gdm_posterior_logits(wide, y);
  const MatrixXd Wy = wide.parameters.W().leftCols(3), Wd = wide.parameters.W().rightCols(3);
  const Eigen::VectorXd c = wide.parameters.c().col(0);
  CHECK((logits.col(0) - (Wy * y.col(0) + c)).norm() < 1e-14);
  for (Index t = 1; t < 5; ++t)
    CHECK((logits.col(t) - (Wy * y.col(t) + Wd * (y.col(t) - y.col(t - 1)) + c)).norm() < 1e-14);
}

}  // namespace switching_gdm_test
