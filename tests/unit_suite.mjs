#!/usr/bin/env node
// Runs a Catch2 unit-test binary as a few shards side by side, one process each, grouped by source file
// (Catch2's -# gives every test case the tag [#file]). One process per test case, as ctest runs it, spends
// most of the time starting processes: ASan's runtime, or a 7 MB wasm module compiled by node each time.
//
//   node tests/unit_suite.mjs [--jobs J] [--shards K] -- COMMAND...
//   e.g. node tests/unit_suite.mjs --jobs 2 -- node build-wasm/tests/rnnbook_tests.js
//
// Every test case runs exactly once (the shards' counts must add up to the binary's list), a failing
// shard prints its whole output, and the last line reads "unit suite: P passed, F failed, ...".
import { spawn, spawnSync } from 'node:child_process';

function parseArgs(argv) {
  const dash = argv.indexOf('--');
  if (dash < 0 || dash === argv.length - 1) throw new Error('usage: node tests/unit_suite.mjs [--jobs J] [--shards K] -- COMMAND...');
  const options = { jobs: 2, shards: 8 };
  const flags = argv.slice(0, dash);
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i].replace(/^--/, '');
    const value = Number(flags[i + 1]);
    if (!(name in options) || !Number.isInteger(value) || value < 1) throw new Error(`unit_suite: ${flags[i]} needs a whole number >= 1`);
    options[name] = value;
  }
  return { ...options, command: argv.slice(dash + 1) };
}

// Catch2 2's list commands exit with the number of items listed: only a signal or an empty list is a failure.
function runSync(command, args) {
  const r = spawnSync(command[0], [...command.slice(1), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status === null || r.error || !r.stdout.trim()) throw new Error(`unit_suite: ${command.join(' ')} ${args.join(' ')} exited with ${r.status}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The source files' tags with their test-case counts, and the number of test cases the binary lists. */
function listTests(command) {
  const files = [...runSync(command, ['-#', '--list-tags']).matchAll(/^\s*(\d+)\s+\[#([^\]]+)\]\s*$/gm)]
    .map((m) => ({ tag: `[#${m[2]}]`, cases: Number(m[1]) }));
  const total = runSync(command, ['--list-test-names-only']).split('\n').filter((l) => l.trim()).length;
  const tagged = files.reduce((s, f) => s + f.cases, 0);
  if (!files.length || tagged !== total) throw new Error(`unit_suite: ${total} test cases listed but ${tagged} carry a file tag`);
  return { files, total };
}

/** Largest files first, each to the shard with the fewest test cases so far. */
function partition(files, shards) {
  const bins = Array.from({ length: Math.min(shards, files.length) }, () => ({ tags: [], cases: 0 }));
  for (const f of [...files].sort((a, b) => b.cases - a.cases)) {
    const bin = bins.reduce((a, b) => (b.cases < a.cases ? b : a));
    bin.tags.push(f.tag);
    bin.cases += f.cases;
  }
  return bins;
}

/** Catch2's closing line: "All tests passed (A assertions in N test cases)" or "test cases: N | P passed | F failed". */
function summary(output) {
  const all = output.match(/All tests passed \(\d+ assertions? in (\d+) test cases?\)/);
  if (all) return { passed: Number(all[1]), failed: 0 };
  const some = output.match(/test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/);
  if (some) return { passed: Number(some[2]), failed: Number(some[3]) };
  const none = output.match(/test cases:\s*(\d+)\s*\|\s*(\d+) failed/);
  return none ? { passed: 0, failed: Number(none[2]) } : null;
}

function runShard(command, bin) {
  return new Promise((resolve) => {
    const child = spawn(command[0], [...command.slice(1), '-#', bin.tags.join(','), '--use-colour', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

const { jobs, shards, command } = parseArgs(process.argv.slice(2));
const t0 = Date.now();
const { files, total } = listTests(command);
const bins = partition(files, shards);
let passed = 0;
let failed = 0;
let broken = 0;
let next = 0;
async function worker() {
  while (next < bins.length) {
    const i = next++;
    const r = await runShard(command, bins[i]);
    const s = summary(r.output);
    const ok = r.code === 0 && s && s.failed === 0 && s.passed === bins[i].cases;
    console.log(`shard ${i + 1}/${bins.length} (${bins[i].tags.length} files, ${bins[i].cases} test cases): ` +
      (ok ? 'passed' : `FAILED (exit ${r.signal ?? r.code}, ${s ? `${s.passed} passed, ${s.failed} failed` : 'no Catch2 summary'})`));
    if (!ok) console.log(`${r.output}\n--- end of shard ${i + 1}: ${bins[i].tags.join(' ')}`);
    passed += s?.passed ?? 0;
    failed += s?.failed ?? 0;
    if (!ok && !(s?.failed > 0)) broken++;  // a crash, or fewer test cases than listed: count the shard once
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
failed += broken;
console.log(`unit suite: ${passed} passed, ${failed} failed, of ${total} test cases in ${bins.length} shards ` +
  `(${jobs} at a time, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(failed === 0 && passed === total ? 0 : 1);
