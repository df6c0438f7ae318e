// Snapshot and restore of the train experiment: weights (flat theta and the named blocks),
// optimiser state, the training-data RNG and the loss history, so that a restored run continues
// bit for bit.
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "common/error.hpp"
#include "experiments/train_experiment.hpp"

namespace rnnbook {

namespace {

const char* const kBlocks[] = {"W", "U", "b", "C", "c"};

ResultArray matrix_array(const Eigen::Ref<const Eigen::MatrixXd>& m, bool as_vector) {
  ResultArray a;
  a.shape = as_vector ? std::vector<std::size_t>{std::size_t(m.size())}
                      : std::vector<std::size_t>{std::size_t(m.rows()), std::size_t(m.cols())};
  a.data.resize(std::size_t(m.size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)  // C order, as NumPy
    for (Eigen::Index j = 0; j < m.cols(); ++j) a.data[std::size_t(i * m.cols() + j)] = m(i, j);
  return a;
}

// The array `name` with exactly `shape`, all finite.
const ResultArray& checked_array(const Checkpoint& cp, const std::string& name,
                                 const std::vector<std::size_t>& shape) {
  const ResultArray& a = cp.array(name);
  std::size_t count = 1;
  for (auto d : a.shape) count *= d;
  if (a.shape != shape)
    throw Error("snapshot.arrays." + name + ": must have shape " + shape_text(shape) + ", got " + shape_text(a.shape));
  if (a.data.size() != count)
    throw Error("snapshot.arrays." + name + ": shape " + shape_text(shape) + " needs " + std::to_string(count) +
                " values, got " + std::to_string(a.data.size()));
  for (double v : a.data)
    if (!std::isfinite(v)) throw Error("snapshot.arrays." + name + ": contains NaN or infinity");
  return a;
}

Eigen::VectorXd read_vector(const Checkpoint& cp, const std::string& name, Eigen::Index n) {
  const ResultArray& a = checked_array(cp, name, {std::size_t(n)});
  return Eigen::Map<const Eigen::VectorXd>(a.data.data(), n);
}

// A C-order (rows x cols) array as a matrix.
Eigen::MatrixXd read_matrix(const Checkpoint& cp, const std::string& name, std::size_t rows, std::size_t cols) {
  const ResultArray& a = checked_array(cp, name, {rows, cols});
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) m(Eigen::Index(i), Eigen::Index(j)) = a.data[i * cols + j];
  return m;
}

std::string hex(std::uint64_t x) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "0x%016" PRIx64, x);
  return buf;
}

// 64-bit words travel as hex strings: JS numbers hold only 53 bits.
std::uint64_t parse_hex(const json& v, const std::string& name) {
  const std::string msg = name + ": must be a string \"0x\" + 16 hex digits";
  if (!v.is_string()) throw Error(msg);
  const std::string s = v.get<std::string>();
  if (s.size() != 18 || s[0] != '0' || s[1] != 'x') throw Error(msg);
  std::uint64_t x = 0;
  for (std::size_t i = 2; i < s.size(); ++i) {
    const char c = s[i];
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) throw Error(msg);
    x = (x << 4) | std::uint64_t(d);
  }
  return x;
}

std::int64_t read_count(const json& v, const std::string& name, std::int64_t hi) {
  if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > hi)
    throw Error(name + ": must be an integer in [0, " + std::to_string(hi) + "], got " + v.dump());
  return v.get<std::int64_t>();
}

// An RNG state {s: [4 hex words], spare, has_spare} at `name`.
RngState read_rng(const json& rng, const std::string& name) {
  const json& words = rng.is_object() && rng.contains("s") ? rng["s"] : json();
  if (!words.is_array() || words.size() != 4) throw Error(name + ".s: must be an array of 4 hex strings");
  RngState r;
  for (int i = 0; i < 4; ++i) r.s[i] = parse_hex(words[std::size_t(i)], name + ".s");
  const json spare = rng.value("spare", json()), has_spare = rng.value("has_spare", json());
  if (!spare.is_number() || !has_spare.is_boolean())
    throw Error(name + ": spare must be a number and has_spare true or false");
  r.spare = spare.get<double>();
  r.has_spare = has_spare.get<bool>();
  return r;
}

// The dotted path of the first field where two configs differ ("" when equal).
std::string first_difference(const json& a, const json& b, const std::string& path) {
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      const std::string p = path.empty() ? it.key() : path + "." + it.key();
      if (!b.contains(it.key())) return p;
      const std::string d = first_difference(*it, b[it.key()], p);
      if (!d.empty()) return d;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key())) return path.empty() ? it.key() : path + "." + it.key();
    return "";
  }
  return a == b ? "" : (path.empty() ? "config" : path);
}

}  // namespace

Checkpoint TrainExperiment::snapshot() const {
  Checkpoint cp;
  const long step = position();
  json scalars = {{"steps_done", step},
                  {"parameters", cfg_.shape.parameter_count()},
                  {"last_loss", losses_.empty() ? json(nullptr) : json(losses_.back())}};
  if (diverged_at_ >= 0) scalars["diverged_at_step"] = diverged_at_;
  const auto optimizer_json = [&](const auto& opt) -> json {
        using T = std::decay_t<decltype(opt)>;
        if constexpr (std::is_same_v<T, Adam> || std::is_same_v<T, FloatAdam>) {  // float32 state: exact in double
          const AdamSettings& s = opt.settings();
          cp.arrays["adam_m"] = vector_array(opt.first_moment().template cast<double>());
          cp.arrays["adam_v"] = vector_array(opt.second_moment().template cast<double>());
          if (s.amsgrad) cp.arrays["adam_vmax"] = vector_array(opt.max_second_moment().template cast<double>());
          return {{"name", s.amsgrad ? "amsgrad" : "adam"}, {"steps", opt.steps_taken()}, {"lr", s.lr},
                  {"beta1", s.beta1}, {"beta2", s.beta2}, {"eps", s.eps}, {"weight_decay", s.weight_decay}};
        } else if constexpr (std::is_same_v<T, LowRankNaturalGradient>) {
          const LrngSettings& s = opt.settings();
          if (opt.last_refresh() >= 0) {
            cp.arrays["lrng_sketch"] = matrix_array(opt.sketch_basis(), false);
            cp.arrays["lrng_basis"] = matrix_array(opt.basis(), false);
            cp.arrays["lrng_curvature"] = vector_array(opt.curvature());
          }
          return {{"name", "lrng"}, {"steps", opt.steps_taken()}, {"lr", s.lr}, {"rank", s.rank},
                  {"refreshes", opt.refreshes()}, {"last_refresh", opt.last_refresh()}, {"damping", opt.damping()}};
        } else {
          const SgdSettings& s = opt.settings();
          cp.arrays["sgd_buffer"] = vector_array(opt.momentum_buffer().template cast<double>());
          return {{"name", "sgd"}, {"steps", opt.steps_taken()}, {"lr", s.lr},
                  {"momentum", s.momentum}, {"weight_decay", s.weight_decay}};
        }
      };
  const json optimizer = f32_ ? std::visit(optimizer_json, f32_->optimizer) : std::visit(optimizer_json, optimizer_);
  const auto rng_json = [](const RngState& r) -> json {
    return {{"s", {hex(r.s[0]), hex(r.s[1]), hex(r.s[2]), hex(r.s[3])}}, {"spare", r.spare}, {"has_spare", r.has_spare}};
  };
  json rng = {{"data", rng_json(data_rng_.state())}};
  if (std::holds_alternative<LowRankNaturalGradient>(optimizer_)) rng["sketch"] = rng_json(sketch_rng_.state());
  cp.header = {{"format", kCheckpointFormat}, {"version", kVersion}, {"kind", "train"},
               {"config", cfg_.filled},       {"step", step},       {"scalars", scalars},
               {"state", {{"optimizer", optimizer}, {"rng", rng}}}};

  cp.arrays["loss"] = {{losses_.size()}, losses_};
  cp.arrays["theta"] = vector_array(params_.flat());
  cp.arrays["W"] = matrix_array(params_.W(), false);
  cp.arrays["U"] = matrix_array(params_.U(), false);
  cp.arrays["b"] = matrix_array(params_.b(), true);
  cp.arrays["C"] = matrix_array(params_.C(), false);
  cp.arrays["c"] = matrix_array(params_.c(), true);
  return cp;
}

void TrainExperiment::restore(const Checkpoint& cp) {
  const json& h = cp.header;
  if (checkpoint_field(h, "format") != kCheckpointFormat)
    throw Error(std::string("snapshot.format: must be \"") + kCheckpointFormat + "\"");
  if (checkpoint_field(h, "kind") != "train")
    throw Error("snapshot.kind: must be \"train\", got " + checkpoint_field(h, "kind").dump());
  // Same model, task, optimiser and seed; only `steps` (the length of the run) may differ.
  json theirs = checkpoint_field(h, "config"), ours = cfg_.filled;
  if (!theirs.is_object()) throw Error("snapshot.config: must be an object");
  if (!theirs.contains("precision")) theirs["precision"] = "float64";  // checkpoints from before precision existed
  if (theirs["precision"] != ours["precision"])
    throw Error("snapshot.config.precision: the checkpoint trained in " + theirs["precision"].dump() +
                " and this experiment in " + ours["precision"].dump() + "; a run resumes only in its own precision");
  theirs.erase("steps");
  ours.erase("steps");
  const std::string diff = first_difference(theirs, ours, "");
  if (!diff.empty())
    throw Error("snapshot.config: differs from this experiment's config at " + diff +
                "; only steps may differ");
  const long step = long(read_count(checkpoint_field(h, "step"), "snapshot.step", total()));
  const json& state = checkpoint_field(h, "state");

  // Everything is read and checked before anything changes.
  const Eigen::Index P = cfg_.shape.parameter_count();
  const auto& loss = checked_array(cp, "loss", {std::size_t(step)});
  RnnParameters params(cfg_.shape);
  bool blocks_given = false;
  for (const char* b : kBlocks) blocks_given = blocks_given || cp.arrays.count(b);
  const bool theta_given = cp.arrays.count("theta") > 0;
  if (theta_given) params.flat() = read_vector(cp, "theta", P);
  if (blocks_given || !theta_given) {
    RnnParameters from_blocks(cfg_.shape);
    const RnnShape& s = cfg_.shape;
    const std::size_t N = s.hidden, I = s.inputs, O = s.outputs;
    const std::vector<std::size_t> shapes[] = {{N, N}, {N, I}, {N}, {O, N}, {O}};
    Eigen::Index at = 0;
    for (int i = 0; i < 5; ++i) {
      const ResultArray& a = checked_array(cp, kBlocks[i], shapes[i]);
      const std::size_t rows = shapes[i][0], cols = shapes[i].size() > 1 ? shapes[i][1] : 1;
      for (std::size_t r = 0; r < rows; ++r)  // C order in, column-major theta out
        for (std::size_t c = 0; c < cols; ++c) from_blocks.flat()(at + Eigen::Index(c * rows + r)) = a.data[r * cols + c];
      at += Eigen::Index(rows * cols);
    }
    if (theta_given && from_blocks.flat() != params.flat())
      throw Error("snapshot.arrays.theta: differs from the blocks W, U, b, C, c; give one form or make them agree");
    params.flat() = from_blocks.flat();
  }

  const json& opt = checkpoint_field(state, "optimizer", "state");
  const std::int64_t opt_steps =
      read_count(checkpoint_field(opt, "steps", "state.optimizer"), "snapshot.state.optimizer.steps",
                 INT64_C(1) << 53);
  const auto set_optimizer_state = [&](auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, Adam> || std::is_same_v<T, FloatAdam>) {
          using S = typename T::Vector::Scalar;
          const Eigen::VectorXd vmax = o.settings().amsgrad ? read_vector(cp, "adam_vmax", P) : Eigen::VectorXd();
          o.set_state(read_vector(cp, "adam_m", P).template cast<S>(), read_vector(cp, "adam_v", P).template cast<S>(),
                      vmax.template cast<S>(), opt_steps);
        } else if constexpr (std::is_same_v<T, LowRankNaturalGradient>) {
          const std::int64_t refreshes = read_count(checkpoint_field(opt, "refreshes", "state.optimizer"),
                                                    "snapshot.state.optimizer.refreshes", opt_steps + 1);
          const json& last = checkpoint_field(opt, "last_refresh", "state.optimizer");
          const std::int64_t last_refresh =
              last == json(-1) ? -1 : read_count(last, "snapshot.state.optimizer.last_refresh", opt_steps);
          if (last_refresh < 0) {
            o.set_state({}, {}, {}, 0.0, opt_steps, refreshes, -1);
          } else {
            const std::size_t k = std::size_t(o.settings().rank), s = std::size_t(o.settings().sketch_size());
            const json& damping = checkpoint_field(opt, "damping", "state.optimizer");
            if (!damping.is_number() || !(damping.get<double>() > 0.0))
              throw Error("snapshot.state.optimizer.damping: must be a number > 0");
            o.set_state(read_matrix(cp, "lrng_sketch", std::size_t(P), s), read_matrix(cp, "lrng_basis", std::size_t(P), k),
                        read_vector(cp, "lrng_curvature", Eigen::Index(k)), damping.get<double>(), opt_steps, refreshes,
                        last_refresh);
          }
        } else {
          using S = typename T::Vector::Scalar;
          o.set_state(read_vector(cp, "sgd_buffer", P).template cast<S>(), opt_steps);
        }
      };
  auto optimizer = optimizer_;
  std::optional<std::variant<FloatAdam, FloatSgd>> float_optimizer;
  if (f32_) {
    float_optimizer = f32_->optimizer;
    std::visit(set_optimizer_state, *float_optimizer);
  } else {
    std::visit(set_optimizer_state, optimizer);
  }

  const json& rngs = checkpoint_field(state, "rng", "state");
  const RngState r = read_rng(checkpoint_field(rngs, "data", "state.rng"), "snapshot.state.rng.data");
  const bool sketches = std::holds_alternative<LowRankNaturalGradient>(optimizer_);
  const RngState sketch =
      sketches ? read_rng(checkpoint_field(rngs, "sketch", "state.rng"), "snapshot.state.rng.sketch") : RngState{};

  if (f32_) {  // float32 weights and state travel exactly as doubles; other values round to float here
    f32_->params.flat() = params.flat().cast<float>();
    f32_->optimizer = std::move(*float_optimizer);
    params.flat() = f32_->params.flat().cast<double>();
  }
  params_.flat() = params.flat();
  optimizer_ = std::move(optimizer);
  data_rng_.set_state(r);
  if (sketches) sketch_rng_.set_state(sketch);
  losses_ = loss.data;
  losses_.reserve(std::size_t(cfg_.steps));
  diverged_at_ = -1;
}

}  // namespace rnnbook
