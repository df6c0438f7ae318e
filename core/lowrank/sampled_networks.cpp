#include "lowrank/sampled_networks.hpp"

#include <numeric>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace rnnbook {

namespace {

Eigen::MatrixXd normal_rows(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  Eigen::MatrixXd Z(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) Z(i, j) = rng.normal();
  return Z;
}

// Rows from N(mean, cov) of the rows of X: mean + z L^T with cov = L L^T (a tiny ridge if cov is singular).
Eigen::MatrixXd gaussian_rows(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::Index count, Rng& rng) {
  if (X.rows() < 2) throw Error("gaussian control: needs at least 2 neurons");
  const Eigen::RowVectorXd mean = X.colwise().mean();
  const Eigen::MatrixXd C = (X.rowwise() - mean).transpose() * (X.rowwise() - mean) / double(X.rows());
  Eigen::LLT<Eigen::MatrixXd> llt(C);
  if (llt.info() != Eigen::Success)
    llt.compute(C + 1e-12 * C.trace() * Eigen::MatrixXd::Identity(C.rows(), C.cols()));
  const Eigen::MatrixXd L = llt.matrixL();
  return (normal_rows(count, X.cols(), rng) * L.transpose()).rowwise() + mean;
}

void check_neurons(Eigen::Index neurons) {
  if (neurons < 2) throw Error("sample.neurons: must be >= 2, got " + std::to_string(neurons));
}

}  // namespace

Eigen::MatrixXd max_entropy_n(const Eigen::Ref<const Eigen::MatrixXd>& m, const MaxEntropyMean& g, double s, Rng& rng) {
  return g(m) + s * normal_rows(m.rows(), m.cols(), rng);
}

Eigen::MatrixXd joint_loadings(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g, double s, Rng& rng) {
  Eigen::MatrixXd Z(M.rows(), 2 * M.cols());
  Z << M, max_entropy_n(M, g, s, rng);
  return Z;
}

LowRankNetwork sample_network_a(const LoadingFlow& flow_m, const MaxEntropyMean& g, double s, Eigen::Index neurons,
                                Rng& rng, FlowIntegrator integrator, int steps) {
  check_neurons(neurons);
  LowRankNetwork net;
  net.M = flow_m.sample(neurons, rng, integrator, steps).transpose();
  net.N = max_entropy_n(net.M, g, s, rng);
  net.phi = g.phi;
  return net;
}

LowRankNetwork sample_network_b(const LoadingFlow& flow_mn, Eigen::Index neurons, Rng& rng, FlowIntegrator integrator,
                                int steps) {
  check_neurons(neurons);
  const Eigen::MatrixXd Z = flow_mn.sample(neurons, rng, integrator, steps).transpose();
  const Eigen::Index R = Z.cols() / 2;
  LowRankNetwork net;
  net.M = Z.leftCols(R);
  net.N = Z.rightCols(R);
  return net;
}

LowRankNetwork bootstrap_network(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g, double s,
                                 Eigen::Index neurons, Rng& rng) {
  check_neurons(neurons);
  LowRankNetwork net;
  net.M.resize(neurons, M.cols());
  for (Eigen::Index i = 0; i < neurons; ++i)
    net.M.row(i) = M.row(std::min(Eigen::Index(rng.uniform() * double(M.rows())), M.rows() - 1));
  net.N = max_entropy_n(net.M, g, s, rng);
  net.phi = g.phi;
  return net;
}

LowRankNetwork gaussian_network(const Eigen::Ref<const Eigen::MatrixXd>& loadings, Eigen::Index neurons, Rng& rng) {
  check_neurons(neurons);
  const Eigen::MatrixXd Z = gaussian_rows(loadings, neurons, rng);
  const Eigen::Index R = Z.cols() / 2;
  LowRankNetwork net;
  net.M = Z.leftCols(R);
  net.N = Z.rightCols(R);
  return net;
}

LowRankNetwork gaussian_m_network(const Eigen::Ref<const Eigen::MatrixXd>& M, const MaxEntropyMean& g, double s,
                                  Eigen::Index neurons, Rng& rng) {
  check_neurons(neurons);
  LowRankNetwork net;
  net.M = gaussian_rows(M, neurons, rng);
  net.N = max_entropy_n(net.M, g, s, rng);
  net.phi = g.phi;
  return net;
}

LowRankNetwork shuffled_network(const LowRankNetwork& net, Rng& rng) {
  const Eigen::Index n = net.neurons();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index(0));
  for (Eigen::Index i = n - 1; i > 0; --i)  // Fisher-Yates
    std::swap(order[std::size_t(i)], order[std::size_t(std::min(Eigen::Index(rng.uniform() * double(i + 1)), i))]);
  LowRankNetwork out = net;
  for (Eigen::Index i = 0; i < n; ++i) out.N.row(i) = net.N.row(order[std::size_t(i)]);
  return out;
}

}  // namespace rnnbook
