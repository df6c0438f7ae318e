// Reading and validating the config of the lowrank experiment.
#include <algorithm>

#include "common/error.hpp"
#include "experiments/array_field.hpp"
#include "experiments/lowrank_experiment.hpp"

namespace rnnbook {

namespace {
constexpr std::int64_t kMaxLowRankStates = 4000000;  // trials x (T+1) x neurons, activity and window batches alike
constexpr std::int64_t kMaxLowRankNeurons = 2000;
constexpr std::int64_t kMaxLowRankSeed = INT64_C(9007199254740991);

// The teacher's own fields (SCIENCE.md 11.1's defaults for its name).
void read_synthetic_teacher(Fields& t, TeacherKind kind, LowRankConfig& c) {
  TeacherSettings& s = c.teacher;
  s = teacher_defaults(kind);
  s.neurons = t.integer("neurons", 300, 2, kMaxLowRankNeurons);
  s.dt = t.number("dt", 0.1, 0.0, 1.0, true, false);
  const double g = t.number("g", kind == TeacherKind::bistable ? 3.0 : 2.0, -10.0, 10.0);
  if (kind == TeacherKind::cycle) {
    const double w = t.number("rotation", 1.0, -10.0, 10.0);
    s.overlap << g, -w, w, g;
  } else {
    s.overlap *= g / s.overlap(0, 0);
  }
  s.laplace = t.boolean("laplace", kind == TeacherKind::bistable);
  s.residual = t.number("residual", 1.0, 0.0, 10.0);
  s.init_radius = t.number("init_radius", 3.0, 0.0, 100.0, true, false);
  s.train_trials = t.integer("train_trials", 32, 1, 512);
  s.heldout_trials = t.integer("heldout_trials", 16, 1, 512);
  s.steps = t.integer("steps", s.steps, 2, 5000);
  const double states = double(s.train_trials + s.heldout_trials) * double(s.steps + 1) * double(s.neurons);
  if (states > double(kMaxLowRankStates))
    throw Error("teacher: (train_trials + heldout_trials) x (steps + 1) x neurons = " + std::to_string(std::int64_t(states)) +
                " exceeds the limit " + std::to_string(kMaxLowRankStates) + "; make one of them smaller");
}

// The user's activity (B, T+1, N), split into training trials and the last `heldout_trials`.
void read_user_activity(Fields& t, LowRankConfig& c) {
  if (!t.raw("activity"))
    throw Error(t.name("activity") + ": missing; the activity is (trials, steps + 1, neurons), C order");
  const ResultArray a = read_config_array(*t.raw("activity"), t.name("activity"), 3, "(trials, steps + 1, neurons)",
                                          std::size_t(kMaxLowRankStates));
  const std::string name = t.name("activity");
  const TrialStates x = trial_states_from_array(a.shape, a.data, name.c_str(), 3);
  t.fill("activity", {{"shape", a.shape}});
  if (x.trials < 2)
    throw Error(name + ": needs at least 2 trials (training and held-out), got shape " + shape_text(a.shape));
  if (x.dim() < 2 || x.dim() > kMaxLowRankNeurons)
    throw Error(name + ": " + std::to_string(x.dim()) + " neurons; allowed 2 to " + std::to_string(kMaxLowRankNeurons));
  const Eigen::Index heldout = t.integer("heldout_trials", std::max<Eigen::Index>(1, x.trials / 3), 1, x.trials - 1);
  const Eigen::Index train = x.trials - heldout, width = x.steps + 1;
  c.user_train = TrialStates(x.dim(), train, x.steps);
  c.user_train.X = x.X.leftCols(train * width);
  c.user_heldout = TrialStates(x.dim(), heldout, x.steps);
  c.user_heldout.X = x.X.rightCols(heldout * width);
  c.teacher.neurons = x.dim();
  c.teacher.steps = x.steps;
  c.teacher.train_trials = train;
  c.teacher.heldout_trials = heldout;
  c.teacher.dt = t.number("dt", 0.1, 0.0, 1.0, true, false);
  // Which summaries verify a network: |kappa(T)| (as for the bistable and ring teachers) or the cycle's.
  c.teacher.kind = t.choice("summary", "final", {"final", "cycle"}) == "cycle" ? TeacherKind::cycle : TeacherKind::bistable;
}

}  // namespace

LowRankConfig LowRankConfig::parse(const json& config) {
  LowRankConfig c;
  Fields root(config, c.filled, "");
  root.choice("kind", "lowrank", {"lowrank"});
  c.seed = std::uint64_t(root.integer("seed", 0, 0, kMaxLowRankSeed));

  Fields t = root.object("teacher");
  const std::string name = t.choice("name", "bistable", {"bistable", "ring", "cycle", "data"});
  c.synthetic = name != "data";
  if (c.synthetic) read_synthetic_teacher(t, teacher_from_name(name), c);
  else read_user_activity(t, c);
  t.finish();
  const Eigen::Index neurons = c.teacher.neurons, steps = c.teacher.steps;

  Fields fit = root.object("fit");
  const Eigen::Index teacher_rank = c.synthetic ? c.teacher.overlap.rows() : 1;
  c.rank = fit.integer("rank", teacher_rank, 1, std::min<std::int64_t>(8, neurons));
  if (c.teacher.kind == TeacherKind::cycle && c.rank != 2)
    throw Error(fit.name("rank") + ": the cycle's radius and period are read in a rank-2 latent plane; must be 2, got " +
                std::to_string(c.rank));
  c.anchors = fit.integer("anchors", 200, 1, 2000);
  c.ridge = fit.number("ridge", 1e-6, 0.0, 1.0);
  fit.finish();

  Fields st = root.object("students");
  c.students = int(st.integer("count", 2, 0, 10));
  StudentSettings& s = c.student;
  s.rank = c.rank;
  s.steps = int(st.integer("steps", 800, 0, 100000));
  s.lr = st.number("lr", 0.05, 0.0, 1.0, true, false);
  s.cosine = st.boolean("cosine", true);
  s.windows = int(st.integer("windows", 32, 1, 1024));
  s.window_length = int(st.integer("window", std::min<Eigen::Index>(10, steps), 1, steps));
  s.init_sd = st.number("init_sd", 1.0, 0.0, 10.0, true, false);
  c.student_seed = std::uint64_t(st.integer("seed", std::int64_t(1000 * c.seed + 1), 0, kMaxLowRankSeed));
  st.finish();
  const double window_states = double(s.windows) * double(s.window_length) * double(neurons);
  if (c.students > 0 && window_states > double(kMaxLowRankStates))
    throw Error("students.windows: windows x window x neurons = " + std::to_string(std::int64_t(window_states)) +
                " exceeds the limit " + std::to_string(kMaxLowRankStates) + "; make one of them smaller");

  Fields fl = root.object("flow");
  c.joint_flow = fl.choice("variant", "A", {"A", "B"}) == "B";
  c.flow.steps = int(fl.integer("steps", 500, 0, 100000));
  c.flow.hidden = int(fl.integer("hidden", 64, 1, 256));
  c.flow.batch = int(fl.integer("batch", 256, 1, 4096));
  c.flow.lr = fl.number("lr", 2e-3, 0.0, 1.0, true, false);
  c.flow_seed = std::uint64_t(fl.integer("seed", std::int64_t(1000 * c.seed + 999), 0, kMaxLowRankSeed));
  fl.finish();

  Fields sa = root.object("samples");
  c.samples = int(sa.integer("count", 3, 1, 20));
  c.sample_neurons = sa.integer("neurons", neurons, 2, 4000);
  c.residual = sa.number("residual", 1.0, 0.0, 10.0);
  c.integrator = sa.choice("integrator", "rk4", {"rk4", "euler"}) == "euler" ? FlowIntegrator::euler : FlowIntegrator::rk4;
  c.integrator_steps = int(sa.integer("steps", 20, 1, 1000));
  sa.finish();
  const double latents = double(c.samples) * double(c.teacher.heldout_trials) * double(steps + 1) * double(c.rank);
  if (latents > double(kMaxLowRankStates))
    throw Error("samples.count: count x heldout_trials x (steps + 1) x rank = " + std::to_string(std::int64_t(latents)) +
                " latent values exceed the limit " + std::to_string(kMaxLowRankStates) + "; make one of them smaller");

  c.controls = root.boolean("controls", true);
  root.finish();
  return c;
}

}  // namespace rnnbook
