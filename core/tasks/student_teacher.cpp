#include "tasks/student_teacher.hpp"

#include "rnn/network.hpp"

namespace rnnbook {

Batch StudentTeacher::sample(int trials, Rng& rng) const {
  Batch batch = empty_batch(*this, trials);
  const std::size_t T = length, B = trials, I = inputs();
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t k = 0; k < I; ++k)
      for (std::size_t t = 0; t < T; ++t) {
        if (rng.bernoulli(pulse_prob)) {
          const double s = rng.sign();
          for (std::size_t d = 0; d < std::size_t(pulse_steps) && t + d < T; ++d) batch.x(t + d, b, k) = s;
        }
        if (input_noise > 0.0) batch.x(t, b, k) += rng.normal(0.0, input_noise);
      }
  Trajectory traj;
  forward(teacher, batch, traj);
  batch.y = traj.y;
  return batch;
}

}  // namespace rnnbook
