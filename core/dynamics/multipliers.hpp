#pragma once
// Floquet-free stability of a fixed point: the multipliers (eigenvalues of A* = df/dh at h*), the
// critical eigenpair with left and right eigenvectors (SCIENCE.md 4.3), and the steps of a training
// run at which the leading multiplier crosses the unit circle, with the type of the crossing (4.2).
#include <Eigen/Dense>
#include <complex>
#include <cstdint>
#include <vector>

namespace rnnbook {

using Complex = std::complex<double>;

// Which multiplier is "leading".
enum class LeadingBy {
  real_part,  // max Re lambda: mu = Re lambda_c - 1 is SCIENCE.md 4.2's bifurcation parameter
  modulus,    // max |lambda| (ties: larger Re): the one that leaves the unit circle first
};

// All eigenvalues of a square A, sorted by the chosen order, leading first.
Eigen::VectorXcd multipliers(const Eigen::MatrixXd& A, LeadingBy order = LeadingBy::modulus);

// The leading eigenvalue lambda_c with right r (A r = lambda_c r, ||r|| = 1) and left l
// (l^T A = lambda_c l^T), normalised so that l^T r = 1 (no conjugation): then, to first order,
// d lambda_c = l^T dA r for a perturbation dA (the eigenvalue gradient of SCIENCE.md 4.3).
// For a real lambda_c both vectors are real (imaginary parts 0) and r's largest entry is positive.
// Throws Error if A is not square or is empty, or has non-finite entries.
struct CriticalMode {
  Complex value;
  Eigen::VectorXcd right, left;
  double conditioning = 0.0;  // 1 / |l^H r| before scaling (large near a defective eigenvalue)
};
CriticalMode critical_mode(const Eigen::MatrixXd& A, LeadingBy order = LeadingBy::real_part);

// Type of a unit-circle crossing by the multiplier that crosses.
enum class CrossingType {
  pitchfork,       // a real multiplier through +1 (a fold without the Z2 symmetry h -> -h)
  flip,            // a real multiplier through -1 (period doubling)
  neimark_sacker,  // a complex pair through e^{+-i omega}
};
const char* crossing_name(CrossingType t);  // "pitchfork", "flip", "neimark_sacker"

struct Crossing {
  std::int64_t index = 0;  // k: |lambda_{k-1}| and |lambda_k| lie on opposite sides of the circle
  CrossingType type = CrossingType::pitchfork;
  bool outward = true;     // from inside (stable) to outside
  Complex multiplier;      // lambda_k or lambda_{k-1}, whichever lies nearer the circle
};

// Crossings in a sequence of leading multipliers (one per step, e.g. by LeadingBy::modulus). The side
// is |lambda| >= 1 (outside) or < 1; a multiplier is real when |Im| <= imag_tol * max(1, |lambda|).
// The type is read from the multiplier nearer the circle. Non-finite entries throw Error.
std::vector<Crossing> unit_circle_crossings(const std::vector<Complex>& leading, double imag_tol = 1e-9);

}  // namespace rnnbook
