#include "experiments/sntk_measurement.hpp"

#include <string>

#include "common/error.hpp"

namespace rnnbook {

namespace {

// The errors of the measures of a zero (or underflowed) kernel, as effective_rank.cpp and sntk_measures.cpp
// word them; other errors (e.g. the dense size limit) pass unchanged.
bool zero_kernel_error(const std::string& what) {
  for (const char* sign : {"must have a positive entry", "must be non-zero", "is not positive", "K is zero",
                           "non-zero Frobenius norm"})
    if (what.find(sign) != std::string::npos) return true;
  return false;
}

}  // namespace

SntkMeasurement measure_sntk_at_step(const StateSpaceModel& model, const SntkOptions& options, Rng& rng, long step) {
  try {
    return measure_sntk(model, options, rng);
  } catch (const Error& e) {
    if (!zero_kernel_error(e.what())) throw;
    throw Error("sNTK at training step " + std::to_string(step) + ": " + e.what() +
                ". The sNTK vanishes to double precision when the units saturate (phi' = 0: lower optimizer.lr, "
                "allowed (0, 10], or model.gain, allowed [0, 10]; with adam keep optimizer.beta2 >= optimizer.beta1^2) "
                "or when model.leak is tiny (the sNTK scales as leak^2; allowed (0, 1], use 1e-50 or more)");
  }
}

}  // namespace rnnbook
