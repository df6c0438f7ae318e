#!/usr/bin/env bash
# The second README command: every test. Installs and builds first, so it works on a fresh clone.
#   1. the Catch2 unit tests natively under ASan + UBSan, then the libFuzzer targets (build-sanitize/)
#   2. the seeded trend tests natively, optimised (build-native/)
#   3. the Catch2 unit tests compiled to wasm, under node (build-wasm/)
#   4. node tests of the JS API and CLI        5. browser tests in Debian's Chromium
# The unit suites (1, 3) run as a few shards side by side (tests/unit_suite.mjs), not a process per test case.
set -uo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
bash scripts/install.sh && bash scripts/build.sh --sanitize || { echo "test: install or build failed"; exit 1; }
echo "=== install and build took $((SECONDS - t0)) s"

logs=$(mktemp -d)
passed=0; failed=0; status=0
count_ctest() {  # "100% tests passed, 0 tests failed out of 14"
  local line; line=$(grep -E "tests passed, [0-9]+ tests failed out of" "$1" | tail -1)
  local total=${line##*out of }; local bad; bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")
  passed=$((passed + ${total:-0} - ${bad:-0})); failed=$((failed + ${bad:-0}))
}
count_node() {  # node --test closing lines "# pass N" / "# fail N"
  local p f; p=$(grep -E "^# pass [0-9]+" "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E "^# fail [0-9]+" "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
count_unit() {  # tests/unit_suite.mjs's last line "unit suite: P passed, F failed, ..."
  local line; line=$(grep -E "^unit suite: [0-9]+ passed, [0-9]+ failed" "$1" | tail -1)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi  # the runner itself failed
  passed=$((passed + $(sed -E 's/^unit suite: ([0-9]+) passed.*/\1/' <<<"$line")))
  failed=$((failed + $(sed -E 's/^unit suite: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")))
}
stage() {  # stage NAME KIND COMMAND...
  local name=$1 kind=$2; shift 2
  echo "=== $name"
  local t0=$SECONDS
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "=== $name took $((SECONDS - t0)) s"
  [ "$rc" = 0 ] || { status=1; echo "=== $name FAILED (exit $rc)"; }
  "count_$kind" "$logs/$name.log"
}

# Any sanitizer report fails its test.
stage native-sanitize unit env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  node tests/unit_suite.mjs --jobs 2 -- build-sanitize/tests/rnnbook_tests
stage native-fuzz   ctest ctest --test-dir build-sanitize --output-on-failure -j 2 -R '^fuzz:'
stage native-trend  ctest ctest --test-dir build-native --output-on-failure -j 2
stage wasm-catch2   unit  node tests/unit_suite.mjs --jobs 2 -- node build-wasm/tests/rnnbook_tests.js
stage node-js-api   node  node --test tests/node/
stage browser       node  node --test --test-concurrency=1 tests/browser/

echo "=== all suites"
echo "rnnbook: $passed passed, $failed failed"
[ "$failed" = 0 ] || status=1
exit $status
