#include "measures/sntk_measures.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <functional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "measures/effective_rank.hpp"
#include "ops/sntk_operators.hpp"
#include "ops/spectral.hpp"
#include "ops/trace.hpp"

namespace rnnbook {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

double cube(double x) { return x * x * x; }

// A non-owning shared_ptr, for operators over a model the caller owns.
std::shared_ptr<const StateSpaceModel> borrow(const StateSpaceModel& m) {
  return {&m, [](const StateSpaceModel*) {}};
}

// Theta^2 (or G^2) as an operator: tr of it is ||Theta||_F^2.
class SquaredOperator : public LinearOperator {
 public:
  explicit SquaredOperator(const LinearOperator& A) : A_(A) {}
  Index rows() const override { return A_.rows(); }
  Index cols() const override { return A_.cols(); }
  void apply(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override {
    VectorXd mid(A_.rows());
    A_.apply(in, mid);
    A_.apply(mid, out);
  }
  void applyT(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override { apply(in, out); }

 private:
  const LinearOperator& A_;
};

// Count of sigma_i > tol sigma_1 given the squares sigma^2 (eigenvalues of a Gram), descending.
std::int64_t numerical_rank(const VectorXd& descending, double tol) {
  if (descending.size() == 0 || !(descending(0) > 0.0)) return 0;
  return std::int64_t((descending.array() > tol * tol * descending(0)).count());
}

VectorXd descending_eigenvalues(const MatrixXd& S) {
  VectorXd ev = Eigen::SelfAdjointEigenSolver<MatrixXd>(S, Eigen::EigenvaluesOnly).eigenvalues();
  return ev.reverse().cwiseMax(0.0);
}

// Eigenvalues (descending) and the top k eigenvectors of a symmetric S.
VectorXd descending_eigenpairs(const MatrixXd& S, int k, MatrixXd& vectors) {
  const Eigen::SelfAdjointEigenSolver<MatrixXd> es(S);
  const Index n = S.rows(), kk = std::min<Index>(k, n);
  vectors = es.eigenvectors().rightCols(kk).rowwise().reverse();
  return es.eigenvalues().reverse().cwiseMax(0.0);
}

// G's eigenvectors from Theta's: w = J^T u / ||J^T u||.
MatrixXd gram_vectors_from_state(const StateSpaceModel& model, const MatrixXd& U, SntkMeasurement& m) {
  MatrixXd W(model.param_dim(), U.cols());
  for (Index j = 0; j < U.cols(); ++j) {
    model.vjp(U.col(j), W.col(j));
    const double n = W.col(j).norm();
    if (n > 0.0) W.col(j) /= n;
  }
  m.passes += U.cols();
  return W;
}

void fill_from_spectrum(SntkMeasurement& m, const VectorXd& ev, int k, double tol) {
  m.exact = true;
  m.trace = ev.sum();
  m.pr = participation_ratio(ev);
  m.erank = entropy_effective_rank(ev);
  m.top = ev.head(std::min<Index>(k, ev.size()));
  m.rank_theta = numerical_rank(ev, tol);
}

// Dense J (D x P) by P JVPs, then G = J^T J by P VJPs of its columns (cheaper than the D x P x P product
// when passes are cheap), and Theta's partial traces from row blocks of J.
void measure_dense_jacobian(const StateSpaceModel& model, const SntkOptions& o, SntkMeasurement& m) {
  const Index D = model.state_dim(), P = model.param_dim(), N = model.hidden(), BT = D / N;
  // The unit's progress by rough flop counts: 2P passes of D N, the eigenproblem of G, the partial traces.
  const double passes = 2.0 * double(P) * double(D) * double(N), eigen = 4.0 * cube(double(P)),
               traces = double(D) * double(P) * double(N + BT), all = passes + eigen + traces;
  MatrixXd J(D, P);
  MatrixXd G(P, P);
  {
    const ProgressPart part(0.0, passes / all);
    VectorXd e = VectorXd::Zero(P);
    for (Index j = 0; j < P; ++j) {
      e(j) = 1.0;
      model.jvp(e, J.col(j));
      e(j) = 0.0;
      report_progress(0.5 * double(j + 1) / double(P));
    }
    for (Index j = 0; j < P; ++j) {
      model.vjp(J.col(j), G.col(j));
      report_progress(0.5 + 0.5 * double(j + 1) / double(P));
    }
  }
  m.passes += 2 * P;
  G = (0.5 * (G + G.transpose())).eval();
  {
    const ProgressPart part(passes / all, (passes + eigen) / all);
    fill_from_spectrum(m, o.vectors ? descending_eigenpairs(G, o.top_k, m.top_vectors) : descending_eigenvalues(G),
                       o.top_k, o.rank_tol);
  }

  // Spatial: sum_o J_o J_o^T over the BT row blocks J_o (N x P) of J.
  MatrixXd spatial = MatrixXd::Zero(N, N);
  for (Index r = 0; r < BT; ++r) spatial.selfadjointView<Eigen::Lower>().rankUpdate(J.middleRows(r * N, N));
  // Temporal: sum_i J_i J_i^T over the rows J_i (BT x P) of unit i, every N-th row of J.
  MatrixXd temporal = MatrixXd::Zero(BT, BT);
  using Strided = Eigen::Map<const MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
  for (Index i = 0; i < N; ++i) {
    const Strided Ji(J.data() + i, BT, P, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(D, N));
    temporal.selfadjointView<Eigen::Lower>().rankUpdate(Ji);
    report_progress((passes + eigen + traces * double(i + 1) / double(N)) / all);
  }
  spatial = spatial.selfadjointView<Eigen::Lower>();
  temporal = temporal.selfadjointView<Eigen::Lower>();
  m.pr_spatial = participation_ratio_psd(spatial);
  m.pr_temporal = participation_ratio_psd(temporal);
}

void measure_dense(const StateSpaceModel& model, const SntkOptions& o, SntkMeasurement& m) {
  const Index D = model.state_dim(), P = model.param_dim(), BT = D / model.hidden();
  // The temporal partial trace is BT x BT: past the dense limit (e.g. 2 trials of 5000 steps) it took
  // gigabytes and minutes in one step.
  if (o.partial_traces && P <= kDenseLimit && BT <= kDenseLimit && double(D) * double(P) <= kDenseJacobianEntries) {
    measure_dense_jacobian(model, o, m);
    return;
  }
  // Spectrum only, from the smaller Gram matrix.
  const MatrixXd S = P <= D ? dense_gram(model) : dense_state_ntk(model);
  m.passes += 2 * std::min(P, D);
  if (!o.vectors) {
    fill_from_spectrum(m, descending_eigenvalues(S), o.top_k, o.rank_tol);
    return;
  }
  MatrixXd V;
  fill_from_spectrum(m, descending_eigenpairs(S, o.top_k, V), o.top_k, o.rank_tol);
  m.top_vectors = P <= D ? V : gram_vectors_from_state(model, V, m);
}

void measure_matrix_free(const StateSpaceModel& model, const SntkOptions& o, Rng& rng, SntkMeasurement& m) {
  const Index D = model.state_dim(), P = model.param_dim();
  // Work on the smaller of Theta (D) and G (P): same non-zero spectrum, same traces.
  std::unique_ptr<LinearOperator> A;
  if (P <= D) A = std::make_unique<ParameterGramOperator>(borrow(model));
  else A = std::make_unique<StateNtkOperator>(borrow(model));
  const Estimate tr = hutchpp_trace(*A, o.probes, rng);
  const Estimate fro = hutchpp_trace(SquaredOperator(*A), o.probes, rng);
  const int k = int(std::min<Index>(o.top_k, A->rows()));
  const Eigenpairs top = top_eigenpairs(*A, k, rng);
  m.passes += 2 * (tr.matvecs + 2 * fro.matvecs + top.matvecs);
  m.exact = false;
  m.trace = tr.value;
  m.top = top.values.cwiseMax(0.0);
  if (o.vectors) m.top_vectors = P <= D ? top.vectors : gram_vectors_from_state(model, top.vectors, m);
  if (!(fro.value > 0.0)) throw Error("sNTK: the estimate of ||Theta||_F^2 is not positive; use more probes");
  m.pr = tr.value * tr.value / fro.value;
  const double rt = tr.value != 0.0 ? tr.std_error / tr.value : 0.0, rf = fro.std_error / fro.value;
  m.pr_std_error = std::abs(m.pr) * std::sqrt(4 * rt * rt + rf * rf);
}

// Rough flop counts of measure_sntk's phases, only to share one unit's progress among them (a pass, one
// JVP or VJP, is about D N; a symmetric eigenproblem of size n about 4 n^3).
struct SntkPhaseCosts {
  double main, factors, top_K, top_P;
};

SntkPhaseCosts sntk_phase_costs(const StateSpaceModel& model, const SntkOptions& o, bool small) {
  const double D = double(model.state_dim()), P = double(model.param_dim()), N = double(model.hidden());
  const double BT = D / N, M = P / N, pass = D * N, k = double(o.top_k);
  SntkPhaseCosts c{};
  if (o.method == SntkMethod::matrix_free || !small) c.main = 2.0 * (3.0 * o.probes + 30.0 * k) * pass;
  else if (o.partial_traces && P <= kDenseLimit && BT <= kDenseLimit && D * P <= kDenseJacobianEntries)
    c.main = 2.0 * P * pass + 4.0 * cube(P) + D * P * (N + BT);
  else c.main = 2.0 * std::min(P, D) * pass + 4.0 * cube(std::min(P, D));
  c.factors = 4.0 * cube(M) + BT * BT * (M + N);
  if (o.factor_spectra) {
    c.top_K = (model.parameters().shape().cell == CellKind::current ? 1.0 : N) * (4.0 * cube(BT) + BT * BT * M);
    c.top_P = double(model.trials()) * (4.0 * k + 40.0) * pass;
  }
  return c;
}

}  // namespace

SntkMethod sntk_method_from_name(const std::string& name) {
  if (name == "auto") return SntkMethod::automatic;
  if (name == "dense") return SntkMethod::dense;
  if (name == "matrix_free") return SntkMethod::matrix_free;
  throw Error("method: must be one of \"auto\", \"dense\", \"matrix_free\", got \"" + name + "\"");
}

double parameter_operator_pr(const StateSpaceModel& model) {
  const MatrixXd Z = model.weight_sites();  // BT x M, row s B + b
  const Index T = model.steps(), B = model.trials(), N = model.hidden(), BT = T * B;
  const auto& traj = model.trajectory();
  const CellKind cell = model.parameters().shape().cell;
  // d^2 (BT x N): phi'(u)^2 for the rate and ctrnn cells (u as the trajectory stores it), 1 for current.
  MatrixXd d2 = MatrixXd::Ones(BT, N);
  if (cell != CellKind::current) {
    const Eigen::Map<const MatrixXd> u(traj.u.data(), N, BT);  // column s B + b
    MatrixXd du(N, BT);
    apply_dphi(model.parameters().shape().activation, u, du);
    d2 = du.transpose().array().square().matrix();
  }
  const MatrixXd ZZ = Z * Z.transpose();
  const VectorXd norms = ZZ.diagonal();
  const double trace = (norms.array() * d2.rowwise().sum().array()).sum();  // the a^2 cancels in PR
  const MatrixXd DD = d2 * d2.transpose();
  const double fro = (ZZ.array().square() * DD.array()).sum();
  if (!(fro > 0.0)) throw Error("sNTK: K is zero (no weight sites)");
  return trace * trace / fro;
}

namespace {

// d (BT x N): phi'(u) for the rate and ctrnn cells, 1 for the current cell (as parameter_operator_pr).
MatrixXd site_gains(const StateSpaceModel& model) {
  const Index BT = model.steps() * model.trials(), N = model.hidden();
  if (model.parameters().shape().cell == CellKind::current) return MatrixXd::Ones(BT, N);
  const Eigen::Map<const MatrixXd> u(model.trajectory().u.data(), N, BT);
  MatrixXd du(N, BT);
  apply_dphi(model.parameters().shape().activation, u, du);
  return du.transpose();
}

// Trial b's block of P as an operator on T N vectors (step-major, like the state vector).
class TrialPropagator : public LinearOperator {
 public:
  TrialPropagator(const StateSpaceModel& m, Index b) : m_(m), b_(b) {}
  Index rows() const override { return m_.steps() * m_.hidden(); }
  Index cols() const override { return rows(); }
  void apply(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override { run(in, out, false); }
  void applyT(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out) const override { run(in, out, true); }

 private:
  void run(const Eigen::Ref<const VectorXd>& in, Eigen::Ref<VectorXd> out, bool transpose) const {
    const Index T = m_.steps(), B = m_.trials(), N = m_.hidden();
    VectorXd full = VectorXd::Zero(m_.state_dim()), res(m_.state_dim());
    for (Index t = 0; t < T; ++t) full.segment((t * B + b_) * N, N) = in.segment(t * N, N);
    if (transpose) m_.propagate_T(full, res);
    else m_.propagate(full, res);
    for (Index t = 0; t < T; ++t) out.segment(t * N, N) = res.segment((t * B + b_) * N, N);
  }
  const StateSpaceModel& m_;
  Index b_;
};

VectorXd top_of(std::vector<double> values, int k) {
  std::sort(values.begin(), values.end(), std::greater<double>());
  const Index n = std::min<Index>(k, Index(values.size()));
  return Eigen::Map<const VectorXd>(values.data(), n);
}

}  // namespace

VectorXd parameter_operator_top(const StateSpaceModel& model, int k) {
  const MatrixXd Z = model.weight_sites();
  const MatrixXd ZZ = Z * Z.transpose();
  const Index N = model.hidden();
  const double a = model.parameters().shape().leak;
  std::vector<double> all;
  if (model.parameters().shape().cell == CellKind::current) {
    const VectorXd ev = descending_eigenvalues(a * a * ZZ);
    for (Index i = 0; i < std::min<Index>(k, ev.size()); ++i) all.insert(all.end(), std::size_t(N), ev(i));
  } else {
    const MatrixXd d = site_gains(model);
    for (Index i = 0; i < N; ++i) {
      const VectorXd ev = descending_eigenvalues(a * a * d.col(i).asDiagonal() * ZZ * d.col(i).asDiagonal());
      all.insert(all.end(), ev.data(), ev.data() + std::min<Index>(k, ev.size()));
      report_progress(double(i + 1) / double(N));
    }
  }
  return top_of(std::move(all), k);
}

VectorXd propagator_top_singular_values(const StateSpaceModel& model, int k, Rng& rng) {
  std::vector<double> all;
  for (Index b = 0; b < model.trials(); ++b) {
    const TrialPropagator Pb(model, b);
    const VectorXd sv = top_singular_values(Pb, int(std::min<Index>(k, Pb.rows())), rng);
    all.insert(all.end(), sv.data(), sv.data() + sv.size());
    report_progress(double(b + 1) / double(model.trials()));
  }
  return top_of(std::move(all), k);
}

SntkMeasurement measure_sntk(const StateSpaceModel& model, const SntkOptions& o, Rng& rng) {
  if (o.top_k < 1 || o.top_k > 50) throw Error("top_k: must be an integer in [1, 50], got " + std::to_string(o.top_k));
  if (o.probes < 4 || o.probes > 10000)
    throw Error("probes: must be an integer in [4, 10000], got " + std::to_string(o.probes));
  const auto& h = model.trajectory().h;
  if (!std::all_of(h.begin(), h.end(), [](double v) { return std::isfinite(v); }))
    throw Error("sNTK: the trajectory contains NaN or infinity");
  const Index D = model.state_dim(), P = model.param_dim();
  const bool small = std::min(D, P) <= kDenseLimit;
  if (o.method == SntkMethod::dense && !small)
    throw Error("sNTK: min(D, P) = " + std::to_string(std::min(D, P)) + " exceeds the dense limit " +
                std::to_string(kDenseLimit) + "; use method \"matrix_free\"");
  const SntkPhaseCosts c = sntk_phase_costs(model, o, small);
  const double all = c.main + c.factors + c.top_K + c.top_P;
  SntkMeasurement m;
  {
    const ProgressPart part(0.0, c.main / all);
    if (o.method == SntkMethod::matrix_free || !small) measure_matrix_free(model, o, rng, m);
    else measure_dense(model, o, m);
  }
  {
    const ProgressPart part(c.main / all, (c.main + c.factors) / all);
    const MatrixXd Z = model.weight_sites();
    const VectorXd sz = descending_eigenvalues(Z.transpose() * Z);  // sigma^2 of Z
    m.pr_ZZ = participation_ratio(sz);
    m.rank_bound = model.hidden() * numerical_rank(sz, o.rank_tol);
    m.pr_K = parameter_operator_pr(model);
  }
  if (o.factor_spectra) {  // Theta = P K P^T: which factor's spectrum changes (SCIENCE.md 3, S4)
    {
      const ProgressPart part((c.main + c.factors) / all, (c.main + c.factors + c.top_K) / all);
      m.top_K = parameter_operator_top(model, o.top_k);
    }
    const ProgressPart part((c.main + c.factors + c.top_K) / all, 1.0);
    m.top_P = propagator_top_singular_values(model, o.top_k, rng);
  }
  return m;
}

}  // namespace rnnbook
