#pragma once
// The readout and input products of one training step (one side only O rows or I columns; the N x N
// products are linalg/packed_product's), for the forward pass and BPTT (rnn/network.cpp).
// float64 keeps Eigen's lazy products, whose bits the tests pin. float32 computes them from C^T (N x O,
// contiguous columns) as dot products and column updates that Eigen vectorises: Eigen's lazy products
// read the rows of C and of h with a stride, one float at a time.
#include <Eigen/Dense>
#include <type_traits>

namespace rnnbook::step_products {

template <class M> constexpr bool is_float = std::is_same_v<typename M::Scalar, float>;

// The two float32 kernels, each in the order of Eigen's lazy product (so that a sum starts from its first
// term); w may hold doubles, rounded to out's scalar as they are read.
// out.col(b) += sum over k of a.col(k) w(k, b): out += a w.
template <class Out, class A, class W>
void add_column_combinations(Out&& out, const A& a, const W& w) {
  using S = typename std::decay_t<Out>::Scalar;
  for (Eigen::Index b = 0; b < w.cols(); ++b)
    for (Eigen::Index k = 0; k < w.rows(); ++k) out.col(b) += a.col(k) * S(w(k, b));
}
// sums.col(k) = sum over b of a.col(b) w(k, b): sums = a w^T.
template <class Sums, class A, class W>
void weighted_column_sums(Sums& sums, const A& a, const W& w) {
  using S = typename Sums::Scalar;
  sums.setZero(a.rows(), w.rows());
  for (Eigen::Index k = 0; k < w.rows(); ++k)
    for (Eigen::Index b = 0; b < w.cols(); ++b) sums.col(k) += a.col(b) * S(w(k, b));
}

// y = C h (O x N times N x B); CT = C^T.
template <class Y, class CMatrix, class CT, class H>
void readout(Y&& y, const CMatrix& C, const CT& C_transposed, const H& h) {
  if constexpr (is_float<CMatrix>) {
    for (Eigen::Index b = 0; b < y.cols(); ++b)
      for (Eigen::Index o = 0; o < y.rows(); ++o) y(o, b) = C_transposed.col(o).dot(h.col(b));
  } else {
    y.noalias() = C.lazyProduct(h);
  }
}

// gC += dy h^T (O x B times B x N); sums is an N x O scratch.
template <class GC, class DY, class H, class Sums>
void add_readout_gradient(GC&& gC, const DY& dy, const H& h, Sums& sums) {
  if constexpr (is_float<DY>) {
    weighted_column_sums(sums, h, dy);
    gC += sums.transpose();
  } else {
    gC.noalias() += dy.lazyProduct(h.transpose());
  }
}

// lambda += C^T dy (N x O times O x B); CT = C^T.
template <class Lambda, class CMatrix, class CT, class DY>
void add_readout_adjoint(Lambda& lambda, const CMatrix& C, const CT& C_transposed, const DY& dy) {
  if constexpr (is_float<DY>) {
    add_column_combinations(lambda, C_transposed, dy);
  } else {
    lambda.noalias() += C.transpose().lazyProduct(dy);
  }
}

// u = U x (N x I times I x B); x holds doubles, rounded to Scalar as they are read.
template <class Out, class UMatrix, class X>
void input_drive(Out&& u, const UMatrix& U, const X& x) {
  if constexpr (is_float<UMatrix>) {
    u.setZero();
    add_column_combinations(u, U, x);
  } else {
    u.noalias() = U.lazyProduct(x);
  }
}

// gU += g x^T (N x B times B x I); x holds doubles, rounded to Scalar as read; sums is an N x I scratch.
template <class GU, class G, class X, class Sums>
void add_input_gradient(GU&& gU, const G& g, const X& x, Sums& sums) {
  if constexpr (is_float<G>) {
    weighted_column_sums(sums, g, x);
    gU += sums;
  } else {
    gU.noalias() += g.lazyProduct(x.transpose());
  }
}

}  // namespace rnnbook::step_products
