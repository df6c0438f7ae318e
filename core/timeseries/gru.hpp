#pragma once
// A gated recurrent unit (PyTorch's nn.GRU convention) run over a batch of sequences, with its
// exact gradient by backpropagation through time from a loss on the final state:
//   r = sigma(Wx_r x + bx_r + Wh_r h + bh_r),  z = sigma(Wx_z x + bx_z + Wh_z h + bh_z),
//   n = tanh(Wx_n x + bx_n + r * (Wh_n h + bh_n)),  h' = (1 - z) * n + z * h,   h_0 = 0.
// Gate blocks are stacked in the order r, z, n (rows of Wx, Wh, bx, bh).
#include <Eigen/Dense>
#include <vector>

#include "common/rng.hpp"

namespace rnnbook {

struct GruWeights {
  Eigen::MatrixXd Wx;  // 3N x I
  Eigen::MatrixXd Wh;  // 3N x N
  Eigen::VectorXd bx;  // 3N
  Eigen::VectorXd bh;  // 3N

  Eigen::Index hidden() const { return Wh.cols(); }
  Eigen::Index inputs() const { return Wx.cols(); }
  Eigen::Index size() const { return Wx.size() + Wh.size() + bx.size() + bh.size(); }
  static GruWeights zeros(Eigen::Index inputs, Eigen::Index hidden);
  // Every entry U(-1/sqrt N, 1/sqrt N), as PyTorch initialises nn.GRU.
  static GruWeights uniform(Eigen::Index inputs, Eigen::Index hidden, Rng& rng);
  // All entries as one vector (Wx, Wh, bx, bh, each column-major) and back.
  void write_to(Eigen::Ref<Eigen::VectorXd> flat) const;
  void read_from(const Eigen::Ref<const Eigen::VectorXd>& flat);
};

// What the forward pass keeps for the backward pass: per step t = 1..L, N x B blocks.
struct GruTrace {
  std::vector<Eigen::MatrixXd> h;   // h_0 .. h_L (L + 1 entries)
  std::vector<Eigen::MatrixXd> r, z, n, hn;  // gates and Wh_n h + bh_n at steps 1..L (L entries)
  const Eigen::MatrixXd& final_state() const { return h.back(); }
};

// x[t] is the input at step t + 1 (I x B, a sequence per column). Fills trace (reused buffers).
// Throws rnnbook::Error if x is empty or a step has the wrong number of rows or columns.
void gru_forward(const GruWeights& w, const std::vector<Eigen::MatrixXd>& x, GruTrace& trace);

// Accumulates into grad (shaped like w) the gradient of a loss whose derivative with respect to
// the final state h_L is dh_final (N x B).
void gru_backward(const GruWeights& w, const std::vector<Eigen::MatrixXd>& x, const GruTrace& trace,
                  const Eigen::Ref<const Eigen::MatrixXd>& dh_final, GruWeights& grad);

}  // namespace rnnbook
