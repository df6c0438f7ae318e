// Low-level sample-quality functions on typed arrays (SCIENCE.md 5.3; docs/js-api.md, "Sample quality
// of your own samples"): distances between two sample sets and summaries of one. Each takes the loaded
// wasm module first; functions.js registers them, so the worker runs them for rnnbook.mmd2(x, y) and
// the like, and node code can call them directly. Options use the core's names, defaults and ranges.

import { matrixInput } from './matrix_input.js';
import { orThrow } from './module_errors.js';

const numbers = (values) => Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));

/**
 * Samples as the core reads them: {shape: [n] or [n, d], data} in C order, from a typed array or an
 * array of numbers (n samples in 1-D), rows [[x1, y1], ...], or {shape, data} (read by matrixInput).
 * Plain values that are not numbers become NaN, which the core refuses, naming the entry.
 */
function samplesInput(value, name) {
  if (ArrayBuffer.isView(value)) return { shape: [value.length], data: value };
  const rows = Array.isArray(value) && (Array.isArray(value[0]) || ArrayBuffer.isView(value[0]));
  if (Array.isArray(value) && !rows) return { shape: [value.length], data: numbers(value) };
  if (rows || (value !== null && typeof value === 'object' && Array.isArray(value.shape) && value.data)) {
    return matrixInput(value, name);
  }
  throw new Error(`${name}: must be a typed array, an array of numbers or of rows, or {shape, data} (C order)`);
}

function call(M, name, x, y, options) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new Error('options: must be an object of named options');
  }
  const a = samplesInput(x, 'x');
  const b = y === undefined ? { shape: null, data: null } : samplesInput(y, 'y');
  return orThrow(M, M.sampleQuality(name, a.shape, a.data, b.shape, b.data, JSON.stringify(options ?? {})));
}

/** W1 between two 1-D sample sets of any sizes: the integral of |F_x - F_y|. */
export function wasserstein1(M, x, y) {
  return call(M, 'wasserstein1', x, y).scalars.w1;
}

/** The mean W1 of the projections on random unit directions; W1 in 1-D. Options: directions (50), seed (0). */
export function slicedWasserstein1(M, x, y, options) {
  return call(M, 'sliced_wasserstein1', x, y, options).scalars.sliced_w1;
}

/** Unbiased MMD^2, Gaussian kernel; {mmd2, bandwidth}. Options: bandwidth (0: median heuristic), max_points (1000). */
export function mmd2(M, x, y, options) {
  const { scalars } = call(M, 'mmd2', x, y, options);
  return { mmd2: scalars.mmd2, bandwidth: scalars.bandwidth };
}

/** The median pairwise distance of the pooled samples. Options: max_points (1000, evenly spaced). */
export function medianBandwidth(M, x, y, options) {
  return call(M, 'median_bandwidth', x, y, options).scalars.bandwidth;
}

/** KL(x || y) between 1-D histograms over the pooled range. Options: bins (100), eps (1e-6). */
export function histogramKl(M, x, y, options) {
  return call(M, 'histogram_kl', x, y, options).scalars.kl;
}

/** Excess kurtosis m4 / m2^2 - 3 of each coordinate (Float64Array, d entries). */
export function excessKurtosis(M, x) {
  return call(M, 'excess_kurtosis', x).arrays.kurtosis;
}

/** The fraction of samples nearest to each centre (Float64Array, one entry per centre; ties: the first). */
export function modeMasses(M, x, centres) {
  return call(M, 'mode_masses', x, centres).arrays.masses;
}

export const sampleQualityFunctions = {
  wasserstein1, slicedWasserstein1, mmd2, medianBandwidth, histogramKl, excessKurtosis, modeMasses,
};
