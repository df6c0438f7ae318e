#include "dynamics/bifurcation_channel.hpp"

#include <cmath>
#include <memory>
#include <string>

#include "common/error.hpp"
#include "ops/sntk_operators.hpp"
#include "ops/spectral.hpp"
#include "rnn/activation.hpp"

namespace rnnbook {

namespace {

// (I - v v^T) G (I - v v^T): the parameter Gram of Theta_res, same non-zero spectrum.
class ProjectedGram : public LinearOperator {
 public:
  ProjectedGram(const StateSpaceModel& m, const Eigen::VectorXd& v) : m_(m), v_(v) {}
  Eigen::Index rows() const override { return m_.param_dim(); }
  Eigen::Index cols() const override { return m_.param_dim(); }
  void apply(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    const Eigen::VectorXd p = in - v_ * v_.dot(in);
    Eigen::VectorXd h(m_.state_dim());
    m_.jvp(p, h);
    m_.vjp(h, out);
    out -= v_ * v_.dot(out);
  }
  void applyT(const Eigen::Ref<const Eigen::VectorXd>& in, Eigen::Ref<Eigen::VectorXd> out) const override {
    apply(in, out);
  }

 private:
  const StateSpaceModel& m_;
  const Eigen::VectorXd& v_;
};

}  // namespace

Eigen::VectorXd critical_multiplier_gradient(const StateSpaceModel& model, const Eigen::VectorXd& h_star,
                                             const Eigen::VectorXd& x, const CriticalMode& mode) {
  const RnnParameters& p = model.parameters();
  const auto& s = p.shape();
  if (s.cell != CellKind::rate)
    throw Error(std::string("bifurcation channel: implemented for the rate cell only, got ") + cell_name(s.cell));
  const Eigen::Index N = s.hidden;
  if (h_star.size() != N || x.size() != s.inputs || mode.right.size() != N)
    throw Error("bifurcation channel: h*, x and the eigenvectors must match the network");
  Eigen::VectorXd u = p.W() * h_star + p.U() * x;
  if (s.bias) u += p.b().col(0);
  Eigen::VectorXd d1(N), d2(N);
  apply_dphi(s.activation, u, d1);
  apply_d2phi(s.activation, u, d2);
  const double a = s.leak;
  const Eigen::VectorXcd& l = mode.left;
  const Eigen::VectorXcd& r = mode.right;
  const Eigen::VectorXcd Wr = p.W().cast<Complex>() * r;
  const Eigen::VectorXcd g = (a * l.array() * d2.cast<Complex>().array() * Wr.array()).matrix();  // d/du_i
  RnnParameters full(s);
  full.W() = (a * (l.array() * d1.cast<Complex>().array()).matrix() * r.transpose()).real() +
             (g * h_star.cast<Complex>().transpose()).real();
  full.U() = (g * x.cast<Complex>().transpose()).real();
  if (s.bias) full.b() = g.real();
  return model.gather(full.flat());
}

ChannelSplit bifurcation_split(const StateSpaceModel& model, const Eigen::VectorXd& v, double trace,
                               const Eigen::VectorXd& w1, Rng& rng) {
  if (v.size() != model.param_dim() || w1.size() != model.param_dim())
    throw Error("bifurcation channel: v and w1 must have P = " + std::to_string(model.param_dim()) + " entries");
  if (!v.allFinite() || std::abs(v.norm() - 1.0) > 1e-8) throw Error("bifurcation channel: v must be a unit vector");
  ChannelSplit c;
  Eigen::VectorXd Jv(model.state_dim());
  model.jvp(v, Jv);
  c.bif = Jv.squaredNorm();
  c.res_trace = trace - c.bif;
  const ProjectedGram res(model, v);
  LanczosOptions o;
  o.max_steps = 60;
  c.res_top = top_eigenpairs(res, 1, rng, o).values(0);
  c.rho1 = c.res_top > 0.0 ? c.bif / c.res_top : INFINITY;
  c.rho_trace = c.res_trace > 0.0 ? c.bif / c.res_trace : INFINITY;
  c.alignment = std::abs(v.dot(w1));
  return c;
}

}  // namespace rnnbook
