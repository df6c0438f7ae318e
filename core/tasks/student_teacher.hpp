#pragma once
// Student-teacher: the targets are a planted teacher network's readouts on random inputs, so a
// student of the same architecture can fit them exactly. Inputs are +-1 pulses with probability
// pulse_prob per step and channel (each lasting pulse_steps steps), plus Gaussian noise.
#include "rnn/parameters.hpp"
#include "tasks/task.hpp"

namespace rnnbook {

struct StudentTeacher : Task {
  explicit StudentTeacher(RnnParameters teacher) : teacher(std::move(teacher)) {}

  RnnParameters teacher;
  int length = 50;
  double pulse_prob = 0.05;
  int pulse_steps = 1;
  double input_noise = 0.0;

  int inputs() const override { return teacher.shape().inputs; }
  int outputs() const override { return teacher.shape().outputs; }
  int steps() const override { return length; }
  Batch sample(int trials, Rng& rng) const override;
};

}  // namespace rnnbook
