#pragma once
// The CLI's commands; main.cpp dispatches on the first argument. Each takes the arguments after
// its name and returns the exit code: 0 done, 2 bad input (spec, options, files), 3 a run diverged
// or a sweep point failed, 1 anything else (I/O).
#include <string>
#include <vector>

namespace rnnbook {

using Args = std::vector<std::string>;

// rnnbook run SPEC.json --out DIR [--resume CHECKPOINT_DIR] [--quiet] [--error-file FILE]
int run_command(const Args& args);
// rnnbook sweep SPEC.json --out DIR [--grid PATH=VALUES]... [--run local|slurm ...] [--dry-run]
int sweep_command(const Args& args);
// rnnbook collect DIR [--arrays NAME,NAME...]
int collect_command(const Args& args);

// Prints "rnnbook: <message>" and the usage text to stderr; returns 2.
int usage_error(const std::string& message);

}  // namespace rnnbook
