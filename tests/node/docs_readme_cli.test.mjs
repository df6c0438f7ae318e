// Runs every ```sh cli block of README.md ("Command line"), in order, in one empty directory with
// build-native/cli on PATH, as docs_sweeps.test.mjs does for docs/sweeps.md; then checks what the
// blocks say they leave: the files of a run, a resumed run with the bits of an uninterrupted one,
// the measure of a .npy file, the error file and the version.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir, parseNpy, projectVersion, root } from './module.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

const blocks = codeBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'), 'sh cli');
const cwd = mkdtempSync(path.join(tmpdir(), 'rnnbook-readme-cli-'));
after(() => rmSync(cwd, { recursive: true, force: true }));
const env = { ...process.env, PATH: `${path.join(nativeDir, 'cli')}:${process.env.PATH}` };
const outputs = [];

test('README.md has CLI examples', () => assert.ok(blocks.length >= 4));

for (const [i, block] of blocks.entries()) {
  test(`README.md CLI example ${i + 1} (line ${block.line}) runs`, () => {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block.code], { cwd, env, encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, `${block.code}\n${r.stdout}\n${r.stderr}`);
    outputs[i] = r.stdout;
  });
}

test('the examples leave and print what README.md says they do', () => {
  assert.deepEqual(readdirSync(path.join(cwd, 'out')).sort(),
    ['checkpoint', 'eval_input.npy', 'eval_output.npy', 'eval_target.npy', 'loss.npy', 'result.json']);
  assert.match(outputs[0], /checkpoint\s+eval_input\.npy/, 'ls out/ printed the files');
  const resumed = JSON.parse(readFileSync(path.join(cwd, 'out2/result.json'), 'utf8'));
  assert.equal(resumed.scalars.steps_done, 1000);
  assert.deepEqual(parseNpy(readFileSync(path.join(cwd, 'out2/loss.npy'))).shape, [1000]);
  assert.equal(outputs[1].trim(), 'the same bits');
  const dim = JSON.parse(readFileSync(path.join(cwd, 'dim/result.json'), 'utf8'));
  assert.deepEqual(dim.config.data.points.shape, [1000, 10], 'the measure read points.npy');
  assert.ok(dim.scalars.twonn_mle > 1.8 && dim.scalars.twonn_mle < 2.4, `a swiss roll is 2-dimensional: ${dim.scalars.twonn_mle}`);
  assert.match(outputs[2], /"participation_ratio": [\d.]+,\n\s+"twonn_mle": [\d.]+/);
  assert.equal(readFileSync(path.join(cwd, 'bad.txt'), 'utf8').trim(), 'model.leak: must be a number in (0, 1], got 2');
  assert.ok(!existsSync(path.join(cwd, 'bad/result.json')));
  assert.deepEqual(outputs[3].trim().split('\n'), ['exit code 2', 'model.leak: must be a number in (0, 1], got 2',
    `rnnbook ${projectVersion}`, 'product kernel: portable (the same bits as the browser)']);
  assert.ok(blocks[3].code.includes(`# rnnbook ${projectVersion}, then: product kernel: portable`), 'the comment shows this version');
});
