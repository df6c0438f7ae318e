#!/usr/bin/env python3
"""Coefficients of rnnbook::portable::erfc and the reference values its test checks, from mpmath.

  python3 scripts/fit_erfc.py table      > core/common/portable_erfc_table.hpp
  python3 scripts/fit_erfc.py reference  > tests/unit/erfc_reference.hpp
  python3 scripts/fit_erfc.py check      # the fitted polynomials' errors, evaluated in doubles

The table: erf(x) = x + x q(x^2) for |x| < 1/2 (q a polynomial in x^2), and on [1/2, 32) one polynomial
per eighth of a binade [2^(e-1), 2^e), e = 0..5, in t = 32 m - (17 + 2 j) in [-1, 1] (x = m 2^e,
j = floor(16 m) - 8): of erfc(x) itself below 2 and of erfc(x) e^(x^2) from 2 on (erfc then spans
hundreds of binades; the caller multiplies by e^(-x^2)). Each polynomial interpolates at 12 Chebyshev
nodes (within a small factor of the minimax error, about 1e-18 relative here), converted to powers of t
in 50-digit arithmetic and rounded to doubles; the constant term also keeps its rounding error as a
second double (it was half an ulp of the result). The reference values are mpmath's erfc of doubles,
as double-double pairs.
Needs only python3-mpmath.
"""
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 50

SMALL_DEGREE = 10  # q(z), z = x^2 in [0, 1/4]
DEGREE = 11        # every piece of [1/2, 32)
PIECES = 8         # per binade
BINADES = 6        # [1/2, 1), [1, 2), ..., [16, 32)
SCALED_FROM = 2    # binades from this one on hold erfc(x) e^(x^2)


def erf_over_x_minus_1(z):
    if z == 0:
        return 2 / mp.sqrt(mp.pi) - 1
    x = mp.sqrt(z)
    return mp.erf(x) / x - 1


def piece_function(binade):
    if binade < SCALED_FROM:
        return mp.erfc
    return lambda x: mp.erfc(x) * mp.exp(x * x)


def chebyshev_monomials(f, a, b, degree):
    """Powers-of-t coefficients (t in [-1, 1] over [a, b], unrounded) of f's interpolant at Chebyshev nodes."""
    n = degree + 1
    angles = [mp.pi * (i + mp.mpf(1) / 2) / n for i in range(n)]
    values = [f((a + b) / 2 + (b - a) / 2 * mp.cos(th)) for th in angles]
    cheb = [2 * mp.fsum(v * mp.cos(k * th) for v, th in zip(values, angles)) / n for k in range(n)]
    cheb[0] /= 2
    # T_k as powers of t: T_0 = 1, T_1 = t, T_{k+1} = 2 t T_k - T_{k-1}.
    basis = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    while len(basis) < n:
        twice_t = [mp.mpf(0)] + [2 * c for c in basis[-1]]
        basis.append([c - (basis[-2][i] if i < len(basis[-2]) else 0) for i, c in enumerate(twice_t)])
    return [mp.fsum(cheb[k] * basis[k][i] for k in range(i, n) if i < len(basis[k])) for i in range(n)]


def piece_bounds(binade, j):
    low = mp.mpf(2) ** (binade - 1)
    return low * (1 + mp.mpf(j) / PIECES), low * (1 + mp.mpf(j + 1) / PIECES)


def fit():
    small = chebyshev_monomials(erf_over_x_minus_1, mp.mpf(0), mp.mpf(1) / 4, SMALL_DEGREE)
    # chebyshev_monomials' t runs over [0, 1/4] as t = 8 z - 1: re-expand in powers of z, then round.
    small = [float(c) for c in rebase_to_z(small)]
    pieces = []
    for binade in range(BINADES):
        f = piece_function(binade)
        for j in range(PIECES):
            a, b = piece_bounds(binade, j)
            c = chebyshev_monomials(f, a, b, DEGREE)
            rounded = [float(v) for v in c]
            pieces.append(rounded + [float(c[0] - mp.mpf(rounded[0]))])  # c0 as a pair: its rounding kept
    return small, pieces


def rebase_to_z(coefficients):
    """p(t) with t = 8 z - 1, as powers of z."""
    out = [mp.mpf(0)] * len(coefficients)
    for k, c in enumerate(coefficients):
        for i in range(k + 1):  # (8z - 1)^k = sum C(k,i) 8^i z^i (-1)^(k-i)
            out[i] += c * mp.binomial(k, i) * mp.mpf(8) ** i * (-1) ** (k - i)
    return out


def horner(c, t):
    p = c[-1]
    for a in reversed(c[:-1]):
        p = a + t * p
    return p


def erfc_in_doubles_without_exp(x, small, pieces):
    """What portable::erfc computes for x >= 0, in Python doubles (the same IEEE operations), before e^(-x^2)."""
    if x < 0.5:
        r = x * horner(small, x * x)
        return 1.0 - (x + r) if x < 0.25 else 0.5 - ((x - 0.5) + r)
    m, e = math.frexp(x)
    j = int(16.0 * m) - 8
    c, t = pieces[PIECES * e + j], 32.0 * m - (17 + 2 * j)
    return c[0] + (c[-1] + t * horner(c[1:-1], t)), e


def ulps(got, exact):
    exact_double = float(exact)
    return float(abs(mp.mpf(got) - exact) / (math.ulp(exact_double)))


def check(small, pieces):
    """Worst error in ulp of the table part (erfc below 2, erfc e^(x^2) above) over 20000 points."""
    rng = random.Random(1)
    worst = {}
    for i in range(20000):
        x = rng.uniform(0.0, 0.5) if i % 4 == 0 else rng.uniform(0.5, 2.0) if i % 4 == 1 else rng.uniform(2.0, 27.3)
        if x < 0.5:
            got, key, exact = erfc_in_doubles_without_exp(x, small, pieces), "erfc [0, 1/2)", mp.erfc(x)
        else:
            got, e = erfc_in_doubles_without_exp(x, small, pieces)
            key = "erfc [1/2, 2)" if e < SCALED_FROM else "erfc e^(x^2) [2, 27.3]"
            exact = piece_function(e)(mp.mpf(x))
        worst[key] = max(worst.get(key, 0.0), ulps(got, exact))
    for key, w in worst.items():
        print(f"{key}: worst {w:.3f} ulp")


def print_table(small, pieces):
    print("#pragma once")
    print("// Generated by scripts/fit_erfc.py (mpmath; its docstring says how): do not edit by hand.")
    print("// Chebyshev interpolants as powers of their variable, rounded to doubles (portable_math.cpp, erfc).")
    print("namespace rnnbook::portable::erfc_table {")
    print()
    print(f"// erf(x) = x + x q(x^2) for |x| < 1/2: q's coefficients, degree {SMALL_DEGREE}.")
    print("constexpr double kSmall[] = {" + ", ".join(repr(c) for c in small) + "};")
    print(f"// Piece {PIECES} e + j covers [2^(e-1) (1 + j/{PIECES}), 2^(e-1) (1 + (j+1)/{PIECES})) in t in [-1, 1]:")
    print(f"// erfc(x) for e < {SCALED_FROM}, erfc(x) e^(x^2) from there on. Degree {DEGREE}: c_0 ... c_{DEGREE}, then")
    print("// the rounding error of c_0 (the value is c_0 + (that + t (c_1 + t (...)))).")
    print(f"constexpr double kPieces[{BINADES * PIECES}][{DEGREE + 2}] = {{")
    for i, c in enumerate(pieces):
        print("    {" + ", ".join(repr(v) for v in c) + "},  // " + f"e {i // PIECES}, j {i % PIECES}")
    print("};")
    print()
    print("}  // namespace rnnbook::portable::erfc_table")


def reference_points():
    xs = [(i - 600) / 100 for i in range(3331)]  # -6 to 27.3 by 0.01
    boundaries = [0.25, 0.5] + [float(piece_bounds(b, j)[0]) for b in range(BINADES) for j in range(PIECES)]
    for b in boundaries:
        for s in (1.0, -1.0) if b <= 0.5 else (1.0,):
            xs += [s * math.nextafter(b, -math.inf), s * b, s * math.nextafter(b, math.inf)]
    xs += [math.ldexp(1.0, -k) for k in range(3, 1075, 37)]  # tiny arguments
    rng = random.Random(2)
    xs += [rng.uniform(-6.0, 27.3) for _ in range(300)]
    return sorted(set(xs))


def print_reference():
    print("#pragma once")
    print("// Generated by scripts/fit_erfc.py reference (mpmath erfc at 50 digits): do not edit by hand.")
    print("// {x, hi, e}: hi is erfc(x) rounded to the nearest double and e = (erfc(x) - hi) / u, its rounding")
    print("// error in units u = nextafter(hi, inf) - hi of hi's last place (2^-1074 where hi is subnormal).")
    print("// The grid -6:0.01:27.3, both sides of every boundary of portable::erfc's pieces, tiny")
    print("// arguments and 300 uniform points.")
    print("namespace rnnbook::testing {")
    print()
    print("constexpr double kErfcReference[][3] = {")
    for x in reference_points():
        v = mp.erfc(mp.mpf(x))
        if v >= mp.mpf(2) ** -1022:
            hi = float(v)
        else:  # subnormal: round once, to a multiple of 2^-1074 (float() might round twice)
            hi = math.ldexp(float(int(mp.nint(v * mp.mpf(2) ** 1074))), -1074)
        print(f"    {{{x!r}, {hi!r}, {float((v - mp.mpf(hi)) / mp.mpf(math.ulp(hi))):.6f}}},")
    print("};")
    print()
    # The largest double whose erfc is at least half the smallest subnormal, found by bisection.
    target = mp.mpf(2) ** -1075
    lo_x, hi_x = 27.0, 27.5
    while math.nextafter(lo_x, math.inf) < hi_x:
        mid = (lo_x + hi_x) / 2
        if mid in (lo_x, hi_x):
            break
        if mp.erfc(mid) >= target:
            lo_x = mid
        else:
            hi_x = mid
    print("// The largest double x with erfc(x) >= 2^-1075 (half the smallest subnormal): erfc rounds to 0 beyond.")
    print(f"constexpr double kErfcUnderflowX = {lo_x!r};")
    print()
    print("}  // namespace rnnbook::testing")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    if mode == "reference":
        print_reference()
    else:
        small, pieces = fit()
        if mode == "table":
            print_table(small, pieces)
        else:
            check(small, pieces)
