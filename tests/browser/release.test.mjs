// The release (issue 19, item 5): scripts/release.sh writes the npm package, the site tarball and
// SHA256SUMS; the site, extracted under a sub-path of a generic static server whose only job is to
// serve files (python3 -m http.server), opens a notebook in Chromium and runs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8').match(/^project\(rnnbook VERSION (\S+)/m)[1];
const subPath = '/courses/neuro-101/';

let work;
let server;
let base;  // the site's URL
let browser;
before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rnnbook-release-'));
  // test.sh has just built everything: package and archive what is there.
  const r = spawnSync('bash', [path.join(root, 'scripts/release.sh'), '--no-build'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, RNNBOOK_RELEASE_DIR: path.join(work, 'dist') },
  });
  assert.equal(r.status, 0, `release.sh failed:\n${r.stdout}\n${r.stderr}`);
  const www = path.join(work, 'www');
  mkdirSync(path.join(www, subPath), { recursive: true });
  const x = spawnSync('tar', ['-xzf', path.join(work, 'dist', `rnnbook-site-${version}.tar.gz`), '-C', path.join(www, subPath)]);
  assert.equal(x.status, 0, String(x.stderr));
  // Port 0: the server picks a free port and says which on its first line.
  server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', www],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('http.server did not start within 10 s')), 10000);
    let text = '';
    server.stdout.on('data', (chunk) => {
      text += chunk;
      const m = text.match(/port (\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`http.server exited (${code})`)); });
  });
  base = `http://127.0.0.1:${port}${subPath}rnnbook-site-${version}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  if (server?.pid) process.kill(server.pid);
  if (work) rmSync(work, { recursive: true, force: true });
});

test('release.sh writes the package, the site tarball and their checksums', () => {
  const dist = path.join(work, 'dist');
  assert.deepEqual(readdirSync(dist).sort(), ['SHA256SUMS', `rnnbook-${version}.tgz`, `rnnbook-site-${version}.tar.gz`]);
  const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dist, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const list = spawnSync('tar', ['-tzf', `rnnbook-${version}.tgz`], { cwd: dist, encoding: 'utf8' }).stdout.split('\n');
  for (const file of ['package/package.json', 'package/rnnbook.wasm', 'package/worker.js', 'package/LICENSE']) {
    assert.ok(list.includes(file), `${file} in the package`);
  }
  const pkg = JSON.parse(spawnSync('tar', ['-xzOf', `rnnbook-${version}.tgz`, 'package/package.json'], { cwd: dist, encoding: 'utf8' }).stdout);
  assert.equal(pkg.version, version);
});

test('the site tarball under a sub-path of python3 -m http.server: a notebook opens and trains', async () => {
  const page = await browser.newPage();
  const errors = [];
  const outside = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(base) && !/^(data|blob):/.test(r.url())) outside.push(r.url()); });
  await page.goto(`${base}index.html`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  await page.click('#notebooks a[href$="nb=train"]');
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 120000, state: 'attached' });
  const prose = await page.evaluate(() => document.getElementById('notebook').innerText.replace(/\s+/g, ' '));
  assert.match(prose, /After \d+ steps the loss went from/);
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, [], 'every request stays under the sub-path of the one server');
  await page.close();
});
