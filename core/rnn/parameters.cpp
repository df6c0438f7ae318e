#include "rnn/parameters.hpp"

#include "common/error.hpp"

namespace rnnbook {

CellKind cell_from_name(const std::string& name) {
  if (name == "rate") return CellKind::rate;
  if (name == "current") return CellKind::current;
  if (name == "ctrnn") return CellKind::ctrnn;
  throw Error("cell: must be one of \"rate\", \"current\", \"ctrnn\", got \"" + name + "\"");
}

const char* cell_name(CellKind c) {
  switch (c) {
    case CellKind::rate: return "rate";
    case CellKind::current: return "current";
    case CellKind::ctrnn: return "ctrnn";
  }
  return "?";
}

Eigen::Index RnnShape::parameter_count() const {
  const Eigen::Index N = hidden, I = inputs, O = outputs;
  return N * N + N * I + N + O * N + O;
}

}  // namespace rnnbook
