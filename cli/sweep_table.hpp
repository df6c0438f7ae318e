#pragma once
// The table of a sweep, one row per point; `rnnbook collect` writes it as table.json and table.csv,
// and the page's rnnbook.sweep() returns the same (docs/sweeps.md, "The table"):
//   {"columns": ["index", <axis paths, in axis order>, <every scalar name in any point's result,
//                sorted by bytes>, "timing_ms", "error"],
//    "rows": [{"index": 0, "seed": 0, ..., "final_loss": 0.12, ..., "timing_ms": 85.1, "error": null}, ...]}
// Every row has every column. A scalar the point lacks, or that is not finite, is null. error is
// null for a complete point, the text of its error.txt for a failed one (a run that diverged has
// its scalars and its error), "not run" for a point with neither result.json nor error.txt. A
// scalar named like an earlier column (an axis path, index, timing_ms, error) is "scalars.<name>".
#include <filesystem>
#include <string>

#include "experiments/sweep.hpp"

namespace rnnbook {

// manifest: DIR/manifest.json as read_manifest gives it. Throws rnnbook::Error naming a
// result.json that is not valid JSON.
ordered_json sweep_table(const std::filesystem::path& dir, const ordered_json& manifest);

// The table as CSV: a header line of the columns, then one line per row ("\n" line ends). null is
// an empty cell; numbers have 17 significant digits (%.17g, so they read back to the same double),
// integers are written as integers; true/false as such; strings are always quoted, with " doubled
// (RFC 4180); any other value (an object or array from a spec's grid) is its JSON text, quoted.
// Header names are quoted only when they hold a comma, quote or line break.
std::string table_csv(const ordered_json& table);

}  // namespace rnnbook
