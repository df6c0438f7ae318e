// The dimension measures through the real wasm module: the low-level functions on typed arrays
// (closed forms, input forms, errors), the `measure` experiment in JS and in the native CLI, and
// native-vs-wasm parity of its numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, parseNpy } from './module.mjs';
import { runExperiment, openExperiment } from '../../web/lib/engine.js';
import {
  participationRatio, covarianceSpectrum, pcaComponents, effectiveRank, twoNN, levinaBickel, localPCA,
  nearestNeighbours, manifold, matrixInput, callFunction, functionNames,
} from '../../web/lib/functions.js';
import { sampleQualityFunctions } from '../../web/lib/sample_quality.js';

const M = await loadModule();
const cli = path.join(nativeDir, 'cli/rnnbook');
const close = (a, b, tol) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

// Writes a float64 .npy file (format 1.0), C order.
function npyBytes(shape, data) {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const bytes = Buffer.alloc(10 + header.length + 8 * data.length);
  bytes.write('\x93NUMPY', 0, 'latin1');
  bytes[6] = 1;
  bytes.writeUInt16LE(header.length, 8);
  bytes.write(header, 10, 'latin1');
  Buffer.from(Float64Array.from(data).buffer).copy(bytes, 10 + header.length);
  return bytes;
}

test('every low-level function gives its closed-form value', () => {
  // Line points 0, 1, 3, 7 and a repeat of 1: mu = r2 / r1 = 3, 2, 1.5, 1.5 (and 2 for the repeat).
  const line = { shape: [5, 1], data: new Float64Array([0, 1, 3, 7, 1]) };
  const t = twoNN(M, line, { discard_fraction: 0 });
  assert.deepEqual(Array.from(t.mu), [3, 2, 1.5, 1.5, 2]);
  assert.equal(t.distinct_points, 4);
  assert.equal(t.fit_points, 3);
  close(t.mle, 3 / (Math.log(3) + Math.log(2) + 2 * Math.log(1.5)), 1e-14);
  // Cross +-a_j e_j: centred covariance diag(2 a_j^2 / (n - 1)).
  const a = [2, 1, 0.5];
  const rows = a.flatMap((v, j) => [1, -1].map((s) => a.map((_, i) => (i === j ? s * v : 0))));
  const l = a.map((v) => v * v);
  const pr = l.reduce((x, y) => x + y) ** 2 / l.reduce((x, y) => x + y * y, 0);
  close(participationRatio(M, rows), pr, 1e-14);
  const spectrum = covarianceSpectrum(M, rows);
  assert.ok(spectrum instanceof Float64Array);
  l.forEach((v, i) => close(spectrum[i], (2 * v) / 5, 1e-14));
  assert.equal(pcaComponents(M, rows, { fraction: 0.9 }), 2);  // 4 / 5.25 < 0.9 <= 5 / 5.25
  close(pcaComponents(M, rows, { fraction: 0.9, interpolate: true }), 1 + (0.9 * 5.25 - 4) / 1, 1e-13);
  assert.equal(effectiveRank(M, { shape: [3, 3], data: [1, 0, 0, 0, 1, 0, 0, 0, 1] }), 3);
  close(effectiveRank(M, [[3, 0], [0, 1]]), 100 / 82, 1e-14);
  // Levina-Bickel and local PCA on points of a line: dimension 1 (local PCA exactly).
  const many = manifold(M, { manifold: 'cube', dimension: 1, samples: 500, seed: 4 });
  const lb = levinaBickel(M, many, { k_min: 5, k_max: 10, average: 'inverse' });
  assert.equal(lb.by_k.length, 6);
  assert.equal(lb.local.length, 500);
  close(lb.dimension, 1, 0.1);
  const lp = localPCA(M, many, { k: 5 });
  for (const v of lp.local) close(v, 1, 1e-9);
  // Neighbours: ties by index.
  const nn = nearestNeighbours(M, [[0], [1], [2], [3]], { k: 2 });
  assert.deepEqual(nn.shape, [4, 2]);
  assert.ok(nn.index instanceof Int32Array);
  assert.deepEqual(Array.from(nn.index), [1, 2, 0, 2, 1, 3, 2, 1]);
  assert.deepEqual(Array.from(nn.distance), [1, 2, 1, 1, 1, 1, 1, 2]);
  assert.deepEqual([...functionNames].sort(), Object.keys({
    participationRatio, covarianceSpectrum, pcaComponents, effectiveRank, twoNN, levinaBickel, localPCA,
    nearestNeighbours, manifold, ...sampleQualityFunctions }).sort());
  assert.equal(callFunction(M, 'participationRatio', [rows]), participationRatio(M, rows));
});

test('inputs: typed arrays, plain arrays and rows agree; bad values name their place', () => {
  const X = manifold(M, { manifold: 'gaussian', dimension: 3, samples: 50, seed: 1 });
  const rows = Array.from({ length: 50 }, (_, i) => Array.from(X.data.slice(3 * i, 3 * i + 3)));
  const plain = { shape: [50, 3], data: Array.from(X.data) };
  const want = twoNN(M, X).mle;
  assert.equal(twoNN(M, rows).mle, want);
  assert.equal(twoNN(M, plain).mle, want);
  assert.deepEqual(matrixInput(rows).shape, [50, 3]);
  const cases = [
    [() => twoNN(M, { shape: [2, 2], data: [0, 1, null, 3] }), 'points: every value must be finite, got nan at row 1, column 0'],
    [() => twoNN(M, [[0, 1], [2, 'x']]), 'points: every value must be finite, got nan at row 1, column 1'],
    [() => twoNN(M, [[0, 1], [2]]), 'points[1]: every row must have 2 numbers like the first'],
    [() => twoNN(M, 'points'), 'points: must be {shape: [n, D], data} (C order) or an array of rows'],
    [() => twoNN(M, { shape: [2, 2], data: [1, 2, 3] }), 'points: shape [2, 2] needs 4 values, got 3'],
    [() => twoNN(M, { shape: [4, 1], data: [1, 1, 1, 1] }), 'points: TwoNN needs at least 3 distinct points, got 1 (of 4 rows)'],
    [() => participationRatio(M, [[1, 1], [1, 1]]),
      'points: zero variance (all 2 points are the same); the centred covariance has no spectrum to measure'],
    [() => levinaBickel(M, X, { k_max: 50 }), 'k_max: must be less than the number of distinct points (50), got 50'],
    [() => localPCA(M, X, { measure: 'pr' }), 'measure: must be one of "participation_ratio", "variance_fraction", got "pr"'],
    [() => twoNN(M, X, [0.1]), 'options: must be an object of named options'],
    [() => effectiveRank(M, [[Infinity]]), 'matrix: every value must be finite, got inf at row 0, column 0'],
    [() => manifold(M, { manifold: 'plane', dimension: 3 }), 'dimension: must be an integer in [2, 2], got 3'],
    [() => callFunction(M, 'mle', []), 'function: unknown name "mle"'],
  ];
  for (const [f, message] of cases) assert.throws(f, { message });
});

test('the measure experiment runs in JS with progress and matches the functions', async () => {
  const config = { kind: 'measure', seed: 5,
    data: { manifold: 'swiss_roll', samples: 700, embedding: 12, noise: 0.01 }, return_points: true };
  const positions = [];
  const r = await runExperiment(M, config, { onProgress: ({ position }) => positions.push(position), chunkMs: 1 });
  assert.equal(r.kind, 'measure');
  assert.equal(r.scalars.stopped_early, 0);
  assert.equal(positions.at(-1), 4);  // 3 blocks of 256 rows + the estimators
  assert.deepEqual(r.arrays.points.shape, [700, 12]);
  const points = { shape: [700, 12], data: r.arrays.points.data };
  assert.equal(r.scalars.twonn_mle, twoNN(M, points).mle);
  assert.equal(r.scalars.levina_bickel, levinaBickel(M, points).dimension);
  assert.equal(r.scalars.local_pca, localPCA(M, points).mean);
  assert.equal(r.scalars.participation_ratio, participationRatio(M, points));
  assert.equal(r.scalars.pca_components, pcaComponents(M, points));
  // Same points from the manifold function.
  const same = manifold(M, { manifold: 'swiss_roll', samples: 700, embedding: 12, noise: 0.01, seed: 5 });
  assert.deepEqual(same.data, r.arrays.points.data);
  // A measure experiment keeps no checkpoint.
  const s = openExperiment(M, config);
  assert.throws(() => s.snapshot(), { message: 'snapshot: this experiment has no saved state' });
  s.close();
});

test('the CLI runs a measure spec with points from .npy; native and wasm agree bit for bit', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-measure-'));
  const X = manifold(M, { manifold: 'sphere', dimension: 2, samples: 600, embedding: 5, seed: 2 });
  writeFileSync(path.join(dir, 'points.npy'), npyBytes(X.shape, X.data));
  const spec = { kind: 'measure', data: { points: 'points.npy' }, estimators: { twonn: {}, local_pca: { k: 12 } } };
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  const out = path.join(dir, 'out');
  const r = spawnSync(cli, ['run', path.join(dir, 'spec.json'), '--out', out, '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(path.join(out, 'checkpoint')));
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  assert.deepEqual(result.config.data, { points: { shape: [600, 5] } });
  const mu = parseNpy(readFileSync(path.join(out, 'twonn_mu.npy')));
  assert.deepEqual(mu.shape, [600]);
  const wasm = await runExperiment(M, { ...spec, data: { points: { shape: X.shape, data: X.data } } });
  for (const name of ['twonn_mle', 'twonn_fit', 'local_pca']) assert.equal(result.scalars[name], wasm.scalars[name], name);
  assert.deepEqual(Array.from(mu.data), Array.from(wasm.arrays.twonn_mu.data));
  // Synthetic points: the same seed gives the same manifold natively and in wasm.
  const synth = { kind: 'measure', seed: 7, data: { manifold: 'gaussian', dimension: 4, samples: 300, embedding: 9 } };
  const r2 = spawnSync(cli, ['run', '-', '--out', path.join(dir, 'synth'), '--quiet'], { encoding: 'utf8', input: JSON.stringify(synth) });
  assert.equal(r2.status, 0, r2.stderr);
  const native2 = JSON.parse(readFileSync(path.join(dir, 'synth', 'result.json'), 'utf8'));
  const wasm2 = await runExperiment(M, synth);
  assert.deepEqual(native2.scalars, wasm2.scalars);
  // A bad spec: exit code 2 and the same message as JS.
  const bad = spawnSync(cli, ['run', '-', '--out', dir], { encoding: 'utf8',
    input: '{"kind": "measure", "estimators": {"twonn": {"discard_fraction": 1}}}' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), 'rnnbook: estimators.twonn.discard_fraction: must be a number in [0, 1), got 1');
  const resume = spawnSync(cli, ['run', '-', '--out', dir, '--resume', dir], { encoding: 'utf8', input: JSON.stringify(synth) });
  assert.equal(resume.status, 2);
  assert.match(resume.stderr, /--resume: this kind of experiment keeps no checkpoint to resume/);
});
