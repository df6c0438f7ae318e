// Runs every ```sh cli block of docs/sweeps.md, in order, in one empty directory with
// build-native/cli on PATH: the commands the page shows are the commands that work. The ```json spec
// is expanded into the points the page lists, and the sweep.sbatch listing is the file the dry run
// writes. The ```sh cli slurm block runs on a real cluster in slurm_sweep.test.mjs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir, parseNpy, root } from './module.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

const doc = readFileSync(path.join(root, 'docs/sweeps.md'), 'utf8');
const blocks = codeBlocks(doc, 'sh cli');
const cwd = mkdtempSync(path.join(tmpdir(), 'rnnbook-docs-sweeps-'));
after(() => rmSync(cwd, { recursive: true, force: true }));
const env = { ...process.env, PATH: `${path.join(nativeDir, 'cli')}:${process.env.PATH}` };

test('docs/sweeps.md has CLI examples', () => assert.ok(blocks.length >= 4));

for (const [i, block] of blocks.entries()) {
  test(`docs/sweeps.md CLI example ${i + 1} (line ${block.line}) runs`, () => {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block.code], { cwd, env, encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, `${block.code}\n${r.stdout}\n${r.stderr}`);
  });
}

test('the examples leave what the page says they do', () => {
  assert.ok(existsSync(path.join(cwd, 'one/result.json')));
  const table = JSON.parse(readFileSync(path.join(cwd, 'sweep/table.json'), 'utf8'));
  assert.deepEqual(table.columns.slice(0, 3), ['index', 'seed', 'model.rank']);
  assert.deepEqual(table.rows.map((r) => [r.seed, r['model.rank'], r.error]), [[0, 1, null], [0, 4, null], [1, 1, null], [1, 4, null], [2, 1, null], [2, 4, null]]);
  const sbatch = readFileSync(path.join(cwd, 'cluster/sweep.sbatch'), 'utf8');
  assert.match(sbatch, /^#SBATCH --array=0-5%4$/m);
  assert.match(sbatch, /^#SBATCH --partition=debug\n#SBATCH --time=0:10:00$/m);
  assert.deepEqual(parseNpy(readFileSync(path.join(cwd, 'sweep/loss.npy'))).shape, [6, 200]);
});

test('the ```json sweep spec gives the points the page lists: the last axis fastest, the paths set in the base', () => {
  const specs = codeBlocks(doc, 'json');
  assert.equal(specs.length, 1);
  writeFileSync(path.join(cwd, 'grid-spec.json'), specs[0].code);
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', 'rnnbook sweep grid-spec.json --out grid/'], { cwd, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(path.join(cwd, 'grid/manifest.json'), 'utf8'));
  assert.deepEqual(manifest.points.map((p) => [p.values.seed, p.values['model.rank']]), [[0, 1], [0, 4], [1, 1], [1, 4], [2, 1], [2, 4]]);
  assert.deepEqual(JSON.parse(readFileSync(path.join(cwd, 'grid/points/0003/spec.json'), 'utf8')),
    { kind: 'train', steps: 200, model: { hidden: 16, rank: 4 }, seed: 1 });
});

test('the sweep.sbatch listing is the file the dry run writes, up to its "..." (with /home/me for the directories)', () => {
  const listing = codeBlocks(doc, 'text').find((b) => b.code.startsWith('#!/bin/sh\n#SBATCH'));
  assert.ok(listing, 'the page shows sweep.sbatch');
  const shown = listing.code.split('\n');
  const end = shown.indexOf('...');
  assert.ok(end > 8, listing.code);
  const written = readFileSync(path.join(cwd, 'cluster/sweep.sbatch'), 'utf8')
    .replaceAll(realpathSync(path.join(nativeDir, 'cli/rnnbook')), '/home/me/rnnbook/build-native/cli/rnnbook')
    .replaceAll(realpathSync(cwd), '/home/me').split('\n');
  assert.deepEqual(written.slice(0, end), shown.slice(0, end));
});
