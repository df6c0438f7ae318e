// libFuzzer target: any bytes as an experiment config. The core must either build the experiment or
// refuse with rnnbook::Error (a message naming the field); any other exception, a crash, a sanitizer
// report, a timeout or more memory than the limits allow is a failure.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.hpp"
#include "experiments/experiment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto experiment = rnnbook::make_experiment(text);
    (void)experiment->total();
  } catch (const rnnbook::Error&) {
  }
  return 0;
}
