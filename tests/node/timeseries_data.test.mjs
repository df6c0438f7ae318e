// User series for the time-series kinds (forecast, causality, switching): T x channels as {shape, data},
// typed arrays through the JS API and .npy files through the CLI (paths relative to the spec) give the
// same bits; the fitted parameters, bands, soft states and connectivity matrices come out as .npy; bad
// series are refused naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, npyBytes as npy, parseNpy } from './module.mjs';
import { runExperiment } from '../../web/lib/engine.js';

const cli = path.join(nativeDir, 'cli/rnnbook');
const M = await loadModule();

// A deterministic (T, n) series: noisy AR(2) channels, each driven by the previous one.
function drivenSeries(T, n) {
  const y = new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < n; c++) {
      const h = Math.sin(12.9898 * (t + 1) + 78.233 * (c + 1)) * 43758.5453;
      const noise = h - Math.floor(h) - 0.5;
      const past = (k, j) => (t >= k ? y[(t - k) * n + j] : 0);
      y[t * n + c] = 1.2 * past(1, c) - 0.5 * past(2, c) + (c > 0 ? 0.4 * past(1, c - 1) : 0) + noise;
    }
  }
  return y;
}
const rows = (flat, n) => Array.from({ length: flat.length / n }, (_, t) => Array.from(flat.subarray(t * n, (t + 1) * n)));

// Runs a spec file with the CLI; returns result.json with every array read from its .npy file.
function runCli(specFile, out) {
  const r = spawnSync(cli, ['run', specFile, '--out', out, '--quiet'], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  for (const [name, meta] of Object.entries(result.arrays)) {
    const a = parseNpy(readFileSync(path.join(out, meta.file)));
    assert.deepEqual(a.shape, meta.shape, name);
    result.arrays[name] = a;
  }
  return result;
}

// Every array and scalar of the CLI's result equals the JS result's, bit for bit.
function assertSameBits(native, wasm, label) {
  assert.deepEqual(Object.keys(native.arrays).sort(), Object.keys(wasm.arrays).sort(), label);
  for (const [name, a] of Object.entries(wasm.arrays)) {
    assert.deepEqual(Array.from(native.arrays[name].data), Array.from(a.data), `${label}.${name}`);
  }
  for (const [name, v] of Object.entries(wasm.scalars)) {
    if (!name.endsWith('_ms')) assert.ok(Object.is(native.scalars[name], v), `${label} scalar ${name}: ${native.scalars[name]} vs ${v}`);
  }
}

function specDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, 'spec/data'), { recursive: true });
  return dir;
}

const T = 600, n = 3;
const values = drivenSeries(T, n);
const forecast = { kind: 'forecast', seed: 1, leads: 12, stride: 6, models: { ar: { max_order: 6 }, var: { max_order: 3 } } };

test('forecast: a typed array, nested rows and a .npy file are the same series', async () => {
  const data = { name: 'series', values: { shape: [T, n], data: values }, rate_hz: 10 };
  const typed = await runExperiment(M, { ...forecast, data });
  assert.deepEqual(typed.config.data.values, { shape: [T, n] });
  assert.equal(typed.scalars.channels, n);
  const nested = await runExperiment(M, { ...forecast, data: { ...data, values: rows(values, n) } });
  assert.deepEqual(Array.from(nested.arrays.var_mean_z.data), Array.from(typed.arrays.var_mean_z.data));
  // One channel as a 1-d array (T).
  const one = await runExperiment(M, { ...forecast, data: { name: 'series', values: { shape: [T], data: values.filter((_, i) => i % n === 2) } } });
  assert.equal(one.scalars.channels, 1);
  assert.deepEqual(one.arrays.var_lags.shape.slice(1), [1, 1]);

  const dir = specDir('rnnbook-forecast-data-');
  writeFileSync(path.join(dir, 'spec/data/y.npy'), npy([T, n], values));
  writeFileSync(path.join(dir, 'spec/run.json'), JSON.stringify({ ...forecast, data: { ...data, values: 'data/y.npy' } }));
  const native = runCli(path.join(dir, 'spec/run.json'), path.join(dir, 'out'));
  assertSameBits(native, typed, 'forecast');
  // The exports: fitted parameters (z units) and the forecasts with their bands (the series' units).
  const p = native.scalars.var_order;
  assert.deepEqual(native.arrays.var_lags.shape, [p, n, n]);
  assert.deepEqual(native.arrays.var_noise_cov.shape, [n, n]);
  assert.deepEqual(native.arrays.ar_lags.shape, [n, Math.max(...[0, 1, 2].map((c) => native.scalars[`ar_order_${c}`]))]);
  const W = native.scalars.windows;
  for (const m of ['naive', 'average', 'ar', 'var']) {
    for (const part of ['mean', 'lower', 'upper']) assert.deepEqual(native.arrays[`${m}_${part}`].shape, [W, 12, n], `${m}_${part}`);
    const { data: lo } = native.arrays[`${m}_lower`], { data: hi } = native.arrays[`${m}_upper`], { data: mu } = native.arrays[`${m}_mean`];
    assert.ok(mu.every((v, i) => lo[i] < v && v < hi[i]), `${m}: lower < mean < upper`);
  }
  // The channel driven by its neighbour: the VAR's lag-1 coefficient from channel 0 to 1 is the largest cross term.
  const A1 = native.arrays.var_lags.data;
  assert.ok(Math.abs(A1[1 * n + 0]) > Math.abs(A1[0 * n + 1]) + 0.1, `A_1[1, 0] = ${A1[n]}, A_1[0, 1] = ${A1[1]}`);
});

test('causality: a recording and its true weights from typed arrays and from .npy files', async () => {
  const weights = new Float64Array(n * n);
  weights[1 * n + 0] = 0.4;
  weights[2 * n + 1] = 0.4;
  const causality = { kind: 'causality', seed: 3, granger: { max_order: 4 },
    attention: { context: 4, width: 8, heads: 2, key_width: 4, hidden: 8, epochs: 1, batch: 64 } };
  const typed = await runExperiment(M, { ...causality,
    data: { name: 'series', values: { shape: [T, n], data: values }, weights: { shape: [n, n], data: weights } } });
  assert.deepEqual(typed.config.data.weights, { shape: [n, n] });
  assert.equal(typed.scalars.edges, 2);
  assert.equal(typed.scalars.auroc_granger, 1);  // the two driven pairs have the largest Granger scores
  const dir = specDir('rnnbook-causality-data-');
  writeFileSync(path.join(dir, 'spec/data/v.npy'), npy([T, n], values));
  writeFileSync(path.join(dir, 'spec/data/w.npy'), npy([n, n], weights));
  writeFileSync(path.join(dir, 'spec/run.json'), JSON.stringify({ ...causality,
    data: { name: 'series', values: 'data/v.npy', weights: 'data/w.npy' } }));
  const native = runCli(path.join(dir, 'spec/run.json'), path.join(dir, 'out'));
  assertSameBits(native, typed, 'causality');
  for (const name of ['granger', 'var_coefficients', 'lag_correlation', 'attention', 'weights']) {
    assert.deepEqual(native.arrays[name].shape, [n, n], name);
  }
});

test('switching: train, test and true states from typed arrays and from .npy files', async () => {
  const states = (len, offset) => {  // two soft states that alternate every 25 steps
    const z = new Float64Array(len * 2);
    for (let t = 0; t < len; t++) { const k = Math.floor((t + offset) / 25) % 2; z[2 * t + k] = 0.9; z[2 * t + 1 - k] = 0.1; }
    return z;
  };
  const train = values.subarray(0, 200 * n), test = values.subarray(200 * n, 300 * n);
  const switching = { kind: 'switching', seed: 4, model: { states: 2 }, training: { iterations: 6, samples: 2 },
    baseline: { iterations: 3, kmeans_restarts: 2 }, evaluation: { posterior_samples: 2, horizon: 3, paths: 2 } };
  const arrays = { train: [[200, n], train], test: [[100, n], test], train_states: [[200, 2], states(200, 0)],
    test_states: [[100, 2], states(100, 200)] };
  const typed = await runExperiment(M, { ...switching, data: { name: 'series',
    ...Object.fromEntries(Object.entries(arrays).map(([k, [shape, data]]) => [k, { shape, data }])) } });
  assert.deepEqual(typed.arrays.gdm_states.shape, [100, 2]);
  assert.deepEqual(typed.arrays.hard_states.shape, [100, 2]);
  assert.ok(Number.isFinite(typed.scalars.gdm_knn) && Number.isFinite(typed.scalars.raw_knn));
  const dir = specDir('rnnbook-switching-data-');
  for (const [k, [shape, data]] of Object.entries(arrays)) writeFileSync(path.join(dir, `spec/data/${k}.npy`), npy(shape, data));
  writeFileSync(path.join(dir, 'spec/run.json'), JSON.stringify({ ...switching, data: { name: 'series',
    ...Object.fromEntries(Object.keys(arrays).map((k) => [k, `data/${k}.npy`])) } }));
  assertSameBits(runCli(path.join(dir, 'spec/run.json'), path.join(dir, 'out')), typed, 'switching');
});

// Bad series: the CLI (from a .npy file) and JS (a typed array) give the same message naming the field.
const nan = values.slice(0, 300 * n);
nan[7] = NaN;
const badSeries = [
  [{ kind: 'forecast', data: { name: 'series', values: [values.slice(0, 8), [3]] } }, null,
    'data.values[1]: must be an array of 8 entries like the first one at this depth, got [3]'],
  [{ kind: 'forecast', data: { name: 'series', values: 'x.npy' } }, [[300, n], nan],
    'data.values.data[7]: must be a finite number, got null (NaN and infinity become null in JSON)'],
  [{ kind: 'forecast', data: { name: 'series', values: 'x.npy' } }, [[2, 150, n], values.subarray(0, 300 * n)],
    'data.values: must be a 2-d array (T, channels), got shape [2, 150, 3]'],
  [{ kind: 'forecast', data: { name: 'series', values: 'x.npy' }, models: { var: { max_order: 5 } } }, [[300, n], values.subarray(0, 300 * n)],
    'models.ar.max_order: 140 lags need more than 141 training rows after the first 140; the training segment has 180 rows (300 frames, split.train 0.6, split.validation 0.2); lower it or give a longer series'],
  [{ kind: 'forecast', data: { name: 'series', values: 'x.npy' }, leads: 80, models: { ar: { max_order: 5 }, var: { max_order: 5 } } },
    [[300, n], values.subarray(0, 300 * n)],
    'leads: 80 leads do not fit the test segment of 60 rows (300 frames, split.train 0.6, split.validation 0.2); lower leads or give a longer series'],
  [{ kind: 'causality', data: { name: 'series', values: 'x.npy' } }, [[50, n], values.subarray(0, 50 * n)],
    'data.values: 50 time steps, too short: at least 100 are needed here'],
  [{ kind: 'causality', data: { name: 'series', values: 'x.npy' }, granger: { max_order: 50 } }, [[150, n], values.subarray(0, 150 * n)],
    'granger.max_order: 50 lags of 3 neurons need more than 151 rows in the Granger segment; the recording has 150 rows x granger.fraction 0.8'],
  [{ kind: 'switching', data: { name: 'series', train: 'x.npy' } }, [[300], values.subarray(0, 300)],
    'data.train: must be a 2-d array (T, N), got shape [300]'],
];

test('bad series: the CLI reads the .npy and refuses it with the message JS gives', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-bad-series-'));
  for (const [config, file, message] of badSeries) {
    let jsConfig = config;
    if (file) {
      writeFileSync(path.join(dir, 'x.npy'), npy(file[0], file[1]));
      const field = config.kind === 'switching' ? 'train' : 'values';
      jsConfig = { ...config, data: { ...config.data, [field]: { shape: file[0], data: file[1] } } };
    }
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify(config, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
    const r = spawnSync(cli, ['run', path.join(dir, 'run.json'), '--out', path.join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
    assert.equal(r.status, 2, message);
    assert.equal(r.stderr.trim(), `rnnbook: ${message}`);
    await assert.rejects(runExperiment(M, jsConfig), { message });
  }
});
