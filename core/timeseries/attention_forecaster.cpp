#include "timeseries/attention_forecaster.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/constants.hpp"
#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "optim/adam.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

namespace {

// What one window's forward pass keeps for its backward pass.
struct AttentionWindow {
  Eigen::MatrixXd Y, T, Q, K, V, C, U, M;  // Y: L x N; T: d x N; Q, K, V, C: H d_k x N; U: (d + H d_k) x N; M: hidden x N
  std::vector<Eigen::MatrixXd> A;          // per head, N x N (row = target)
  Eigen::RowVectorXd yhat;                 // 1 x N
};

void check_window(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index t) {
  if (y.cols() != m.neurons || t - m.context + 1 < 0 || t >= y.rows())
    throw Error("attention: window at origin " + std::to_string(t) + " does not fit a series of " +
                size_text(y.rows(), y.cols()) + " with context " + std::to_string(m.context) + " and " +
                std::to_string(m.neurons) + " neurons");
}

// Softmax of each row over the entries j != i (the diagonal is masked to exactly 0).
void masked_row_softmax(Eigen::MatrixXd& Z) {
  for (Eigen::Index i = 0; i < Z.rows(); ++i) {
    double top = -1e300;
    for (Eigen::Index j = 0; j < Z.cols(); ++j)
      if (j != i) top = std::max(top, Z(i, j));
    double sum = 0;
    for (Eigen::Index j = 0; j < Z.cols(); ++j) sum += (Z(i, j) = j == i ? 0.0 : portable::exp(Z(i, j) - top));
    Z.row(i) /= sum;
  }
}

void forward_window(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index t,
                    AttentionWindow& w) {
  check_window(m, y, t);
  const Eigen::Index dk = m.key_width;
  w.Y = y.middleRows(t - m.context + 1, m.context);
  w.T = m.E * w.Y + m.S;
  w.T.colwise() += m.e.col(0);
  w.Q.noalias() = m.Wq * w.T;
  w.K.noalias() = m.Wk * w.T;
  w.V.noalias() = m.Wv * w.T;
  w.A.resize(std::size_t(m.heads));
  w.C.resize(m.heads * dk, m.neurons);
  const double scale = 1.0 / std::sqrt(double(dk));
  for (int h = 0; h < m.heads; ++h) {
    Eigen::MatrixXd& A = w.A[std::size_t(h)];
    A.noalias() = scale * w.Q.middleRows(h * dk, dk).transpose() * w.K.middleRows(h * dk, dk);
    masked_row_softmax(A);
    w.C.middleRows(h * dk, dk).noalias() = w.V.middleRows(h * dk, dk) * A.transpose();
  }
  w.U.resize(w.T.rows() + w.C.rows(), m.neurons);
  w.U << w.T, w.C;
  w.M = m.M1 * w.U;
  w.M.colwise() += m.m1.col(0);
  apply_phi(Activation::tanh, w.M, w.M);
  w.yhat = m.w2.transpose() * w.M + m.a.transpose() * w.Y;
  w.yhat.array() += m.b2(0, 0) + m.a0(0, 0);
}

// The reverse of forward_window for dL/dyhat = g (1 x N), accumulated into grad.
void backward_window(const AttentionForecaster& m, const AttentionWindow& w, const Eigen::RowVectorXd& g,
                     AttentionForecaster& grad) {
  const Eigen::Index dk = m.key_width, d = w.T.rows();
  grad.w2.noalias() += w.M * g.transpose();
  grad.b2(0, 0) += g.sum();
  grad.a.noalias() += w.Y * g.transpose();
  grad.a0(0, 0) += g.sum();
  const Eigen::MatrixXd dpre = ((m.w2 * g).array() * (1.0 - w.M.array().square())).matrix();
  grad.M1.noalias() += dpre * w.U.transpose();
  grad.m1 += dpre.rowwise().sum();
  const Eigen::MatrixXd dU = m.M1.transpose() * dpre;
  Eigen::MatrixXd dT = dU.topRows(d);
  const auto dC = dU.bottomRows(w.C.rows());
  Eigen::MatrixXd dQ(w.Q.rows(), w.Q.cols()), dK(w.K.rows(), w.K.cols()), dV(w.V.rows(), w.V.cols());
  const double scale = 1.0 / std::sqrt(double(dk));
  for (int h = 0; h < m.heads; ++h) {
    const Eigen::MatrixXd& A = w.A[std::size_t(h)];
    const auto dCh = dC.middleRows(h * dk, dk);
    dV.middleRows(h * dk, dk).noalias() = dCh * A;                       // C_h = V_h A^T
    const Eigen::MatrixXd dA = dCh.transpose() * w.V.middleRows(h * dk, dk);
    // Softmax: dZ_ij = A_ij (dA_ij - sum_k A_ik dA_ik); masked entries have A = 0.
    const Eigen::VectorXd row_dot = (A.array() * dA.array()).rowwise().sum();
    const Eigen::MatrixXd dZ = (A.array() * (dA.colwise() - row_dot).array()).matrix() * scale;
    dQ.middleRows(h * dk, dk).noalias() = w.K.middleRows(h * dk, dk) * dZ.transpose();
    dK.middleRows(h * dk, dk).noalias() = w.Q.middleRows(h * dk, dk) * dZ;
  }
  grad.Wq.noalias() += dQ * w.T.transpose();
  grad.Wk.noalias() += dK * w.T.transpose();
  grad.Wv.noalias() += dV * w.T.transpose();
  dT.noalias() += m.Wq.transpose() * dQ + m.Wk.transpose() * dK + m.Wv.transpose() * dV;
  grad.E.noalias() += dT * w.Y.transpose();
  grad.e += dT.rowwise().sum();
  grad.S += dT;
}

void check_attention_settings(const AttentionSettings& s, int neurons) {
  if (s.context < 1 || s.width < 1 || s.heads < 1 || s.key_width < 1 || s.hidden < 1 || s.epochs < 0 || s.batch < 1 ||
      !(s.lr > 0) || !(s.weight_decay >= 0) || !(s.warmup >= 0 && s.warmup < 1) || neurons < 2)
    throw Error("attention: context, width, heads, key_width, hidden and batch must be >= 1, epochs >= 0, lr > 0, "
                "weight_decay >= 0, warmup in [0, 1) and at least 2 neurons");
}

// PyTorch OneCycleLR (cosine both ways): lr/25 -> lr over the warm-up, then -> lr/(25e4).
double one_cycle_rate(double peak, double warmup, int step, int steps) {
  const double start = peak / 25, end = start / 1e4;
  const double rise = std::max(1.0, warmup * steps);
  const auto cosine = [](double from, double to, double frac) { return to + (from - to) * 0.5 * (1 + portable::cos(kPi * frac)); };
  if (step < rise) return cosine(start, peak, double(step) / rise);
  return cosine(peak, end, std::min(1.0, (double(step) - rise) / std::max(1.0, steps - rise)));
}

}  // namespace

std::array<Eigen::MatrixXd*, 12> AttentionForecaster::parts() { return {&E, &e, &S, &Wq, &Wk, &Wv, &M1, &m1, &w2, &b2, &a, &a0}; }
std::array<const Eigen::MatrixXd*, 12> AttentionForecaster::parts() const {
  return {&E, &e, &S, &Wq, &Wk, &Wv, &M1, &m1, &w2, &b2, &a, &a0};
}

Eigen::Index AttentionForecaster::size() const {
  Eigen::Index n = 0;
  for (const Eigen::MatrixXd* p : parts()) n += p->size();
  return n;
}

void AttentionForecaster::write_to(Eigen::Ref<Eigen::VectorXd> flat) const {
  if (flat.size() != size()) throw Error("attention: the flat vector must have " + std::to_string(size()) + " entries");
  Eigen::Index at = 0;
  for (const Eigen::MatrixXd* p : parts()) {
    flat.segment(at, p->size()) = p->reshaped();
    at += p->size();
  }
}

void AttentionForecaster::read_from(const Eigen::Ref<const Eigen::VectorXd>& flat) {
  if (flat.size() != size()) throw Error("attention: the flat vector must have " + std::to_string(size()) + " entries");
  Eigen::Index at = 0;
  for (Eigen::MatrixXd* p : parts()) {
    p->reshaped() = flat.segment(at, p->size());
    at += p->size();
  }
}

AttentionForecaster AttentionForecaster::zeros_like() const {
  AttentionForecaster z = *this;
  for (Eigen::MatrixXd* p : z.parts()) p->setZero();
  return z;
}

AttentionForecaster AttentionForecaster::initial(const AttentionSettings& s, int neurons, Rng& rng) {
  check_attention_settings(s, neurons);
  AttentionForecaster m;
  m.neurons = neurons, m.context = s.context, m.heads = s.heads, m.key_width = s.key_width;
  const int d = s.width, hk = s.heads * s.key_width;
  const auto uniform = [&](Eigen::MatrixXd& x, Eigen::Index rows, Eigen::Index cols, int fan_in) {
    x.resize(rows, cols);
    const double bound = 1.0 / std::sqrt(double(fan_in));
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform(-bound, bound);
  };
  uniform(m.E, d, s.context, s.context);
  uniform(m.e, d, 1, s.context);
  m.S.resize(d, neurons);
  for (Eigen::Index i = 0; i < m.S.size(); ++i) m.S.data()[i] = rng.normal();
  uniform(m.Wq, hk, d, d);
  uniform(m.Wk, hk, d, d);
  uniform(m.Wv, hk, d, d);
  uniform(m.M1, s.hidden, d + hk, d + hk);
  uniform(m.m1, s.hidden, 1, d + hk);
  uniform(m.w2, s.hidden, 1, s.hidden);
  uniform(m.b2, 1, 1, s.hidden);
  uniform(m.a, s.context, 1, s.context);
  uniform(m.a0, 1, 1, s.context);
  return m;
}

double attention_loss(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                      const std::vector<Eigen::Index>& origins, Eigen::VectorXd* grad) {
  if (origins.empty()) throw Error("attention: needs at least one window");
  const double scale = 1.0 / double(origins.size() * std::size_t(m.neurons));
  AttentionForecaster g;
  if (grad) g = m.zeros_like();
  AttentionWindow w;
  double loss = 0;
  for (Eigen::Index t : origins) {
    forward_window(m, y, t, w);
    if (t + 1 >= y.rows()) throw Error("attention: origin " + std::to_string(t) + " has no next row to forecast");
    const Eigen::RowVectorXd err = w.yhat - y.row(t + 1);
    loss += err.squaredNorm();
    if (grad) backward_window(m, w, 2 * scale * err, g);
  }
  if (grad) {
    grad->resize(m.size());
    g.write_to(*grad);
  }
  return loss * scale;
}

Eigen::MatrixXd attention_predict(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                  const std::vector<Eigen::Index>& origins, Eigen::MatrixXd* attention) {
  Eigen::MatrixXd out(Eigen::Index(origins.size()), m.neurons);
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(m.neurons, m.neurons);
  AttentionWindow w;
  for (std::size_t k = 0; k < origins.size(); ++k) {
    forward_window(m, y, origins[k], w);
    out.row(Eigen::Index(k)) = w.yhat;
    for (const Eigen::MatrixXd& A : w.A) sum += A;
  }
  if (attention) {
    if (origins.empty()) throw Error("attention: the readout needs at least one window");
    // Summed over heads and windows, then rows renormalised: the mean over windows cancels.
    *attention = sum.array().colwise() / sum.rowwise().sum().array();
    attention->diagonal().setZero();
  }
  return out;
}

std::vector<Eigen::MatrixXd> attention_maps(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                            Eigen::Index origin) {
  AttentionWindow w;
  forward_window(m, y, origin, w);
  return w.A;
}

std::vector<Eigen::Index> attention_origins(Eigen::Index first, Eigen::Index end, int context) {
  std::vector<Eigen::Index> origins;
  for (Eigen::Index t = first + context - 1; t + 1 < end; ++t) origins.push_back(t);
  return origins;
}

namespace {
std::vector<Eigen::Index> checked_training_origins(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first,
                                                   Eigen::Index end, const AttentionSettings& s) {
  check_attention_settings(s, int(y.cols()));
  std::vector<Eigen::Index> origins = attention_origins(first, std::min(end, y.rows()), s.context);
  if (first < 0 || origins.empty())
    throw Error("attention: the training rows [" + std::to_string(first) + ", " + std::to_string(end) +
                ") hold no window of " + std::to_string(s.context) + " steps and a target");
  return origins;
}
}  // namespace

AttentionTrainer::AttentionTrainer(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
                                   const AttentionSettings& s, std::uint64_t seed)
    : y_(y),
      s_(s),
      origins_(checked_training_origins(y, first, end, s)),
      rng_(seed),
      m_(AttentionForecaster::initial(s, int(y.cols()), rng_)),
      theta_(m_.size()),
      adam_(m_.size(), AdamSettings{s.lr, 0.9, 0.999, 1e-8, 0.0, false}),
      per_epoch_(int((origins_.size() + std::size_t(s.batch) - 1) / std::size_t(s.batch))) {
  m_.write_to(theta_);
}

double AttentionTrainer::step() {
  const int b = step_ % per_epoch_;
  if (b == 0)  // Fisher-Yates with the project's generator
    for (std::size_t i = origins_.size(); i > 1; --i) std::swap(origins_[i - 1], origins_[std::size_t(rng_.next_u64() % i)]);
  const std::size_t from = std::size_t(b) * std::size_t(s_.batch);
  batch_.assign(origins_.begin() + std::ptrdiff_t(from),
                origins_.begin() + std::ptrdiff_t(std::min(origins_.size(), from + std::size_t(s_.batch))));
  const double loss = attention_loss(m_, y_, batch_, &grad_);
  const double lr = one_cycle_rate(s_.lr, s_.warmup, step_, total_steps());
  theta_ *= 1.0 - lr * s_.weight_decay;  // AdamW: decay decoupled from the moments
  adam_.set_learning_rate(lr);
  adam_.step(theta_, grad_);
  m_.read_from(theta_);
  ++step_;
  return loss;
}

AttentionForecaster train_attention_forecaster(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first,
                                               Eigen::Index end, const AttentionSettings& s, std::uint64_t seed,
                                               const std::function<bool(int, int, double)>& progress) {
  AttentionTrainer trainer(y, first, end, s, seed);
  while (trainer.steps_done() < trainer.total_steps()) {
    const double loss = trainer.step();
    if (progress && !progress(trainer.steps_done(), trainer.total_steps(), loss)) break;
  }
  return trainer.model();
}

double one_step_r2(const Eigen::Ref<const Eigen::MatrixXd>& predicted, const Eigen::Ref<const Eigen::MatrixXd>& y,
                   const std::vector<Eigen::Index>& origins) {
  if (predicted.rows() != Eigen::Index(origins.size()) || predicted.cols() != y.cols() || origins.empty())
    throw Error("r2: needs one prediction row per origin and one column per channel");
  Eigen::MatrixXd truth(predicted.rows(), predicted.cols());
  for (std::size_t k = 0; k < origins.size(); ++k) truth.row(Eigen::Index(k)) = y.row(origins[k] + 1);
  const double sse = (predicted - truth).squaredNorm();
  const double sst = (truth.rowwise() - truth.colwise().mean()).squaredNorm();
  return 1 - sse / sst;
}

}  // namespace rnnbook
