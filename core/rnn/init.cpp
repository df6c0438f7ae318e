#include "rnn/init.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

// SCIENCE.md 1.7 [C BioRNN_RichLazy]: W0 = U S V^T, W_r = U[:, :r] S[:r] V[:, :r]^T,
// then W_r <- W_r ||W0||_F / ||W_r||_F.
Eigen::MatrixXd low_rank(const Eigen::MatrixXd& W0, int r) {
  const Eigen::Index n = std::min(W0.rows(), W0.cols());
  if (r < 1 || Eigen::Index(r) > n)
    throw Error("rank: must be an integer in [1, " + std::to_string(n) + "], got " + std::to_string(r));
  if (!W0.allFinite()) throw Error("W0: contains NaN or infinity");
  // Jacobi SVD: slower than BDCSVD but accurate to round-off in every singular value (N <= 512).
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(W0, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::MatrixXd Wr = svd.matrixU().leftCols(r) *
                             svd.singularValues().head(r).asDiagonal() *
                             svd.matrixV().leftCols(r).transpose();
  const double nr = Wr.norm();
  if (nr == 0.0) return Wr;  // W0 = 0
  return Wr * (W0.norm() / nr);
}

// SCIENCE.md 1.7 [C kpflow construct_model]: W' = d s^T/|s|^2 + W (I - s s^T/|s|^2), s = tanh(d),
// computed as W + (d - W s) s^T / |s|^2 so that no N x N projector is formed.
Eigen::MatrixXd plant_fixed_point(const Eigen::MatrixXd& W, const Eigen::VectorXd& d) {
  if (W.rows() != W.cols()) throw Error("W: must be square (N x N), got " + size_text(W.rows(), W.cols()));
  if (d.size() != W.rows())
    throw Error("fixed point: must have " + std::to_string(W.rows()) + " entries (N), got " +
                std::to_string(d.size()));
  if (!d.allFinite() || !W.allFinite()) throw Error("fixed point: W and d must be finite");
  Eigen::VectorXd s(d.size());
  apply_phi(Activation::tanh, d, s);
  const double s2 = s.squaredNorm();
  if (s2 == 0.0) throw Error("fixed point: must be non-zero (tanh(d) = 0 has no direction)");
  return W + (d - W * s) * (s.transpose() / s2);
}

const char* block_name(ParameterBlock which) {
  switch (which) {
    case ParameterBlock::W: return "W";
    case ParameterBlock::U: return "U";
    case ParameterBlock::b: return "b";
    case ParameterBlock::C: return "C";
    case ParameterBlock::c: return "c";
  }
  return "?";
}

void set_block(RnnParameters& p, ParameterBlock which, const Eigen::MatrixXd& value) {
  const auto& s = p.shape();
  const Eigen::Index N = s.hidden, I = s.inputs, O = s.outputs;
  Eigen::Index rows = 0, cols = 1;
  const char* shape = "";
  switch (which) {
    case ParameterBlock::W: rows = N, cols = N, shape = "N x N"; break;
    case ParameterBlock::U: rows = N, cols = I, shape = "N x I"; break;
    case ParameterBlock::b: rows = N, shape = "N x 1"; break;
    case ParameterBlock::C: rows = O, cols = N, shape = "O x N"; break;
    case ParameterBlock::c: rows = O, shape = "O x 1"; break;
  }
  const std::string name = block_name(which);
  if (value.rows() != rows || value.cols() != cols)
    throw Error(name + ": must be a " + size_text(rows, cols) + " matrix (" + shape + "), got " +
                size_text(value.rows(), value.cols()));
  if (!value.allFinite()) throw Error(name + ": contains NaN or infinity");
  if (which == ParameterBlock::b && !s.bias) throw Error("b: the network was built without a bias");
  switch (which) {
    case ParameterBlock::W: p.W() = value; break;
    case ParameterBlock::U: p.U() = value; break;
    case ParameterBlock::b: p.b() = value; break;
    case ParameterBlock::C: p.C() = value; break;
    case ParameterBlock::c: p.c() = value; break;
  }
}

}  // namespace rnnbook
