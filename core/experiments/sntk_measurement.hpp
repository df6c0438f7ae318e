#pragma once
// One sNTK measurement of a running sntk or pitchfork experiment, with an error that says what to change.
#include "measures/sntk_measures.hpp"

namespace rnnbook {

// measure_sntk at training step `step`. When the sNTK vanishes to double precision (units saturated by
// a large optimizer.lr or model.gain or by Adam with beta2 < beta1^2, or a tiny model.leak: the kernel
// scales as leak^2) the measures of a zero spectrum are undefined; the Error then names the step and the
// fields to change with their ranges.
SntkMeasurement measure_sntk_at_step(const StateSpaceModel& model, const SntkOptions& options, Rng& rng, long step);

}  // namespace rnnbook
