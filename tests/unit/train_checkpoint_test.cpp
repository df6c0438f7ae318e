#include <catch2/catch.hpp>

#include "experiments/experiment.hpp"
#include "experiments/train_experiment.hpp"
#include "io/npy.hpp"

using namespace rnnbook;
using Catch::Matchers::Equals;

namespace {

json small_train_config(const std::string& optimizer) {
  json c = json::parse(R"({"kind": "train", "seed": 7, "steps": 30, "batch_size": 6,
                           "model": {"hidden": 9, "leak": 0.6}, "task": {"bits": 2, "steps": 12, "pulse_prob": 0.2}})");
  c["optimizer"] = json::parse(optimizer);
  return c;
}

// What a checkpoint directory holds: the header as JSON text, each array as .npy bytes.
Checkpoint through_files(const Checkpoint& cp) {
  Checkpoint back;
  back.header = json::parse(cp.summary().dump());
  back.header.erase("arrays");
  for (const auto& [name, a] : cp.arrays) back.arrays[name] = parse_npy(npy_bytes(a));
  return back;
}

}  // namespace

TEST_CASE("checkpoint: run(0..n) equals run(0..k) + snapshot + restore + run(k..n), bit for bit", "[checkpoint]") {
  for (const char* optimizer : {R"({"name": "adam", "lr": 0.02})", R"({"name": "amsgrad", "lr": 0.02, "weight_decay": 0.01})",
                                R"({"name": "sgd", "lr": 0.05, "momentum": 0.9})"}) {
    INFO(optimizer);
    const json config = small_train_config(optimizer);
    TrainExperiment whole(config);
    whole.step(30);
    const Result full = whole.result();

    TrainExperiment first(config);
    first.step(13);
    const Checkpoint cp = through_files(first.snapshot());
    TrainExperiment second(config);
    second.restore(cp);
    CHECK(second.position() == 13);
    CHECK(second.step(100) == 17);
    const Result resumed = second.result();
    CHECK(resumed.arrays.at("loss").data == full.arrays.at("loss").data);
    CHECK(resumed.arrays.at("eval_output").data == full.arrays.at("eval_output").data);
    CHECK(second.parameters().flat() == whole.parameters().flat());
    const Checkpoint a = second.snapshot(), b = whole.snapshot();
    for (const auto& [name, array] : b.arrays) CHECK(a.arrays.at(name).data == array.data);
    CHECK(a.header["state"] == b.header["state"]);
  }
}

TEST_CASE("checkpoint: the snapshot holds weights, optimiser state, RNG and the step", "[checkpoint]") {
  TrainExperiment e(small_train_config(R"({"name": "amsgrad", "lr": 0.01})"));
  e.step(4);
  const Checkpoint cp = e.snapshot();
  CHECK(cp.header["format"] == "rnnbook-checkpoint");
  CHECK(cp.header["step"] == 4);
  CHECK(cp.header["config"] == e.result().config);
  CHECK(cp.header["state"]["optimizer"]["name"] == "amsgrad");
  CHECK(cp.header["state"]["optimizer"]["steps"] == 4);
  CHECK(cp.header["state"]["optimizer"]["lr"] == 0.01);
  CHECK(cp.header["state"]["rng"]["data"]["s"][0].get<std::string>().size() == 18);
  CHECK(cp.header["scalars"]["last_loss"] == cp.arrays.at("loss").data.back());
  const RnnParameters& p = e.parameters();
  const auto& W = cp.arrays.at("W");
  CHECK(W.shape == std::vector<std::size_t>{9, 9});
  CHECK(W.data[1 * 9 + 2] == p.W()(1, 2));  // C order, as NumPy
  CHECK(cp.arrays.at("U").shape == std::vector<std::size_t>{9, 2});
  CHECK(cp.arrays.at("U").data[3 * 2 + 1] == p.U()(3, 1));
  CHECK(cp.arrays.at("C").data[1 * 9 + 4] == p.C()(1, 4));
  CHECK(cp.arrays.at("b").shape == std::vector<std::size_t>{9});
  CHECK(cp.arrays.at("theta").data.size() == std::size_t(p.flat().size()));
  CHECK(cp.arrays.count("adam_vmax") == 1);
  CHECK(cp.summary()["arrays"]["W"]["shape"] == json::array({9, 9}));

  SECTION("restore takes the blocks alone, and a longer run of the same config") {
    json longer = small_train_config(R"({"name": "amsgrad", "lr": 0.01})");
    longer["steps"] = 50;
    Checkpoint blocks = cp;
    blocks.arrays.erase("theta");
    blocks.arrays["W"].data[0] += 0.5;  // a user-edited weight is what the restored run uses
    TrainExperiment r(longer);
    r.restore(blocks);
    CHECK(r.parameters().W()(0, 0) == p.W()(0, 0) + 0.5);
    CHECK(r.step(100) == 46);
  }
}

TEST_CASE("checkpoint: a bad snapshot is refused with the field, and changes nothing", "[checkpoint]") {
  const json config = small_train_config(R"({"name": "sgd", "lr": 0.05, "momentum": 0.5})");
  TrainExperiment source(config);
  source.step(5);
  const Checkpoint good = source.snapshot();
  TrainExperiment target(config);
  const auto expect = [&](const Checkpoint& cp, const std::string& message) {
    CHECK_THROWS_WITH(target.restore(cp), Equals(message));
    CHECK(target.position() == 0);
  };
  Checkpoint cp = good;
  cp.header["config"]["optimizer"]["lr"] = 0.1;
  expect(cp, "snapshot.config: differs from this experiment's config at optimizer.lr; only steps may differ");
  cp = good;
  cp.header["step"] = 31;
  expect(cp, "snapshot.step: must be an integer in [0, 30], got 31");
  cp = good;
  cp.header["state"].erase("rng");
  expect(cp, "snapshot.state.rng: missing");
  cp = good;
  cp.arrays.erase("sgd_buffer");
  expect(cp, "snapshot.arrays.sgd_buffer: missing");
  cp = good;
  cp.arrays["W"].shape = {81};
  expect(cp, "snapshot.arrays.W: must have shape [9, 9], got [81]");
  cp = good;
  cp.arrays["U"].data[0] = NAN;
  expect(cp, "snapshot.arrays.U: contains NaN or infinity");
  cp = good;
  cp.arrays["c"].data[0] += 1;
  expect(cp, "snapshot.arrays.theta: differs from the blocks W, U, b, C, c; give one form or make them agree");
  cp = good;
  cp.header["state"]["rng"]["data"]["s"][2] = "12";
  expect(cp, "snapshot.state.rng.data.s: must be a string \"0x\" + 16 hex digits");
  cp = good;
  cp.header["kind"] = "sample";
  expect(cp, "snapshot.kind: must be \"train\", got \"sample\"");
  target.restore(good);
  CHECK(target.position() == 5);
}
