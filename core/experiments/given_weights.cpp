#include "experiments/given_weights.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "rnn/init.hpp"

namespace rnnbook {

namespace {

// One array field with an exact expected shape; the values come in C order.
Eigen::MatrixXd read_exact(const json& v, const std::string& name, const std::vector<std::size_t>& shape,
                           const std::string& meaning) {
  std::size_t count = 1;
  for (auto d : shape) count *= d;
  const std::string axes = "(" + meaning + ")";
  // A wrong shape is reported as such below; the limit only bounds the copy of a huge one.
  const ResultArray a = read_config_array(v, name, shape.size(), axes, std::max<std::size_t>(count, 1 << 22));
  if (a.shape != shape)
    throw Error(name + ": must have shape " + shape_text(shape) + " " + axes + ", got " + shape_text(a.shape));
  const Eigen::Index rows = Eigen::Index(shape[0]), cols = shape.size() > 1 ? Eigen::Index(shape[1]) : 1;
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(a.data.data(),
                                                                                                   rows, cols);
}

}  // namespace

GivenWeights read_given_weights(const json* weights, const json* fixed_point, const RnnShape& shape,
                                Fields& model) {
  GivenWeights g;
  const std::size_t N = std::size_t(shape.hidden), I = std::size_t(shape.inputs), O = std::size_t(shape.outputs);
  if (weights) {
    json filled;
    Fields w(*weights, filled, model.name("weights"));
    struct Block {
      ParameterBlock which;
      std::vector<std::size_t> shape;
      const char* meaning;
    };
    const Block blocks[] = {{ParameterBlock::W, {N, N}, "model.hidden x model.hidden"},
                            {ParameterBlock::U, {N, I}, "model.hidden x task inputs"},
                            {ParameterBlock::b, {N}, "model.hidden"},
                            {ParameterBlock::C, {O, N}, "task outputs x model.hidden"},
                            {ParameterBlock::c, {O}, "task outputs"}};
    for (const Block& b : blocks) {
      const json* v = w.raw(block_name(b.which));
      if (!v) continue;
      const std::string name = w.name(block_name(b.which));
      if (b.which == ParameterBlock::b && !shape.bias)
        throw Error(name + ": the network has no bias (model.bias is false)");
      g.blocks[std::size_t(b.which)] = read_exact(*v, name, b.shape, b.meaning);
      w.fill(block_name(b.which), {{"shape", b.shape}});
    }
    w.finish();
    model.fill("weights", filled);
  }
  if (fixed_point) {
    const std::string name = model.name("fixed_point");
    if (shape.cell != CellKind::current)
      throw Error(name + ": needs model.cell \"current\" (a fixed point of h = W phi(h)), got \"" +
                  cell_name(shape.cell) + "\"");
    if (shape.activation != Activation::tanh)
      throw Error(name + ": needs model.activation \"tanh\" (SCIENCE.md 1.7), got \"" +
                  activation_name(shape.activation) + "\"");
    g.fixed_point = read_exact(*fixed_point, name, {N}, "model.hidden").col(0);
    if (g.fixed_point.isZero(0.0)) throw Error(name + ": must not be all zeros (h = 0 is always a fixed point)");
    model.fill("fixed_point", {{"shape", {N}}});
  }
  return g;
}

void apply_given_weights(const GivenWeights& given, int rank, RnnParameters& p) {
  const ParameterBlock order[] = {ParameterBlock::W, ParameterBlock::U, ParameterBlock::b, ParameterBlock::C,
                                  ParameterBlock::c};
  for (ParameterBlock which : order)
    if (given.blocks[std::size_t(which)].size() > 0) set_block(p, which, given.blocks[std::size_t(which)]);
  if (rank > 0) p.W() = low_rank(p.W(), rank);
  if (given.fixed_point.size() > 0) p.W() = plant_fixed_point(p.W(), given.fixed_point);
}

}  // namespace rnnbook
