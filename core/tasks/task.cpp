#include "tasks/task.hpp"

namespace rnnbook {

Batch empty_batch(const Task& task, int trials) {
  const std::size_t T = task.steps(), B = trials;
  Batch batch;
  batch.x = xt::zeros<double>({T, B, std::size_t(task.inputs())});
  batch.y = xt::zeros<double>({T, B, std::size_t(task.outputs())});
  batch.mask = xt::ones<double>({T, B});
  return batch;
}

}  // namespace rnnbook
