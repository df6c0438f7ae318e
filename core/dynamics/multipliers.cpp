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

bool leads(const Complex& x, const Complex& y, LeadingBy order) {
  if (order == LeadingBy::real_part) {
    if (x.real() != y.real()) return x.real() > y.real();
    return x.imag() > y.imag();  // a conjugate pair: the upper one first
  }
  if (std::abs(x) != std::abs(y)) return std::abs(x) > std::abs(y);
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
  Eigen::VectorXcd e = Eigen::VectorXcd::Zero(A.rows());
  e(c) = 1.0;
  Eigen::VectorXcd l = V.transpose().fullPivLu().solve(e);
  if (std::abs(m.value.imag()) == 0.0) {
    // Real eigenvalue: make both vectors real, with r's largest entry positive.
    Eigen::Index big;
    m.right.cwiseAbs().maxCoeff(&big);
    const Complex phase = std::abs(m.right(big)) / m.right(big);
    m.right = (m.right * phase).real().cast<Complex>();
    m.right.normalize();
  }
  const Complex lr = (l.transpose() * m.right)(0);
  m.left = l / lr;
  if (std::abs(m.value.imag()) == 0.0) m.left = m.left.real().cast<Complex>();
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
    const bool before = std::abs(leading[k - 1]) >= 1.0, after = std::abs(leading[k]) >= 1.0;
    if (before == after) continue;
    const Complex& near = std::abs(std::abs(leading[k]) - 1.0) <= std::abs(std::abs(leading[k - 1]) - 1.0)
                              ? leading[k]
                              : leading[k - 1];
    Crossing c;
    c.index = std::int64_t(k);
    c.outward = after;
    c.multiplier = near;
    if (std::abs(near.imag()) > imag_tol * std::max(1.0, std::abs(near))) c.type = CrossingType::neimark_sacker;
    else c.type = near.real() > 0.0 ? CrossingType::pitchfork : CrossingType::flip;
    out.push_back(c);
  }
  return out;
}

}  // namespace rnnbook
