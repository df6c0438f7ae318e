#include "ops/partial_trace.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace rnnbook {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

void check_layout(const LinearOperator& A, Index n_outer, Index n_inner, const char* who) {
  if (n_outer < 1) throw Error(std::string(who) + ": n_outer must be >= 1, got " + std::to_string(n_outer));
  if (n_inner < 1) throw Error(std::string(who) + ": n_inner must be >= 1, got " + std::to_string(n_inner));
  const std::int64_t n = std::int64_t(n_outer) * std::int64_t(n_inner);
  if (A.rows() != A.cols() || std::int64_t(A.rows()) != n)
    throw Error(std::string(who) + ": the operator must be (n_outer * n_inner) square = " + std::to_string(n) +
                " x " + std::to_string(n) + ", got " + std::to_string(A.rows()) + " x " + std::to_string(A.cols()));
}

void check_samples(int samples, const char* who) {
  if (samples < 2)
    throw Error(std::string(who) + ": samples must be >= 2 (the standard error needs two), got " +
                std::to_string(samples));
}

// Entry-wise running mean and sum of squared deviations (Welford): identical samples give exactly 0 error.
struct Welford {
  MatrixXd mean, m2;
  int count = 0;
  Welford(Index r, Index c) : mean(MatrixXd::Zero(r, c)), m2(MatrixXd::Zero(r, c)) {}
  void add(const MatrixXd& x) {
    ++count;
    const MatrixXd delta = x - mean;
    mean += delta / double(count);
    m2.array() += delta.array() * (x - mean).array();
  }
  MatrixEstimate result(std::int64_t matvecs) const {
    const double s = double(count);
    return {mean, (m2.array().max(0.0) / (s * (s - 1.0))).sqrt().matrix(), matvecs};
  }
};

}  // namespace

// One column of A per basis vector e_(p,j); viewing y = A e_(p,j) as an n_inner x n_outer matrix Y
// (Y(i, o) = y[o * n_inner + i]), the diagonal block (p, p) contributes column p of Y to the outer trace and the
// unit-j row of Y to the inner trace (SCIENCE.md 2.4, partial_trace_BT and partial_trace_N).
PartialTraces partial_traces(const LinearOperator& A, Index n_outer, Index n_inner) {
  check_layout(A, n_outer, n_inner, "partial_traces");
  const Index n = A.rows();
  PartialTraces out{MatrixXd::Zero(n_inner, n_inner), MatrixXd::Zero(n_outer, n_outer)};
  VectorXd e = VectorXd::Zero(n), y(n);
  for (Index p = 0; p < n_outer; ++p)
    for (Index j = 0; j < n_inner; ++j) {
      e(p * n_inner + j) = 1.0;
      A.apply(e, y);
      e(p * n_inner + j) = 0.0;
      const Eigen::Map<const MatrixXd> Y(y.data(), n_inner, n_outer);
      out.outer.col(j) += Y.col(p);
      out.inner.col(p) += Y.row(j).transpose();
    }
  return out;
}

MatrixXd partial_trace_outer(const LinearOperator& A, Index n_outer, Index n_inner) {
  check_layout(A, n_outer, n_inner, "partial_trace_outer");
  return partial_traces(A, n_outer, n_inner).outer;
}

MatrixXd partial_trace_inner(const LinearOperator& A, Index n_outer, Index n_inner) {
  check_layout(A, n_outer, n_inner, "partial_trace_inner");
  return partial_traces(A, n_outer, n_inner).inner;
}

// E^T A E with E = 1 (x) I: input constant over outer, output summed over outer (kpflow PartialTrace).
MatrixXd blocksum_outer(const LinearOperator& A, Index n_outer, Index n_inner) {
  check_layout(A, n_outer, n_inner, "blocksum_outer");
  const Index n = A.rows();
  MatrixXd out(n_inner, n_inner);
  VectorXd x(n), y(n);
  for (Index j = 0; j < n_inner; ++j) {
    x.setZero();
    for (Index o = 0; o < n_outer; ++o) x(o * n_inner + j) = 1.0;
    A.apply(x, y);
    out.col(j) = Eigen::Map<const MatrixXd>(y.data(), n_inner, n_outer).rowwise().sum();
  }
  return out;
}

// E^T A E with E = I (x) 1: input constant over inner, output summed over inner.
MatrixXd blocksum_inner(const LinearOperator& A, Index n_outer, Index n_inner) {
  check_layout(A, n_outer, n_inner, "blocksum_inner");
  const Index n = A.rows();
  MatrixXd out(n_outer, n_outer);
  VectorXd x(n), y(n);
  for (Index p = 0; p < n_outer; ++p) {
    x.setZero();
    x.segment(p * n_inner, n_inner).setOnes();
    A.apply(x, y);
    out.col(p) = Eigen::Map<const MatrixXd>(y.data(), n_inner, n_outer).colwise().sum().transpose();
  }
  return out;
}

// (w (x) I)^T A (w (x) I) = sum_{o,p} w_o w_p A_(o,p) has expectation sum_o A_(o,o) for E[w w^T] = I.
MatrixEstimate partial_trace_outer_estimate(const LinearOperator& A, Index n_outer, Index n_inner, int samples,
                                            Rng& rng) {
  check_layout(A, n_outer, n_inner, "partial_trace_outer_estimate");
  check_samples(samples, "partial_trace_outer_estimate");
  const Index n = A.rows();
  Welford acc(n_inner, n_inner);
  VectorXd w(n_outer), x(n), y(n);
  MatrixXd sample(n_inner, n_inner);
  for (int s = 0; s < samples; ++s) {
    for (Index o = 0; o < n_outer; ++o) w(o) = rng.sign();
    for (Index j = 0; j < n_inner; ++j) {
      x.setZero();
      for (Index o = 0; o < n_outer; ++o) x(o * n_inner + j) = w(o);
      A.apply(x, y);
      sample.col(j) = Eigen::Map<const MatrixXd>(y.data(), n_inner, n_outer) * w;
    }
    acc.add(sample);
  }
  return acc.result(std::int64_t(samples) * n_inner);
}

// (I (x) w)^T A (I (x) w) has expectation sum_i A_(.i),(.i) for E[w w^T] = I.
MatrixEstimate partial_trace_inner_estimate(const LinearOperator& A, Index n_outer, Index n_inner, int samples,
                                            Rng& rng) {
  check_layout(A, n_outer, n_inner, "partial_trace_inner_estimate");
  check_samples(samples, "partial_trace_inner_estimate");
  const Index n = A.rows();
  Welford acc(n_outer, n_outer);
  VectorXd w(n_inner), x(n), y(n);
  MatrixXd sample(n_outer, n_outer);
  for (int s = 0; s < samples; ++s) {
    for (Index i = 0; i < n_inner; ++i) w(i) = rng.sign();
    for (Index p = 0; p < n_outer; ++p) {
      x.setZero();
      x.segment(p * n_inner, n_inner) = w;
      A.apply(x, y);
      sample.col(p) = Eigen::Map<const MatrixXd>(y.data(), n_inner, n_outer).transpose() * w;
    }
    acc.add(sample);
  }
  return acc.result(std::int64_t(samples) * n_outer);
}

}  // namespace rnnbook
