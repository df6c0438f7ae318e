#include "sampling/phi.hpp"

namespace rnnbook {

// apply_phi reads each entry before writing it, so it may run in place.
void phi_in_place(Activation f, Eigen::Ref<Eigen::MatrixXd> u) { apply_phi(f, u, u); }

}  // namespace rnnbook
