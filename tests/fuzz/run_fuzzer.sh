#!/usr/bin/env bash
# run_fuzzer.sh FUZZER DIR SECONDS CRASH_DIR: replays DIR/regressions/* (every input that ever failed),
# then fuzzes for SECONDS from DIR/corpus (with DIR/*.dict if present). New inputs go to a scratch
# directory, not the repository; a failing input is written to CRASH_DIR: add it to DIR/regressions/.
set -euo pipefail
fuzzer=$1 dir=$2 seconds=$3 crashes=$4
mkdir -p "$crashes"
shopt -s nullglob
regressions=("$dir"/regressions/*)
if [ ${#regressions[@]} -gt 0 ]; then
  echo "replaying ${#regressions[@]} regression inputs"
  "$fuzzer" -rss_limit_mb=2048 "${regressions[@]}"
fi
dict=("$dir"/*.dict)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# -timeout: one input may take at most 10 s (a config within the limits is quick to build).
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/" ${dict:+-dict="${dict[0]}"} "$scratch" "$dir/corpus"
