// Embind layer of sweeps: the page's rnnbook.sweep() expands its spec here, so the points, their
// order and the messages are the CLI's (core/experiments/sweep.hpp). No numerics here.
#include <emscripten/bind.h>

#include <string>

#include "experiments/sweep.hpp"
#include "guarded.hpp"

namespace {

// spec_json: JSON.stringify of {base, grid} or of a list of configs (the grid's key order is the
// axis order). Returns the expansion {axes, points} as JSON text; "" (and a message for
// takeError()) when the spec is refused.
std::string sweep_points(const std::string& spec_json) {
  return rnnbook_wasm::guarded([&] { return rnnbook::expand_sweep(rnnbook::parse_sweep_text(spec_json)).dump(); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(rnnbook_sweep) {
  emscripten::function("sweepPoints", &sweep_points);
}
