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
    sums.setZero(h.rows(), dy.rows());
    for (Eigen::Index o = 0; o < dy.rows(); ++o)
      for (Eigen::Index b = 0; b < dy.cols(); ++b) sums.col(o) += h.col(b) * dy(o, b);
    gC += sums.transpose();
  } else {
    gC.noalias() += dy.lazyProduct(h.transpose());
  }
}

// lambda += C^T dy (N x O times O x B); CT = C^T.
template <class Lambda, class CMatrix, class CT, class DY>
void add_readout_adjoint(Lambda& lambda, const CMatrix& C, const CT& C_transposed, const DY& dy) {
  if constexpr (is_float<DY>) {
    for (Eigen::Index b = 0; b < dy.cols(); ++b)
      for (Eigen::Index o = 0; o < dy.rows(); ++o) lambda.col(b) += C_transposed.col(o) * dy(o, b);
  } else {
    lambda.noalias() += C.transpose().lazyProduct(dy);
  }
}

// u = U x (N x I times I x B); x holds doubles, rounded to Scalar as they are read.
template <class Out, class UMatrix, class X>
void input_drive(Out&& u, const UMatrix& U, const X& x) {
  if constexpr (is_float<UMatrix>) {  // the lazy product's order: a column update per input, from zero
    u.setZero();
    for (Eigen::Index b = 0; b < x.cols(); ++b)
      for (Eigen::Index k = 0; k < x.rows(); ++k) u.col(b) += U.col(k) * float(x(k, b));
  } else {
    u.noalias() = U.lazyProduct(x);
  }
}

// gU += g x^T (N x B times B x I); x holds doubles, rounded to Scalar as read; sums is an N x I scratch.
template <class GU, class G, class X, class Sums>
void add_input_gradient(GU&& gU, const G& g, const X& x, Sums& sums) {
  if constexpr (is_float<G>) {
    sums.setZero(g.rows(), x.rows());
    for (Eigen::Index k = 0; k < x.rows(); ++k)
      for (Eigen::Index b = 0; b < x.cols(); ++b) sums.col(k) += g.col(b) * float(x(k, b));
    gU += sums;
  } else {
    gU.noalias() += g.lazyProduct(x.transpose());
  }
}

}  // namespace rnnbook::step_products
