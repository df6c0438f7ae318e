#include "dynamics/multipliers.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {

void check_matrix(const Eigen::MatrixXd& A) {
  if (A.rows() != A.cols() || A.rows() == 0)
    throw Error("A: must be a non-empty square matrix, got " + std::to_string(A.rows()) + " x " +
                std::to_string(A.cols()));
  if (!A.allFinite()) throw Error("A: contains NaN or infinity");
}

// |z|^2 and |z| from real arithmetic: std::abs of a complex calls libm's hypot, and std::complex
// division differs between libstdc++ and libc++, so neither gives the same bits natively and in wasm.
double squared_modulus(const Complex& z) { return z.real() * z.real() + z.imag() * z.imag(); }
double modulus(const Complex& z) { return std::sqrt(squared_modulus(z)); }

bool leads(const Complex& x, const Complex& y, LeadingBy order) {
  if (order == LeadingBy::real_part) {
    if (x.real() != y.real()) return x.real() > y.real();
    return x.imag() > y.imag();  // a conjugate pair: the upper one first
  }
  if (squared_modulus(x) != squared_modulus(y)) return squared_modulus(x) > squared_modulus(y);
  if (x.real() != y.real()) return x.real() > y.real();
  return x.imag() > y.imag();
}

std::vector<Eigen::Index> order_of(const Eigen::VectorXcd& values, LeadingBy order) {
  std::vector<Eigen::Index> idx(std::size_t(values.size()));
  std::iota(idx.begin(), idx.end(), Eigen::Index(0));
  std::stable_sort(idx.begin(), idx.end(),
                   [&](Eigen::Index i, Eigen::Index j) { return leads(values(i), values(j), order); });
  return idx;
}

}  // namespace

Eigen::VectorXcd multipliers(const Eigen::MatrixXd& A, LeadingBy order) {
  check_matrix(A);
  const Eigen::VectorXcd values = Eigen::EigenSolver<Eigen::MatrixXd>(A, false).eigenvalues();
  const auto idx = order_of(values, order);
  Eigen::VectorXcd sorted(values.size());
  for (std::size_t k = 0; k < idx.size(); ++k) sorted(Eigen::Index(k)) = values(idx[k]);
  return sorted;
}

// A = V diag(lambda) V^{-1}: the rows of V^{-1} are left eigenvectors with l_i^T r_i = 1 already.
CriticalMode critical_mode(const Eigen::MatrixXd& A, LeadingBy order) {
  check_matrix(A);
  const Eigen::EigenSolver<Eigen::MatrixXd> es(A, true);
  if (es.info() != Eigen::Success) throw Error("A: the eigenvalue iteration did not converge");
  const Eigen::VectorXcd values = es.eigenvalues();
  const Eigen::Index c = order_of(values, order).front();
  const Eigen::MatrixXcd V = es.eigenvectors();
  CriticalMode m;
  m.value = values(c);
  m.right = V.col(c).normalized();
  // Left eigenvector of A^T: solve V^T y = e_c (row c of V^{-1}), then rescale for the normalised r.
  // As the real system [Re -Im; Im Re] [y_re; y_im] = [e_c; 0]: no complex division.
  const Eigen::Index n = A.rows();
  const Eigen::MatrixXd Vr = V.transpose().real(), Vi = V.transpose().imag();
  Eigen::MatrixXd M(2 * n, 2 * n);
  M << Vr, -Vi, Vi, Vr;
  Eigen::VectorXd e = Eigen::VectorXd::Zero(2 * n);
  e(c) = 1.0;
  const Eigen::VectorXd y = M.fullPivLu().solve(e);
  Eigen::VectorXcd l(n);
  l.real() = y.head(n);
  l.imag() = y.tail(n);
  if (m.value.imag() == 0.0) {
    // Real eigenvalue: make both vectors real, with r's largest entry positive.
    Eigen::Index big;
    m.right.cwiseAbs2().maxCoeff(&big);
    const double size = modulus(m.right(big));
    const Complex phase(m.right(big).real() / size, -m.right(big).imag() / size);  // conj(r_big) / |r_big|
    m.right = (m.right * phase).real().cast<Complex>();
    m.right.normalize();
  }
  const Complex lr = (l.transpose() * m.right)(0);
  const double lr2 = squared_modulus(lr);
  m.left = l * Complex(lr.real() / lr2, -lr.imag() / lr2);  // l / lr
  if (m.value.imag() == 0.0) m.left = m.left.real().cast<Complex>();
  m.conditioning = m.left.norm() * m.right.norm();  // 1/|cos| between l and r, with l^T r = 1
  return m;
}

const char* crossing_name(CrossingType t) {
  switch (t) {
    case CrossingType::pitchfork: return "pitchfork";
    case CrossingType::flip: return "flip";
    case CrossingType::neimark_sacker: return "neimark_sacker";
  }
  return "?";
}

std::vector<Crossing> unit_circle_crossings(const std::vector<Complex>& leading, double imag_tol) {
  for (std::size_t k = 0; k < leading.size(); ++k)
    if (!std::isfinite(leading[k].real()) || !std::isfinite(leading[k].imag()))
      throw Error("multipliers: entry " + std::to_string(k) + " is not finite");
  std::vector<Crossing> out;
  for (std::size_t k = 1; k < leading.size(); ++k) {
    const bool before = modulus(leading[k - 1]) >= 1.0, after = modulus(leading[k]) >= 1.0;
    if (before == after) continue;
    const Complex& near = std::abs(modulus(leading[k]) - 1.0) <= std::abs(modulus(leading[k - 1]) - 1.0)
                              ? leading[k]
                              : leading[k - 1];
    Crossing c;
    c.index = std::int64_t(k);
    c.outward = after;
    c.multiplier = near;
    if (std::abs(near.imag()) > imag_tol * std::max(1.0, modulus(near))) c.type = CrossingType::neimark_sacker;
    else c.type = near.real() > 0.0 ? CrossingType::pitchfork : CrossingType::flip;
    out.push_back(c);
  }
  return out;
}

}  // namespace rnnbook
