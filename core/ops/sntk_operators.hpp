#pragma once
// The sNTK operators of SCIENCE.md 2.1-2.3 as LinearOperators over one StateSpaceModel (shared, so an
// operator keeps its trajectory alive), and guarded dense builders that serve as test oracles.
// Sizes and orderings are those of state_space.hpp.
#include <memory>
#include <string>

#include "ops/linear_operator.hpp"
#include "ops/state_space.hpp"

namespace rnnbook {

// Largest D or P that a dense builder materialises (SCIENCE.md 2.5).
constexpr Eigen::Index kDenseLimit = 4096;

class ModelOperator : public LinearOperator {
 public:
  explicit ModelOperator(std::shared_ptr<const StateSpaceModel> model);  // throws Error on null
  const StateSpaceModel& model() const { return *model_; }

 protected:
  std::shared_ptr<const StateSpaceModel> model_;
};

// J = dvec H/dtheta (D x P): apply = JVP, applyT = VJP (BPTT).
class JacobianOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->state_dim(); }
  Eigen::Index cols() const override { return model_->param_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
};

// sNTK Theta = J J^T (D x D, symmetric PSD): one VJP then one JVP.
class StateNtkOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->state_dim(); }
  Eigen::Index cols() const override { return model_->state_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }
};

// Parameter Gram G = J^T J (P x P, symmetric PSD, same non-zero spectrum as Theta): JVP then VJP.
class ParameterGramOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->param_dim(); }
  Eigen::Index cols() const override { return model_->param_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }
};

// Propagator P = (I - S)^{-1} (D x D, block lower triangular).
class PropagatorOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->state_dim(); }
  Eigen::Index cols() const override { return model_->state_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
};

// Frechet operator P^{-1} = I - S (D x D, block bidiagonal).
class FrechetOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->state_dim(); }
  Eigen::Index cols() const override { return model_->state_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
};

// Parameter operator K = F F^T (D x D, symmetric PSD) by the Kronecker core.
class ParameterOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->state_dim(); }
  Eigen::Index cols() const override { return model_->state_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }
};

// Output-space NTK Theta_y = (I kron C) Theta (I kron C)^T + (Z_y Z_y^T) kron I_O, z_y = [h_t; 1]
// (T B O x T B O): the kernel of the readouts over the selected recurrent parameters plus C and c.
class OutputNtkOperator : public ModelOperator {
 public:
  using ModelOperator::ModelOperator;
  Eigen::Index rows() const override { return model_->output_dim(); }
  Eigen::Index cols() const override { return model_->output_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override;
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }
};

// Dense oracles; each throws Error ("<name>: D = 5000 exceeds the dense limit 4096") when a dimension
// of its result exceeds kDenseLimit.
Eigen::MatrixXd dense_jacobian(const StateSpaceModel& model);   // J (D x P): min(P JVPs, D VJPs)
Eigen::MatrixXd dense_state_ntk(const StateSpaceModel& model);  // Theta (D x D)
Eigen::MatrixXd dense_gram(const StateSpaceModel& model);       // G (P x P)
Eigen::MatrixXd dense_matrix(const LinearOperator& op, const std::string& name);  // guarded to_dense

}  // namespace rnnbook
