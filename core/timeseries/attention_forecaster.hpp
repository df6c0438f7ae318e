#pragma once
// The neuron-token attention forecaster `tok` of SCIENCE.md 14.1 [D]: one token per neuron from its
// last L values, one layer of multi-head attention over the other neurons (diagonal masked), and a
// one-step forecast per neuron. With Y the L x N window (column j = neuron j, oldest first):
//   T = E Y + e 1^T + S                       tokens (d x N); S the learned neuron ("space") embedding
//   Q_h = Wq_h T, K_h = Wk_h T, V_h = Wv_h T  heads h = 1..H, d_k rows each
//   A_h = rowsoftmax(Q_h^T K_h / sqrt d_k) over j != i, A_h[i, i] = 0   (row = target i, column = source j)
//   C = [V_1 A_1^T; ...; V_H A_H^T]            context (H d_k x N)
//   yhat_i = w2^T tanh(M1 [T_i; C_i] + m1) + b2 + a^T Y_i + a0
// trained on the mean squared one-step error by Adam with decoupled weight decay (AdamW) and a
// one-cycle learning rate. Its connectivity readout sums A over heads, averages over windows and
// renormalises rows (SCIENCE.md 14.0 readout [C]).
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Dense>

#include "common/rng.hpp"
#include "optim/adam.hpp"

namespace rnnbook {

struct AttentionSettings {
  int context = 10;     // L
  int width = 32;       // d
  int heads = 2;        // H
  int key_width = 16;   // d_k (= d_v)
  int hidden = 32;      // MLP width
  int epochs = 40;
  int batch = 32;
  double lr = 2e-3;           // one-cycle peak
  double weight_decay = 1e-3; // decoupled (AdamW)
  double warmup = 0.1;        // share of steps rising to the peak
};

struct AttentionForecaster {
  int neurons = 0, context = 0, heads = 0, key_width = 0;
  Eigen::MatrixXd E, e, S;      // d x L, d x 1, d x N
  Eigen::MatrixXd Wq, Wk, Wv;   // H d_k x d
  Eigen::MatrixXd M1, m1;       // hidden x (d + H d_k), hidden x 1
  Eigen::MatrixXd w2, b2;       // hidden x 1, 1 x 1
  Eigen::MatrixXd a, a0;        // L x 1, 1 x 1

  std::array<Eigen::MatrixXd*, 12> parts();
  std::array<const Eigen::MatrixXd*, 12> parts() const;
  Eigen::Index size() const;
  void write_to(Eigen::Ref<Eigen::VectorXd> flat) const;
  void read_from(const Eigen::Ref<const Eigen::VectorXd>& flat);
  AttentionForecaster zeros_like() const;
  // Linear layers U(-1/sqrt fan_in, 1/sqrt fan_in) (PyTorch's nn.Linear), S ~ N(0, 1) (nn.Embedding).
  static AttentionForecaster initial(const AttentionSettings& s, int neurons, Rng& rng);
};

// Windows ending at the given origins t (rows t - L + 1 .. t of y, T x N), targets y_{t+1}.
// The mean over windows and neurons of (yhat - y)^2, and with grad its gradient (flat, as write_to).
double attention_loss(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                      const std::vector<Eigen::Index>& origins, Eigen::VectorXd* grad = nullptr);

// One-step forecasts (windows x N). With attention, also the readout: the attention summed over
// heads, averaged over the windows, rows renormalised to sum 1, zero diagonal (N x N).
Eigen::MatrixXd attention_predict(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                  const std::vector<Eigen::Index>& origins, Eigen::MatrixXd* attention = nullptr);

// The attention of each head for one window (H matrices N x N), before any summing.
std::vector<Eigen::MatrixXd> attention_maps(const AttentionForecaster& m, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                            Eigen::Index origin);

// AdamW with the one-cycle rate on shuffled batches of the windows inside rows [first, end), one
// step at a time (epochs of ceil(windows / batch) steps, reshuffled at each epoch start); the series
// is copied. Throws rnnbook::Error if there is no window.
class AttentionTrainer {
 public:
  AttentionTrainer(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
                   const AttentionSettings& s, std::uint64_t seed);
  double step();  // one step; returns the batch loss before it
  int steps_done() const { return step_; }
  int total_steps() const { return per_epoch_ * s_.epochs; }
  const AttentionForecaster& model() const { return m_; }

 private:
  Eigen::MatrixXd y_;
  AttentionSettings s_;
  std::vector<Eigen::Index> origins_, batch_;
  Rng rng_;
  AttentionForecaster m_;
  Eigen::VectorXd theta_, grad_;
  Adam adam_;
  int per_epoch_ = 0, step_ = 0;
};

// Trains on the windows whose rows and target lie in [first, end). progress(step, steps, loss)
// after every step; returning false stops training. Throws rnnbook::Error if there is no window.
AttentionForecaster train_attention_forecaster(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first,
                                               Eigen::Index end, const AttentionSettings& s, std::uint64_t seed,
                                               const std::function<bool(int, int, double)>& progress = {});

// Origins of every window inside rows [first, end): t = first + L - 1 .. end - 2.
std::vector<Eigen::Index> attention_origins(Eigen::Index first, Eigen::Index end, int context);

// 1 - sum (yhat - y)^2 / sum (y - mean_i)^2 over windows and neurons (per-neuron means of the targets).
double one_step_r2(const Eigen::Ref<const Eigen::MatrixXd>& predicted, const Eigen::Ref<const Eigen::MatrixXd>& y,
                   const std::vector<Eigen::Index>& origins);

}  // namespace rnnbook
