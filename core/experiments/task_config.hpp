#pragma once
// The "task" group of an experiment config: task.name picks the task, and only that task's fields
// are allowed beside it (README.md lists them).
#include <memory>

#include "experiments/fields.hpp"
#include "tasks/task.hpp"

namespace rnnbook {

std::shared_ptr<const Task> parse_task(Fields& task);

}  // namespace rnnbook
