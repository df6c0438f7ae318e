// The npm package in the hosts a user would put it in (issue 19, item 4), each from the packed .tgz
// installed offline into a fresh project and run in Chromium: (a) a plain page with an import map,
// README.md's snippet as it is, with live progress and Stop; (b) a Vite app and a webpack app (both
// README.md's bundler snippet); (d) an Observable Notebook Kit page drawing the loss live with Plot. Plus bad input and a
// missing .wasm from a plain page. (c), node, is tests/node/package.test.mjs. Apps are built in a
// network namespace of their own when the machine allows it (root in CI), so a build that needed the
// network would fail; no page may request anything but the local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'vite';
import { openSite } from './browser.mjs';
import { serveStatic } from '../../scripts/serve.mjs';
import { packedProject, root } from '../package_project.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

const section = (() => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use rnnbook in your own page or notebook');
  return readme.slice(start, readme.indexOf('\n## ', start + 10));
})();
const [plainPage] = codeBlocks(section, 'html');
const [bundlerMain] = codeBlocks(section, 'js');

// Whether `unshare -n` (a network namespace with no network) works here: root on Linux.
const offline = spawnSync('unshare', ['-n', 'true']).status === 0;

/** Builds a host app offline (see the header) with tests/hosts/build_host.mjs. */
function buildHost(kind, dir) {
  const command = [process.execPath, path.join(root, 'tests/hosts/build_host.mjs'), kind, dir];
  const r = offline ? spawnSync('unshare', ['-n', ...command], { encoding: 'utf8' })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  assert.equal(r.status, 0, `${kind} build failed:\n${r.stdout}\n${r.stderr}`);
}

let project;
let site;
let external;  // requests to anything but the local server
before(async () => {
  project = await packedProject('hosts');
  const dir = project.dir;
  // (a) README's plain page, as it is.
  writeFileSync(path.join(dir, 'index.html'), plainPage.code);
  // (b) a Vite app whose main.js is README's bundler snippet.
  mkdirSync(path.join(dir, 'vite-app'));
  cpSync(path.join(root, 'tests/hosts/vite-app.html'), path.join(dir, 'vite-app/index.html'));
  writeFileSync(path.join(dir, 'vite-app/main.js'), bundlerMain.code);
  mkdirSync(path.join(dir, 'webpack-app'));
  writeFileSync(path.join(dir, 'webpack-app/main.js'), bundlerMain.code);
  // (d) a Notebook Kit notebook; Plot and the theme's fonts come from the repository's own node_modules.
  mkdirSync(path.join(dir, 'notebook'));
  cpSync(path.join(root, 'tests/hosts/notebook-kit.html'), path.join(dir, 'notebook/index.html'));
  for (const name of ['@observablehq/plot', '@fontsource-variable/inter', '@fontsource-variable/source-serif-4',
    '@fontsource-variable/spline-sans-mono']) {
    mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  // A plain page whose package copy has no .wasm (a deployment that forgot it).
  cpSync(path.join(dir, 'node_modules/rnnbook'), path.join(dir, 'broken-pkg'), { recursive: true });
  rmSync(path.join(dir, 'broken-pkg/rnnbook.wasm'));
  mkdirSync(path.join(dir, 'broken'));
  writeFileSync(path.join(dir, 'broken/index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">' +
    '<script type="importmap">{ "imports": { "rnnbook": "../broken-pkg/rnnbook.js" } }</script>');
  buildHost('vite', path.join(dir, 'vite-app'));
  buildHost('webpack', path.join(dir, 'webpack-app'));
  buildHost('notebook', path.join(dir, 'notebook'));
  site = await openSite({ dir });
  external = [];
});
after(async () => {
  await site?.close();
  project?.remove();
});

/** A page of the project; requests to anything but the local server are recorded and refused. */
async function pageOf(file) {
  const page = await site.page(null);
  await page.route((url) => !url.href.startsWith(site.url), (route) => { external.push(route.request().url()); route.abort(); });
  await page.goto(site.url + file);
  return page;
}

test('a plain page with an import map (README.md) trains with live progress, and Stop stops it', async () => {
  assert.ok(plainPage, 'README.md has the plain page');
  const page = await pageOf('index.html');
  const status = page.locator('#status');
  await page.click('#train');
  await page.waitForFunction(() => /^step \d+ of 20000, loss \d+\.\d{4}$/.test(document.querySelector('#status').textContent),
    null, { timeout: 20000 });
  const first = await status.textContent();
  await page.waitForFunction((t) => document.querySelector('#status').textContent !== t, first, { timeout: 20000 });
  await page.click('#stop');
  await page.waitForFunction(() => /^stopped after/.test(document.querySelector('#status').textContent), null, { timeout: 20000 });
  const steps = Number((await status.textContent()).match(/after (\d+) steps/)[1]);
  assert.ok(steps > 0 && steps < 20000, `stopped after ${steps} steps`);
  assert.deepEqual(site.errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

test('bad input from a plain page: the same messages, naming the field, as the site and node', async () => {
  const page = await pageOf('index.html');
  const messages = await page.evaluate(async () => {
    const { run, twoNN, configure } = await import('rnnbook');
    const out = [];
    for (const call of [() => run({ kind: 'train', model: { hidden: 5000 } }), () => run({ kind: 'train', extra: 1 }),
      () => twoNN([[0], [1]], { discard_fraction: 1 }), async () => configure({ workers: 0 })]) {
      await call().then(() => out.push('no error'), (e) => out.push(e.message));
    }
    return out;
  });
  assert.equal(messages[0], 'model.hidden: must be an integer in [1, 1024], got 5000');
  assert.match(messages[1], /^extra: unknown field; allowed here: /);
  assert.equal(messages[2], 'discard_fraction: must be a number in [0, 1), got 1');
  assert.equal(messages[3], 'workers: must be an integer in [1, 64], got 0');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test("rnnbook/element defines <rnn-notebook>, a self-sizing frame of a site's embed page", async () => {
  const page = await pageOf('index.html');
  const got = await page.evaluate(async () => {
    await import('./node_modules/rnnbook/rnn-notebook.js');
    const element = document.createElement('rnn-notebook');
    element.setAttribute('src', 'https://example.edu/rnnbook/embed.html?nb=train');
    element.setAttribute('cells', 'loss');
    element.setAttribute('height', '300');
    document.body.append(element);
    const frame = element.querySelector('iframe');
    return [typeof customElements.get('rnn-notebook'), frame.src, frame.style.height];
  });
  assert.deepEqual(got, ['function', 'https://example.edu/rnnbook/embed.html?nb=train&cells=loss', '300px']);
  await page.close();
  // The frame's request to the example host was refused (pageOf): nothing to load from it in a test,
  // and nothing else may have failed.
  external.splice(0, external.length, ...external.filter((u) => !u.startsWith('https://example.edu/')));
  assert.deepEqual(site.errors.filter((e) => !/ERR_FAILED|example\.edu/.test(e)), []);
  site.errors.length = 0;
});

test('a package without its .wasm: every call fails soon with an error naming the URL and its status', async () => {
  const page = await pageOf('broken/index.html');
  const t0 = Date.now();
  const messages = await page.evaluate(async () => {
    const { run, version } = await import('rnnbook');
    const out = [];
    for (const call of [() => version(), () => run({ kind: 'train', steps: 3 })]) {
      await call().then(() => out.push('no error'), (e) => out.push(e.message));
    }
    return out;
  });
  assert.ok(Date.now() - t0 < 15000, 'no hang');
  const url = `${site.url}broken-pkg/rnnbook.wasm`;
  for (const message of messages) {
    assert.ok(message.startsWith(`wasm: could not load ${url} (HTTP 404); serve rnnbook.wasm next to rnnbook.mjs`), message);
  }
  assert.equal(messages.length, 2);
  site.errors.length = 0;  // the 404 itself is logged by Chromium
  await page.close();
});

test('the package served from another origin (as a CDN would, with CORS) runs in a page', async () => {
  // A second server is a second origin: the worker cannot start from it directly.
  const cdn = await serveStatic(path.join(project.dir, 'node_modules/rnnbook'), 0, '127.0.0.1', '/npm/rnnbook@0.2.0/',
    { 'access-control-allow-origin': '*' });
  try {
    const page = await site.page(null);
    await page.goto(`${site.url}broken/index.html`);  // any page of the first origin
    const result = await page.evaluate(async (url) => {
      const { run, version } = await import(url);
      const r = await run({ kind: 'train', seed: 1, steps: 20, model: { hidden: 8 } });
      return { version: await version(), steps: r.scalars.steps_done };
    }, `${cdn.url}rnnbook.js`);
    assert.deepEqual(result, { version: project.version, steps: 20 });
    assert.notEqual(new URL(cdn.url).origin, new URL(site.url).origin);
    assert.deepEqual(site.errors, []);
    await page.close();
  } finally {
    cdn.server.close();
    cdn.server.closeAllConnections();
  }
});

test('a Vite app importing rnnbook (README.md) builds offline, emits the worker and the .wasm, and runs', async () => {
  const assets = readdirSync(path.join(project.dir, 'vite-app/dist/assets'));
  assert.ok(assets.some((f) => /^rnnbook-.*\.wasm$/.test(f)), assets.join(' '));
  assert.ok(assets.some((f) => /^worker-.*\.js$/.test(f)), assets.join(' '));
  const page = await pageOf('vite-app/dist/index.html');
  await page.waitForFunction(() => /^rnnbook /.test(document.body.textContent), null, { timeout: 30000 });
  assert.match(await page.textContent('body'), new RegExp(`^rnnbook ${project.version}: 100 steps, loss \\d+\\.\\d{4}$`));
  assert.deepEqual(site.errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

test("the same Vite app on Vite's dev server, with no configuration", async () => {
  const server = await createServer({ root: path.join(project.dir, 'vite-app'), configFile: false, logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  try {
    const page = await site.page(null);
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForFunction(() => /^rnnbook /.test(document.body.textContent), null, { timeout: 30000 });
    assert.match(await page.textContent('body'), new RegExp(`^rnnbook ${project.version}: 100 steps, loss \\d+\\.\\d{4}$`));
    assert.deepEqual(site.errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('a webpack 5 app importing rnnbook (README.md) builds offline with its defaults, and runs', async () => {
  const assets = readdirSync(path.join(project.dir, 'webpack-app/dist'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), assets.join(' '));
  assert.ok(assets.length >= 4, `main.js, the worker's chunk, the .wasm, index.html: ${assets.join(' ')}`);
  const page = await pageOf('webpack-app/dist/index.html');
  await page.waitForFunction(() => /^rnnbook /.test(document.body.textContent), null, { timeout: 30000 });
  assert.match(await page.textContent('body'), new RegExp(`^rnnbook ${project.version}: 100 steps, loss \\d+\\.\\d{4}$`));
  assert.deepEqual(site.errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

test('an Observable Notebook Kit page (offline build) draws the loss live with Plot', async () => {
  const page = await pageOf('notebook/dist/index.html');
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'done: 400 steps', null, { timeout: 30000 });
  const { renders, lines } = await page.evaluate(() => ({
    renders: window.__renders, lines: document.querySelectorAll('svg[class^="plot"] path').length,
  }));
  assert.ok(renders >= 3, `the plot was drawn ${renders} times while training`);
  assert.ok(lines >= 1, 'a line');
  assert.deepEqual(site.errors, []);
  assert.deepEqual(external, [], 'nothing from a CDN');
  await page.close();
});
