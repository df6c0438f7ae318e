// Runs every ```sh cli block of README.md, in order, in one empty directory with build-native/cli on PATH and
// build-native linked into it (the kind sections call build-native/cli/rnnbook, as from the repository root), as
// docs_sweeps.test.mjs does for docs/sweeps.md, and the measure section's ```json spec with `rnnbook run`; then
// checks what the blocks say they leave: the files of a run, a resumed run with the bits of an uninterrupted one,
// the measure of a .npy file, the error file and the version, and each kind's arrays and its run on your own data.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir, parseNpy, projectVersion, root } from './module.mjs';
import { codeBlocks, sectionOf } from '../docs_blocks.mjs';

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = codeBlocks(readme, 'sh cli');
const cwd = mkdtempSync(path.join(tmpdir(), 'rnnbook-readme-cli-'));
symlinkSync(nativeDir, path.join(cwd, 'build-native'));
after(() => rmSync(cwd, { recursive: true, force: true }));
const env = { ...process.env, PATH: `${path.join(nativeDir, 'cli')}:${process.env.PATH}` };
const printed = new Map();  // block code -> its standard output
/** What the k-th ```sh cli block under a README heading printed. */
const outputOf = (heading, k = 0) => {
  const block = codeBlocks(sectionOf(readme, heading), 'sh cli')[k];
  assert.ok(block, `README.md has a sh cli block ${k + 1} under ${heading}`);
  return printed.get(block.code);
};
const npyShape = (file) => parseNpy(readFileSync(path.join(cwd, file))).shape;
const resultOf = (dir) => JSON.parse(readFileSync(path.join(cwd, dir, 'result.json'), 'utf8'));

test('README.md has CLI examples', () => assert.ok(blocks.length >= 7));

for (const [i, block] of blocks.entries()) {
  test(`README.md CLI example ${i + 1} (line ${block.line}) runs`, () => {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block.code], { cwd, env, encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, `${block.code}\n${r.stdout}\n${r.stderr}`);
    printed.set(block.code, r.stdout);
  });
}

test('the Command line examples leave and print what README.md says they do', () => {
  assert.deepEqual(readdirSync(path.join(cwd, 'out')).sort(),
    ['checkpoint', 'eval_input.npy', 'eval_output.npy', 'eval_target.npy', 'loss.npy', 'result.json']);
  assert.match(outputOf('## Command line', 0), /checkpoint\s+eval_input\.npy/, 'ls out/ printed the files');
  const resumed = JSON.parse(readFileSync(path.join(cwd, 'out2/result.json'), 'utf8'));
  assert.equal(resumed.scalars.steps_done, 1000);
  assert.deepEqual(parseNpy(readFileSync(path.join(cwd, 'out2/loss.npy'))).shape, [1000]);
  assert.equal(outputOf('## Command line', 1).trim(), 'the same bits');
  const dim = JSON.parse(readFileSync(path.join(cwd, 'dim/result.json'), 'utf8'));
  assert.deepEqual(dim.config.data.points.shape, [1000, 10], 'the measure read points.npy');
  assert.ok(dim.scalars.twonn_mle > 1.8 && dim.scalars.twonn_mle < 2.4, `a swiss roll is 2-dimensional: ${dim.scalars.twonn_mle}`);
  assert.match(outputOf('## Command line', 2), /"participation_ratio": [\d.]+,\n\s+"twonn_mle": [\d.]+/);
  assert.equal(readFileSync(path.join(cwd, 'bad.txt'), 'utf8').trim(), 'model.leak: must be a number in (0, 1], got 2');
  assert.ok(!existsSync(path.join(cwd, 'bad/result.json')));
  assert.deepEqual(outputOf('## Command line', 3).trim().split('\n'), ['exit code 2', 'model.leak: must be a number in (0, 1], got 2',
    `rnnbook ${projectVersion}`, 'product kernel: portable (the same bits as the browser)']);
  assert.ok(codeBlocks(sectionOf(readme, '## Command line'), 'sh cli')[3].code.includes(`# rnnbook ${projectVersion}, then: product kernel: portable`), 'the comment shows this version');
});

test('the forecast example writes the predictives, and the generated series read back from y.npy gives the same orders', () => {
  const fc = resultOf('fc');
  assert.equal(fc.config.data.frames, 3000);
  assert.deepEqual(npyShape('fc/var_mean.npy'), [fc.scalars.windows, 35, 4]);
  assert.deepEqual(npyShape('fc/var_lower.npy'), [fc.scalars.windows, 35, 4]);
  assert.deepEqual(npyShape('fc/var_lags.npy'), [fc.scalars.var_order, 4, 4]);
  const mine = resultOf('fc-mine');
  assert.deepEqual(mine.config.data.values.shape, [3000, 4], 'fc-mine.json read y.npy');
  assert.equal(fc.scalars.var_order, 2);
  assert.equal(mine.scalars.var_order, fc.scalars.var_order);
  for (let c = 0; c < 4; c++) assert.equal(mine.scalars[`ar_order_${c}`], fc.scalars[`ar_order_${c}`], `ar_order_${c}`);
  assert.equal(outputOf('## The `forecast` experiment').trim(), '"var_order": 2.0,');
});

test('the switching example writes both models\' states and maps at the sizes it asks for', () => {
  const sw = resultOf('sw');
  assert.deepEqual([sw.config.data.steps, sw.config.data.test_steps, sw.config.training.iterations], [500, 500, 200]);
  assert.deepEqual(npyShape('sw/gdm_states.npy'), [500, 4]);
  assert.deepEqual(npyShape('sw/hard_states.npy'), [500, 4]);
  assert.deepEqual(npyShape('sw/gdm_S.npy'), [4, 10, 2]);
  assert.ok(sw.scalars.gdm_iterations <= 200 && sw.scalars.em_iterations >= 1, JSON.stringify(sw.scalars));
});

test('the causality example writes the estimates, and its own recording read back as a series gives the same Granger AUROC', () => {
  const cz = resultOf('cz');
  for (const name of ['granger', 'attention', 'var_coefficients', 'lag_correlation']) assert.deepEqual(npyShape(`cz/${name}.npy`), [20, 20], name);
  assert.ok(cz.scalars.auroc_granger > 0.85, `Granger recovers the rate network: ${cz.scalars.auroc_granger}`);
  const mine = resultOf('cz-mine');
  assert.deepEqual(mine.config.data.values.shape, [2000, 20], 'cz-mine.json read v.npy');
  assert.equal(mine.scalars.auroc_granger, cz.scalars.auroc_granger);
  assert.equal(mine.scalars.edges, cz.scalars.edges, 'w.npy holds the same edges');
  assert.ok(!('auroc_attention' in mine.scalars) && !existsSync(path.join(cwd, 'cz-mine/attention.npy')), 'attention off');
});

const measureSpecs = codeBlocks(sectionOf(readme, '## The `measure` experiment'), 'json');

test('the measure section\'s json spec runs with rnnbook run', () => {
  assert.equal(measureSpecs.length, 1);
  writeFileSync(path.join(cwd, 'measure-spec.json'), measureSpecs[0].code);
  const r = spawnSync('rnnbook', ['run', 'measure-spec.json', '--out', 'measure/', '--quiet'], { cwd, env, encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const m = resultOf('measure');
  assert.deepEqual([m.config.data.samples, m.config.data.embedding], [2000, 50]);
  assert.equal(m.scalars.intrinsic_dimension, 2);
  assert.equal(m.scalars.neighbours, 15, 'levina_bickel.k_max');
  // The noise in 48 more directions lifts both estimates above the roll's 2 (4.4 and 2.9 for seed 1).
  assert.ok(m.scalars.twonn_mle > 2 && m.scalars.twonn_mle < 8, `twonn_mle ${m.scalars.twonn_mle}`);
  assert.ok(m.scalars.levina_bickel > 2 && m.scalars.levina_bickel < 8, `levina_bickel ${m.scalars.levina_bickel}`);
});
