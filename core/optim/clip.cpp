#include "optim/clip.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {

std::string shown(double v) {  // shortest round-trip-ish text, not to_string's fixed 6 digits
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

}  // namespace

double clip_global_norm(Eigen::VectorXd& g, double max_norm) {
  if (!(max_norm > 0.0) || !std::isfinite(max_norm))
    throw Error("clip: max_norm must be a positive finite number, got " + shown(max_norm));
  // torch.nn.utils.clip_grad_norm_: coef = max_norm / (norm + 1e-6), g *= min(coef, 1).
  const double norm = g.norm();
  const double coef = max_norm / (norm + 1e-6);
  if (coef < 1.0) g *= coef;
  return norm;
}

double clip_global_norm(Eigen::VectorXf& g, double max_norm) {
  if (!(max_norm > 0.0) || !std::isfinite(max_norm))
    throw Error("clip: max_norm must be a positive finite number, got " + shown(max_norm));
  const double norm = g.cast<double>().norm();
  const double coef = max_norm / (norm + 1e-6);
  if (coef < 1.0) g *= float(coef);
  return norm;
}

ParameterMask::ParameterMask(const std::vector<bool>& trains)
    : all_(false), size_(Eigen::Index(trains.size())) {
  for (std::size_t i = 0; i < trains.size(); ++i)
    if (trains[i]) trained_.push_back(Eigen::Index(i));
}

ParameterMask::ParameterMask(const Eigen::VectorXd& trains) : all_(false), size_(trains.size()) {
  for (Eigen::Index i = 0; i < trains.size(); ++i) {
    const double m = trains(i);
    if (m != 0.0 && m != 1.0)
      throw Error("mask: entries must be 0 (frozen) or 1 (trains), got " + shown(m) +
                  " at index " + std::to_string(i));
    if (m == 1.0) trained_.push_back(i);
  }
}

void ParameterMask::check_size(Eigen::Index size, const char* who) const {
  if (!all_ && size_ != size)
    throw Error(std::string(who) + ": mask must have " + std::to_string(size) +
                " entries (one per parameter), got " + std::to_string(size_));
}

}  // namespace rnnbook
