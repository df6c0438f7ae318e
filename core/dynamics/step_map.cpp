#include "dynamics/step_map.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {

Eigen::VectorXd input_or_zero(const RnnParameters& p, const Eigen::VectorXd& h, const Eigen::VectorXd& x) {
  const auto& s = p.shape();
  if (h.size() != s.hidden)
    throw Error("h: must have N = " + std::to_string(s.hidden) + " entries, got " + std::to_string(h.size()));
  if (x.size() == 0) return Eigen::VectorXd::Zero(s.inputs);
  if (x.size() != s.inputs)
    throw Error("x: must have I = " + std::to_string(s.inputs) + " entries, got " + std::to_string(x.size()));
  return x;
}

Eigen::VectorXd phi(Activation f, const Eigen::VectorXd& v) {
  Eigen::VectorXd out(v.size());
  apply_phi(f, v, out);
  return out;
}

Eigen::VectorXd dphi(Activation f, const Eigen::VectorXd& v) {
  Eigen::VectorXd out(v.size());
  apply_dphi(f, v, out);
  return out;
}

// The argument of phi for the cells that apply phi to a drive (rate: u, ctrnn: v).
Eigen::VectorXd drive(const RnnParameters& p, const Eigen::VectorXd& h, const Eigen::VectorXd& x) {
  const auto& s = p.shape();
  Eigen::VectorXd u = p.W() * h + p.U() * x;
  if (s.bias) u += p.b().col(0);
  if (s.cell == CellKind::ctrnn) u = (1.0 - s.leak) * h + s.leak * u;
  return u;
}

}  // namespace

Eigen::VectorXd step_map(const RnnParameters& p, const Eigen::VectorXd& h, const Eigen::VectorXd& x_in) {
  const Eigen::VectorXd x = input_or_zero(p, h, x_in);
  const auto& s = p.shape();
  const double a = s.leak;
  switch (s.cell) {
    case CellKind::rate: return (1.0 - a) * h + a * phi(s.activation, drive(p, h, x));
    case CellKind::ctrnn: return phi(s.activation, drive(p, h, x));
    case CellKind::current: {
      Eigen::VectorXd u = p.W() * phi(s.activation, h) + p.U() * x;
      if (s.bias) u += p.b().col(0);
      return (1.0 - a) * h + a * u;
    }
  }
  return h;
}

Eigen::MatrixXd step_jacobian(const RnnParameters& p, const Eigen::VectorXd& h, const Eigen::VectorXd& x_in) {
  const Eigen::VectorXd x = input_or_zero(p, h, x_in);
  const auto& s = p.shape();
  const double a = s.leak;
  const Eigen::Index N = s.hidden;
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(N, N);
  switch (s.cell) {
    case CellKind::rate: return (1.0 - a) * I + a * dphi(s.activation, drive(p, h, x)).asDiagonal() * p.W();
    case CellKind::current: return (1.0 - a) * I + a * p.W() * dphi(s.activation, h).asDiagonal();
    case CellKind::ctrnn:
      return dphi(s.activation, drive(p, h, x)).asDiagonal() * ((1.0 - a) * I + a * p.W());
  }
  return I;
}

}  // namespace rnnbook
