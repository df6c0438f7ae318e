#pragma once
// Modified Bessel functions of the second kind K_nu(z), z > 0, for the multivariate Laplace density
// (SCIENCE.md 5.2): written here because libc++ (wasm) has no std::cyl_bessel_k.
namespace rnnbook {

// ln K_nu(z); z > 0 (z = 0 gives +infinity).
double log_bessel_k(double nu, double z);

// K_{nu-1}(z) / K_nu(z), computed from the same quadrature so that a score built from it is the
// derivative of a log-density built from log_bessel_k; z > 0.
double bessel_k_ratio(double nu, double z);

}  // namespace rnnbook
