#include "sampling/bessel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "common/portable_math.hpp"

namespace rnnbook {
namespace {

struct ScaledIntegrals {
  double a, b;  // e^z K_nu(z) and e^z K_{nu-1}(z)
};

// e^z K_nu(z) = int_0^inf exp(-z (cosh t - 1)) cosh(nu t) dt (DLMF 10.32.9). The integrand is even
// and analytic in a strip around the real axis, so the trapezoidal rule converges geometrically; the
// step follows the width 1/sqrt(z) of the peak at t = 0 for large z.
ScaledIntegrals scaled_integrals(double nu, double z) {
  if (!(z > 0.0) || !std::isfinite(z)) throw Error("bessel_k: z must be a finite number > 0");
  const double h = std::min(0.1, 0.5 / std::sqrt(z));
  const double grow = std::max(std::abs(nu), std::abs(nu - 1.0));
  ScaledIntegrals s{0.5, 0.5};  // half weight at t = 0
  for (long k = 1;; ++k) {
    const double t = double(k) * h;
    const double sh = portable::sinh(0.5 * t);
    const double e = 2.0 * z * sh * sh;  // z (cosh t - 1) without cancellation
    const double w = portable::exp(-e);
    s.a += w * portable::cosh(nu * t);
    s.b += w * portable::cosh((nu - 1.0) * t);
    if (e - grow * t > 45.0) break;  // the rest is below e^-45 of the first term, and falling
  }
  s.a *= h;
  s.b *= h;
  return s;
}

}  // namespace

double log_bessel_k(double nu, double z) {
  if (z == 0.0) return std::numeric_limits<double>::infinity();
  return portable::log(scaled_integrals(nu, z).a) - z;
}

double bessel_k_ratio(double nu, double z) {
  const ScaledIntegrals s = scaled_integrals(nu, z);
  return s.b / s.a;
}

}  // namespace rnnbook
