#include "timeseries/network_series.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "common/rng.hpp"
#include "rnn/activation.hpp"
#include "timeseries/standardize.hpp"

namespace rnnbook {

namespace {

void check_network(int neurons, double density, Eigen::Index length, const char* who) {
  if (neurons < 2 || neurons > 256) throw Error(std::string(who) + ": neurons must be in [2, 256], got " + std::to_string(neurons));
  if (!(density > 0 && density <= 1)) throw Error(std::string(who) + ": density must be in (0, 1]");
  if (length < 10) throw Error(std::string(who) + ": the recording must have at least 10 samples");
}

// Bernoulli(p) edges off the diagonal, scaled by `weight`; columns from `first_negative` on negative.
Eigen::MatrixXd random_weights(int n, double p, double weight, int first_negative, Rng& rng) {
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(n, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      if (i != j && rng.bernoulli(p)) W(i, j) = j >= first_negative ? -weight : weight;
  return W;
}

Eigen::MatrixXd z_scored(const Eigen::MatrixXd& x, const char* who) {
  for (Eigen::Index c = 0; c < x.cols(); ++c)
    if ((x.col(c).array() == x(0, c)).all())
      throw Error(std::string(who) + ": neuron " + std::to_string(c) + " is constant over the recording");
  return fit_scaling(x, 0, x.rows()).to_z(x);
}

}  // namespace

NetworkSeries izhikevich_series(const IzhikevichSettings& s, std::uint64_t seed) {
  check_network(s.neurons, s.density, s.steps, "izhikevich");
  if (!(s.input_var >= 0)) throw Error("izhikevich: input_var must be >= 0");
  const int n = s.neurons, excitatory = int(std::lround(0.8 * n));
  Rng rng(seed);
  Eigen::VectorXd a(n), c(n), d(n);
  for (int i = 0; i < n; ++i) {
    const double r = rng.uniform();
    if (i < excitatory) {
      a(i) = 0.02, c(i) = -65 + 15 * r * r, d(i) = 8 - 6 * r * r;
    } else {
      a(i) = 0.02 + 0.08 * r, c(i) = -65, d(i) = 2;
    }
  }
  const double b = -0.1;
  NetworkSeries out;
  out.weights = random_weights(n, s.density, s.strength, excitatory, rng);
  Eigen::VectorXd v = Eigen::VectorXd::Constant(n, -65.0), u = b * v, input(n), synaptic = Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd x(s.steps, n);
  const double input_sd = std::sqrt(s.input_var);
  for (Eigen::Index t = 0; t < s.steps; ++t) {
    for (int i = 0; i < n; ++i) input(i) = s.input_mean + input_sd * rng.normal() + synaptic(i);
    synaptic.setZero();
    for (int i = 0; i < n; ++i) {
      if (v(i) >= 30) {  // fired in the previous step: reset, and its synapses act now
        v(i) = c(i);
        u(i) += d(i);
        input += out.weights.col(i);
      }
    }
    for (int half = 0; half < 2; ++half) v.array() += 0.5 * (0.04 * v.array().square() + 4.1 * v.array() + 108 - u.array() + input.array());
    u.array() += a.array() * (b * v.array() - u.array());
    x.row(t) = v.cwiseMin(30.0).transpose();
    if (t % 256 == 255) report_progress(double(t + 1) / double(s.steps));
  }
  out.series = z_scored(x, "izhikevich");
  return out;
}

NetworkSeries rate_network_series(const RateNetworkSettings& s, std::uint64_t seed) {
  check_network(s.neurons, s.density, s.samples, "rate network");
  if (!(s.dt > 0) || s.sub < 1 || !(s.noise >= 0) || s.burn_in < 0)
    throw Error("rate network: dt must be > 0, sub >= 1, noise >= 0 and burn_in >= 0");
  const int n = s.neurons, first_negative = n - int(std::lround(0.2 * n));
  Rng rng(seed);
  NetworkSeries out;
  out.weights = random_weights(n, s.density, s.gain / std::sqrt(s.density * n), first_negative, rng);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n), phi(n);
  Eigen::MatrixXd rec(s.samples, n);
  const double kick = s.noise * std::sqrt(s.dt);
  for (Eigen::Index k = 0; k < s.burn_in + s.samples; ++k) {
    for (int step = 0; step < s.sub; ++step) {
      for (int i = 0; i < n; ++i) phi(i) = tanh_fast(x(i));
      const Eigen::VectorXd drift = -x + out.weights * phi;
      for (int i = 0; i < n; ++i) x(i) += s.dt * (drift(i) + 0.3) + kick * rng.normal();
    }
    if (k >= s.burn_in) rec.row(k - s.burn_in) = x.transpose();
    if (k % 256 == 255) report_progress(double(k + 1) / double(s.burn_in + s.samples));
  }
  out.series = z_scored(rec, "rate network");
  return out;
}

}  // namespace rnnbook
