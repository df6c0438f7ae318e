#pragma once
// Elementary functions built from + - * /, sqrt and exact bit operations only, so they give the same
// bits natively (glibc) and in wasm (musl), whose libm functions differ in the last bit. The core calls
// these rather than std::exp, std::sin, ... wherever a result reaches an experiment's output
// (README.md, "Determinism"). Accuracy against the correctly rounded value, tested in
// tests/unit/portable_math_test.cpp: exp and log within 2 ulp; expm1, log1p, sinh, cosh and atan2
// within 3; sin and cos within 2 for |x| <= 10 and 3 up to 1e5 (larger arguments are reduced
// less exactly); pow within 2 + 3 |exponent log base| ulp (it is exp(exponent log base)); erfc within
// 1 ulp for x < 2 and 2 ulp above where it is normal (subnormal: within 2^-1074), from fitted polynomials
// (scripts/fit_erfc.py); lgamma within 1e-13 absolute and relative (x > 0 only).
// tanh is rnn/activation's vector kernel (tanh_fast, apply_phi), which is libm-free too.
#include <cstddef>

namespace rnnbook::portable {

double exp(double x);
double expm1(double x);  // e^x - 1, accurate near 0
double log(double x);
double log1p(double x);  // log(1 + x), accurate near 0
double pow(double base, double exponent);
double sinh(double x);
double cosh(double x);
double sin(double x);
double cos(double x);
double atan2(double y, double x);
double erfc(double x);
double lgamma(double x);  // log Gamma(x) for x > 0; NaN for x <= 0

// y[i] = exp(x[i]) and y[i] = log(x[i]) for i < n, two at a time (common/simd.hpp): the same bits as
// the functions above, about twice as fast (their series are chains of dependent operations). y may be x.
void exp_each(const double* x, double* y, std::ptrdiff_t n);
void log_each(const double* x, double* y, std::ptrdiff_t n);

}  // namespace rnnbook::portable
