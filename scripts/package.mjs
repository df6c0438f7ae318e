// Builds the npm package `rnnbook` from the JS API (web/lib), the prebuilt wasm module
// (build-wasm/wasm/rnnbook.{mjs,wasm}) and the <rnn-notebook> element, then packs it with `npm pack`.
//   node scripts/package.mjs [OUT=build-package]   -> OUT/rnnbook/ (the package) and OUT/rnnbook-VERSION.tgz
// Only files that the entries reach are copied (imports, and workers started by new URL(..., import.meta.url));
// '@rnnbook/wasm' (a Vite alias in the site build) becomes './rnnbook.mjs', so that the package needs no
// bundler. The version is the wasm module's own (the project's VERSION, CMakeLists.txt).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'web/lib');
const wasmDir = path.resolve(process.env.RNNBOOK_WASM_DIR ?? path.join(root, 'build-wasm/wasm'));

// The package's entry points (package.json "exports") and the workers they start.
const ENTRIES = ['rnnbook.js', 'node.js', 'engine.js', 'functions.js', 'port_transport.js'];
const TYPES = ['rnnbook.d.ts', 'node.d.ts', 'engine.d.ts', 'functions.d.ts'];
const WASM_ALIAS = '@rnnbook/wasm';
const WASM_FILES = ['rnnbook.mjs', 'rnnbook.wasm'];  // from the wasm build, not web/lib

// The code of a JS file without its comments (which quote imports in examples).
const code = (source) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The relative files a JS file needs: static and dynamic imports, and new URL('./x', import.meta.url). */
function relativeReferences(source) {
  const refs = new Set();
  const patterns = [/\bfrom\s+'(\.[^']+)'/g, /\bimport\s*\(\s*'(\.[^']+)'\s*\)/g,
    /new URL\(\s*'(\.[^']+)'\s*,\s*import\.meta\.url\s*\)/g, /^import\s+'(\.[^']+)'/gm];
  for (const re of patterns) for (const m of code(source).matchAll(re)) refs.add(m[1]);
  return [...refs];
}

/** Bare specifiers other than node's own modules and the wasm alias: the package must have none. */
function bareImports(source) {
  return [...code(source).matchAll(/\b(?:from|import)\s*\(?\s*'([^'.][^']*)'/g)].map((m) => m[1])
    .filter((s) => !s.startsWith('node:') && s !== WASM_ALIAS);
}

/** Every web/lib file reached from the entries, each with its rewritten text. */
function collectSources() {
  const files = new Map();
  const queue = [...ENTRIES];
  while (queue.length) {
    const name = queue.shift();
    if (files.has(name) || WASM_FILES.includes(name)) continue;
    const file = path.join(lib, name);
    if (!existsSync(file)) throw new Error(`package: ${name} is imported but web/lib/${name} does not exist`);
    const source = readFileSync(file, 'utf8');
    const bare = bareImports(source);
    if (bare.length) throw new Error(`package: web/lib/${name} imports ${bare.join(', ')}: the package has no dependencies`);
    files.set(name, source.replaceAll(`'${WASM_ALIAS}'`, "'./rnnbook.mjs'"));
    for (const ref of relativeReferences(source)) {
      const target = path.posix.normalize(ref);
      if (target.startsWith('..')) throw new Error(`package: web/lib/${name} reaches outside web/lib (${ref})`);
      queue.push(target);
    }
  }
  return files;
}

/** The version compiled into the wasm module; it must equal web/lib/version.js's VERSION. */
async function moduleVersion() {
  const { default: createRnnbook } = await import(pathToFileURL(path.join(wasmDir, 'rnnbook.mjs')));
  const M = await createRnnbook({ wasmBinary: await readFile(path.join(wasmDir, 'rnnbook.wasm')) });
  const version = M.version();
  const { VERSION } = await import(pathToFileURL(path.join(lib, 'version.js')));
  if (VERSION !== version) {
    throw new Error(`package: web/lib/version.js says ${VERSION} but the wasm module is ${version}; ` +
      'set VERSION to the project version (CMakeLists.txt) and rebuild');
  }
  return version;
}

function manifest(version, files) {
  const entry = (types, js) => ({ types: `./${types}`, default: `./${js}` });
  return {
    name: 'rnnbook',
    version,
    description: 'Train and analyse small recurrent networks in the browser or node: a C++ core compiled ' +
      'to WebAssembly, run in workers, with the same bits as the native CLI',
    keywords: ['recurrent neural network', 'rnn', 'webassembly', 'notebook', 'neural tangent kernel',
      'intrinsic dimension', 'learning dynamics'],
    license: 'MIT',
    type: 'module',
    engines: { node: '>=18' },
    // In a page: Web Workers (rnnbook.js); in node: worker threads (node.js). Same API, same bits.
    exports: {
      '.': {
        browser: entry('rnnbook.d.ts', 'rnnbook.js'),
        node: entry('node.d.ts', 'node.js'),
        default: entry('rnnbook.d.ts', 'rnnbook.js'),
      },
      './element': './rnn-notebook.js',
      './engine': entry('engine.d.ts', 'engine.js'),
      './functions': entry('functions.d.ts', 'functions.js'),
      './wasm': './rnnbook.mjs',
      './package.json': './package.json',
    },
    types: './rnnbook.d.ts',
    // Importing these runs code (a custom element, a worker's message handler); the rest can be tree-shaken.
    sideEffects: ['./rnn-notebook.js', './worker.js', './node_worker.js'],
    files: [...files].sort(),
  };
}

export async function buildPackage(outDir = path.join(root, 'build-package')) {
  const version = await moduleVersion();
  const pkgDir = path.join(outDir, 'rnnbook');
  rmSync(pkgDir, { recursive: true, force: true });
  mkdirSync(pkgDir, { recursive: true });
  const sources = collectSources();
  for (const [name, text] of sources) writeFileSync(path.join(pkgDir, name), text);
  for (const name of TYPES) cpSync(path.join(lib, name), path.join(pkgDir, name));
  for (const name of WASM_FILES) cpSync(path.join(wasmDir, name), path.join(pkgDir, name));
  cpSync(path.join(root, 'web/public/rnn-notebook.js'), path.join(pkgDir, 'rnn-notebook.js'));
  cpSync(path.join(lib, 'README.md'), path.join(pkgDir, 'README.md'));
  cpSync(path.join(root, 'LICENSE'), path.join(pkgDir, 'LICENSE'));
  const packed = [...sources.keys(), ...TYPES, ...WASM_FILES, 'rnn-notebook.js'];
  writeFileSync(path.join(pkgDir, 'package.json'), `${JSON.stringify(manifest(version, packed), null, 2)}\n`);
  // npm pack reads only the folder; --ignore-scripts and offline: no registry is asked.
  const out = execFileSync('npm', ['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', outDir],
    { cwd: pkgDir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(out);
  return { version, dir: pkgDir, tarball: path.join(outDir, filename), size, unpackedSize, entryCount };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? path.join(root, 'build-package'));
  const r = await buildPackage(out);
  console.log(`package: ${path.relative(root, r.tarball)} (${r.entryCount} files, ${(r.size / 1024).toFixed(0)} KB packed, ` +
    `${(r.unpackedSize / 1024).toFixed(0)} KB unpacked)`);
}
