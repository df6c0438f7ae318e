#pragma once
// A snapshot of an experiment's state in a form both fronts can store: a JSON header and named
// float64 arrays (C order). The CLI writes it as checkpoint.json + one .npy per array; JS gets the
// header as an object and the arrays as Float64Arrays. Layout of the train experiment's header and
// arrays: README.md ("Checkpoints").
#include <map>
#include <string>

#include "experiments/result.hpp"

namespace rnnbook {

struct Checkpoint {
  json header;  // {format, version, kind, config, step, scalars, state}
  std::map<std::string, ResultArray> arrays;

  // The header plus "arrays": {name: {"shape": [...]}}.
  json summary() const;
  // The array `name`; throws "snapshot.arrays.<name>: missing" when it is absent.
  const ResultArray& array(const std::string& name) const;
};

extern const char* const kCheckpointFormat;  // "rnnbook-checkpoint", the header's "format"

// Reads header[key]; throws "snapshot.<key>: missing" when it is absent (path is the dotted prefix).
const json& checkpoint_field(const json& header, const std::string& key, const std::string& path = "");

}  // namespace rnnbook
