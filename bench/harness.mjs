// Shared by the native-vs-wasm benchmark runners: find the two builds of a benchmark program, run them
// one after the other (never at once: they would compete for the cores), print a table, write JSON.
// Build dirs: RNNBOOK_NATIVE_DIR (default build-native), RNNBOOK_WASM_BUILD_DIR (default build-wasm).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.resolve(repo, process.env.RNNBOOK_NATIVE_DIR ?? 'build-native');
const wasmDir = path.resolve(repo, process.env.RNNBOOK_WASM_BUILD_DIR ?? 'build-wasm');
const shown = (d) => (path.relative(repo, d).startsWith('..') ? d : path.relative(repo, d) || '.');

/** Builds target `name` in both build dirs (benchmarks are not part of the default build). */
export function buildBoth(name) {
  for (const dir of [nativeDir, wasmDir]) {
    if (!existsSync(path.join(dir, 'CMakeCache.txt'))) {
      console.error(`no build in ${shown(dir)}: run bash scripts/build.sh first`);
      process.exit(1);
    }
    execFileSync('cmake', ['--build', dir, '--target', name, '-j', '2'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { nativeBin: path.join(nativeDir, 'bench', name), wasmJs: path.join(wasmDir, 'bench', `${name}.js`) };
}

/**
 * Configures (once) and builds target `name` in the tuned native build: RNNBOOK_NATIVE_ARCH=ON, i.e.
 * -march=native and the fused product kernel (dir: RNNBOOK_NATIVE_ARCH_DIR, default build-native-arch).
 * Returns the program's path.
 */
export function buildNativeArch(name) {
  const dir = path.resolve(repo, process.env.RNNBOOK_NATIVE_ARCH_DIR ?? 'build-native-arch');
  if (!existsSync(path.join(dir, 'CMakeCache.txt'))) {
    console.error(`== configuring ${shown(dir)} (-DRNNBOOK_NATIVE_ARCH=ON); the first build takes a few minutes`);
    execFileSync('cmake', ['-S', repo, '-B', dir, '-DCMAKE_BUILD_TYPE=Release', '-DRNNBOOK_NATIVE_ARCH=ON'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // GCC 12 warns (falsely) inside its AVX-512 headers: show the compiler's output only when the build fails.
  try {
    execFileSync('cmake', ['--build', dir, '--target', name, '-j', '2'], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  } catch (e) {
    console.error(`${e.stdout ?? ''}${e.stderr ?? ''}building ${name} in ${shown(dir)} failed`);
    process.exit(1);
  }
  return path.join(dir, 'bench', name);
}

/** Builds and runs bench/<name> natively and as wasm under node with argv; returns {native, wasm} (their JSON lines). */
export function runBoth(name, argv) {
  const { nativeBin, wasmJs } = buildBoth(name);
  return { native: runProgram('native', nativeBin, argv), wasm: runProgram('wasm', process.execPath, [wasmJs, ...argv]) };
}

/** Runs one benchmark program, echoing its progress lines to stderr; returns the JSON on its last line. */
export function runProgram(label, file, argv, env = process.env) {
  console.error(`== ${label}: ${[file, ...argv].join(' ')}`);
  const out = execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env });
  const lines = out.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.error(`   ${l}`);
  return JSON.parse(lines.at(-1));
}

/**
 * The python3 that can import `module`, for the reference implementations in bench/*.py:
 * RNNBOOK_PYTHON if set, else the first of /usr/bin/python3 and python3 that does; undefined if none.
 */
export function findPython(module) {
  const candidates = process.env.RNNBOOK_PYTHON ? [process.env.RNNBOOK_PYTHON] : ['/usr/bin/python3', 'python3'];
  return candidates.find((p) => spawnSync(p, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0);
}

/** Prints rows (arrays of cells) under a header, right-aligned. */
export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
}

/** Writes bench/results/<file> with the date, node version and machine architecture added. */
export function writeResult(file, data) {
  const outDir = path.join(repo, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, file);
  const arch = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
  writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), node: process.version, arch, ...data }, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
}
