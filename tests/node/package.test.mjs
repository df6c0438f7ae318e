// The npm package (issue 19): scripts/package.mjs builds and packs it, a fresh project installs the
// .tgz offline, and a node script there runs every experiment kind through `import { run } from
// 'rnnbook'` with the same bits as the native CLI; plus its manifest, version, types, errors and the docs'
// examples that import the package (README.md's node snippet, docs/js-api.md's ```js package blocks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, parseNpy, projectVersion, root } from './module.mjs';
import { packedProject } from '../package_project.mjs';
import { configs } from './kind_configs.mjs';
import { functionNames } from '../../web/lib/functions.js';
import { brokenPromises, codeBlocks, formatLogged, instrument } from '../docs_blocks.mjs';

let project;
before(async () => { project = await packedProject('node-host'); });
after(() => project?.remove());

const manifest = () => JSON.parse(readFileSync(path.join(project.dir, 'node_modules/rnnbook/package.json'), 'utf8'));

test('the package: name, version (the project version, compiled into the wasm), exports, no dependencies', async () => {
  const pkg = manifest();
  assert.equal(pkg.name, 'rnnbook');
  assert.equal(pkg.version, projectVersion);
  assert.equal((await loadModule()).version(), projectVersion);
  assert.equal((await import('../../web/lib/version.js')).VERSION, projectVersion);
  assert.equal(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version, projectVersion,
    'the workspace package.json carries the same version');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.dependencies, undefined);
  assert.deepEqual(Object.keys(pkg.exports['.']), ['browser', 'node', 'default']);
  assert.equal(pkg.exports['.'].node.default, './node.js');
  assert.equal(pkg.exports['.'].browser.types, './rnnbook.d.ts');
  assert.equal(pkg.exports['./element'], './rnn-notebook.js');
  assert.equal(pkg.exports['./package.json'], './package.json');
  for (const file of ['rnnbook.wasm', 'rnnbook.mjs', 'worker.js', 'node_worker.js', 'rnn-notebook.js', 'README.md', 'LICENSE']) {
    assert.ok(readFileSync(path.join(project.dir, 'node_modules/rnnbook', file)).length > 0, file);
  }
  const worker = readFileSync(path.join(project.dir, 'node_modules/rnnbook/worker.js'), 'utf8');
  assert.match(worker, /from '\.\/rnnbook\.mjs'/, 'the Vite alias is rewritten to the file beside it');
  assert.doesNotMatch(worker, /@rnnbook\/wasm/);
});

test('a node script in the project runs every kind with the same bits as the CLI, with progress, Stop and errors', async () => {
  const script = path.join(project.dir, 'host.mjs');
  copyFileSync(path.join(root, 'tests/node/package_node_host.mjs'), script);
  const r = spawnSync(process.execPath, [script, JSON.stringify(configs)], { cwd: project.dir, encoding: 'utf8', timeout: 180000 });
  assert.equal(r.signal, null, 'the script ended on its own (idle worker threads do not hold node open)');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.equal(out.version, projectVersion);
  assert.equal(out.clientVersion, projectVersion);
  assert.equal(out.inThread.version, projectVersion);
  assert.equal(out.inThread.loss, out.runs.train.arrays.loss.data, 'in this thread: the same bits as on a worker thread');
  assert.equal(out.inThread.pr, 2);
  assert.ok(out.pool >= 1);
  assert.equal(out.stop.stopped, true);
  assert.ok(out.stop.steps > 0 && out.stop.steps < 100000, `stopped after ${out.stop.steps} steps`);
  assert.equal(out.errors.length, 3);
  assert.equal(out.errors[0], 'model.hidden: must be an integer in [1, 1024], got 5000');
  assert.match(out.errors[1], /^extra: unknown field; allowed here: /);
  assert.equal(out.errors[2], 'discard_fraction: must be a number in [0, 1), got 1');
  const cli = path.join(nativeDir, 'cli/rnnbook');
  for (const [name, config] of Object.entries(configs)) {
    const got = out.runs[name];
    assert.equal(got.kind, config.kind);
    assert.equal(got.stopped, false);
    assert.ok(got.events > 0, `${name}: progress events`);
    const dir = mkdtempSync(path.join(tmpdir(), `rnnbook-pkg-${name}-`));
    const c = spawnSync(cli, ['run', '-', '--out', dir, '--quiet'], { input: JSON.stringify(config), encoding: 'utf8' });
    assert.equal(c.status, 0, `${name}: ${c.stderr}`);
    const native = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'));
    assert.deepEqual(Object.keys(got.arrays).sort(), Object.keys(native.arrays).sort(), name);
    for (const [array, meta] of Object.entries(native.arrays)) {
      const bits = Buffer.from(parseNpy(readFileSync(path.join(dir, meta.file))).data.buffer);
      assert.ok(Buffer.from(got.arrays[array].data, 'base64').equals(bits), `${name}.${array}: same bits as the CLI`);
    }
    for (const [scalar, v] of Object.entries(got.scalars)) {
      if (scalar.endsWith('_ms')) continue;  // timings
      assert.ok(typeof v === 'number' ? Object.is(native.scalars[scalar], v) : native.scalars[scalar] === null,
        `${name} scalar ${scalar}: native ${native.scalars[scalar]}, package ${v}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs a docs block as a script in the project; returns its run and the promises its comments broke. */
function runInProject(code, name) {
  const { code: instrumented, expected } = instrument(code);
  // As tests/node/docs_examples.test.mjs: each checked line's first output goes to stderr, tagged.
  const prelude = `const __format = ${formatLogged.toString()};\nconst __printed = new Set();\n` +
    'globalThis.__docLog = (k, ...args) => { if (!__printed.has(k)) { __printed.add(k); ' +
    'process.stderr.write(`\\n@doc ${JSON.stringify([k, __format(args)])}\\n`); } console.log(...args); };\n';
  writeFileSync(path.join(project.dir, name), prelude + instrumented);
  const r = spawnSync(process.execPath, [name], { cwd: project.dir, encoding: 'utf8', timeout: 60000 });
  const printed = Object.fromEntries(r.stderr.split('\n').filter((l) => l.startsWith('@doc '))
    .map((l) => JSON.parse(l.slice(5))));
  return { r, broken: brokenPromises(expected, printed) };
}

test("README.md's node snippet runs in the project, printing what its comments say", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use rnnbook in your own page or notebook');
  const blocks = codeBlocks(readme.slice(start, readme.indexOf('\n## ', start + 10)), 'js node');
  assert.equal(blocks.length, 1);
  const { r, broken } = runInProject(blocks[0].code, 'readme.mjs');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(broken, []);
  assert.match(r.stderr, /step 300 of 300/, 'progress');
});

test("docs/js-api.md's package examples run in the project, printing what their comments say", () => {
  const blocks = codeBlocks(readFileSync(path.join(root, 'docs/js-api.md'), 'utf8'), 'js package');
  assert.ok(blocks.length >= 1);
  for (const [i, block] of blocks.entries()) {
    const { r, broken } = runInProject(block.code, `js-api-${i}.mjs`);
    assert.equal(r.status, 0, `example at line ${block.line}:\n${r.stderr}`);
    assert.deepEqual(broken, [], `example at line ${block.line}`);
  }
});

test("the package's README shows only README.md's tested snippets", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const packed = readFileSync(path.join(project.dir, 'node_modules/rnnbook/README.md'), 'utf8');
  const blocks = ['html', 'js', 'js node'].flatMap((info) => codeBlocks(packed, info));
  assert.equal(blocks.length, 3);
  for (const block of blocks) assert.ok(readme.includes(block.code), `README.md has the package README's block at line ${block.line}`);
});

test('every named export is typed, and the types resolve through the exports map (tsc, node and bundler)', async () => {
  const entry = path.join(project.dir, 'entry.mjs');
  writeFileSync(entry, "export * from 'rnnbook';\n");
  const runtime = Object.keys(await import(entry)).filter((k) => k !== 'default').sort();
  for (const name of functionNames) assert.ok(runtime.includes(name), `rnnbook exports ${name}`);
  for (const name of ['run', 'open', 'sweep', 'Client', 'VERSION', 'loadModule']) assert.ok(runtime.includes(name), name);
  const names = runtime.map((n) => JSON.stringify(n)).join(', ');
  writeFileSync(path.join(project.dir, 'check.mts'), [
    "import rnnbook, * as api from 'rnnbook';",
    "import { runExperiment } from 'rnnbook/engine';",
    "import { twoNN } from 'rnnbook/functions';",
    `const names: (keyof typeof api)[] = [${names}];`,
    "const r: Promise<import('rnnbook').Result> = api.run({ kind: 'train', steps: 5 }, { signal: new AbortController().signal });",
    'const v: string = api.VERSION;',
    'const m: Promise<unknown> = api.loadModule();',
    'void [rnnbook.run, names, r, v, m, runExperiment, twoNN];',
  ].join('\n'));
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  for (const resolution of [['--module', 'nodenext', '--moduleResolution', 'nodenext'], ['--module', 'esnext', '--moduleResolution', 'bundler']]) {
    const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', ...resolution, 'check.mts'];
    const t = spawnSync(process.execPath, args, { cwd: project.dir, encoding: 'utf8' });
    // The bundler resolution takes the page's entry, which has no loadModule: only its uses may fail there.
    const errors = t.stdout.split('\n').filter((l) => l.includes('error TS'));
    const expected = resolution[3] === 'bundler' ? errors.filter((l) => !/loadModule/.test(l)) : errors;
    assert.deepEqual(expected, [], `${resolution.join(' ')}:\n${t.stdout}`);
    if (resolution[3] === 'bundler') assert.ok(errors.length > 0, 'the page entry does not declare loadModule (node only)');
  }
});

test('a package without its .wasm fails every call with an error naming the file, and does not hang', async () => {
  const broken = mkdtempSync(path.join(tmpdir(), 'rnnbook-nowasm-'));
  cpSync(path.join(project.dir, 'node_modules'), path.join(broken, 'node_modules'), { recursive: true });
  writeFileSync(path.join(broken, 'package.json'), '{"type": "module"}');
  rmSync(path.join(broken, 'node_modules/rnnbook/rnnbook.wasm'));
  writeFileSync(path.join(broken, 'main.mjs'), [
    "import { run, version } from 'rnnbook';",
    "for (const call of [() => version(), () => run({ kind: 'train', steps: 3 })]) {",
    '  await call().then(() => console.log("no error"), (e) => console.log(e.message));',
    '}',
  ].join('\n'));
  const r = spawnSync(process.execPath, ['main.mjs'], { cwd: broken, encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, r.stderr);
  const wasm = path.join(broken, 'node_modules/rnnbook/rnnbook.wasm');
  assert.deepEqual(r.stdout.trim().split('\n'), Array(2).fill(`wasm: could not read ${wasm} (ENOENT); it belongs next to rnnbook.mjs`));
  rmSync(broken, { recursive: true, force: true });
});

test('scripts/package.mjs refuses a version.js that differs from the module', () => {
  // A copy of the script and web/lib with another VERSION, against the real module.
  const copy = mkdtempSync(path.join(tmpdir(), 'rnnbook-pkgver-'));
  cpSync(path.join(root, 'scripts/package.mjs'), path.join(copy, 'scripts/package.mjs'));
  cpSync(path.join(root, 'web/lib'), path.join(copy, 'web/lib'), { recursive: true });
  writeFileSync(path.join(copy, 'web/lib/version.js'), "export const VERSION = '9.9.9';\n");
  const r = spawnSync(process.execPath, [path.join(copy, 'scripts/package.mjs'), path.join(copy, 'out')], {
    encoding: 'utf8', env: { ...process.env, RNNBOOK_WASM_DIR: path.join(root, 'build-wasm/wasm') },
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`web/lib/version.js says 9.9.9 but the wasm module is ${projectVersion.replaceAll('.', '\\.')}`));
  rmSync(copy, { recursive: true, force: true });
});
