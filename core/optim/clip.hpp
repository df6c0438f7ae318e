#pragma once
// Gradient helpers shared by the optimisers: global-norm clipping (PyTorch clip_grad_norm_) and
// the per-parameter mask saying which entries of theta train (SCIENCE.md 1.6).
#include <Eigen/Dense>
#include <vector>

namespace rnnbook {

// Scales g in place by max_norm / (||g|| + 1e-6) when that factor is below 1 (exactly PyTorch's
// rule, so it also acts when ||g|| is within 1e-6 below max_norm); returns ||g|| before clipping.
// With frozen entries (see ParameterMask), zero them in g first to match PyTorch, whose norm only
// covers parameters that have gradients. Throws unless max_norm > 0 and finite.
double clip_global_norm(Eigen::VectorXd& g, double max_norm);
// float32: the norm summed in double (a float sum of 10^5 squares loses digits), the factor rounded once.
double clip_global_norm(Eigen::VectorXf& g, double max_norm);

// Which entries of a flat parameter vector train. Default-constructed: all of them. Frozen
// entries neither move nor accumulate optimiser state, and their gradient is never read.
class ParameterMask {
 public:
  ParameterMask() = default;
  ParameterMask(const std::vector<bool>& trains);  // NOLINT: implicit, so either form can be passed
  ParameterMask(const Eigen::VectorXd& trains);    // NOLINT: entries must be 0 (frozen) or 1 (trains)

  bool all() const { return all_; }
  Eigen::Index size() const { return size_; }  // 0 when all()
  const std::vector<Eigen::Index>& trained() const { return trained_; }  // ascending indices
  // Throws unless the mask is all() or has exactly `size` entries; `who` names the caller.
  void check_size(Eigen::Index size, const char* who) const;

 private:
  bool all_ = true;
  Eigen::Index size_ = 0;
  std::vector<Eigen::Index> trained_;
};

}  // namespace rnnbook
