// Low-level functions on typed arrays: the dimension measures of one point set, each a single call
// (docs/js-api.md, "Dimension of your own data"). Each takes the loaded wasm module first; the worker
// runs them for rnnbook.twoNN(points, options) and the like, and node code can call them directly.
// Options use the same names, defaults and ranges as the `measure` experiment (README.md).

import { matrixInput } from './matrix_input.js';
import { orThrow } from './module_errors.js';
import { sampleQualityFunctions } from './sample_quality.js';

export { matrixInput };

function call(M, name, input, options, inputName = 'points') {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new Error('options: must be an object of named options');
  }
  const { shape, data } = input === undefined ? { shape: [], data: null } : matrixInput(input, inputName);
  return orThrow(M, M.dimensionFunction(name, shape, data, JSON.stringify(options ?? {})));
}

/** Participation ratio (tr C)^2 / tr(C^2) of the covariance of the rows. Options: centred (true). */
export function participationRatio(M, points, options) {
  return call(M, 'participation_ratio', points, options).scalars.participation_ratio;
}

/** Eigenvalues of the covariance, descending (Float64Array of min(n, D)). Options: centred (true). */
export function covarianceSpectrum(M, points, options) {
  return call(M, 'covariance_spectrum', points, options).arrays.spectrum.data;
}

/** Number of principal components for a variance fraction. Options: fraction (0.95), centred (true), interpolate (false). */
export function pcaComponents(M, points, options) {
  return call(M, 'pca_components', points, options).scalars.pca_components;
}

/** Effective rank of a matrix from its singular values. Options: measure ('participation_ratio', 'entropy', 'threshold_95'). */
export function effectiveRank(M, matrix, options) {
  return call(M, 'effective_rank', matrix, options, 'matrix').scalars.effective_rank;
}

/** TwoNN: {mle, fit, fit_points, distinct_points, mu (per row)}. Options: discard_fraction (0.1). */
export function twoNN(M, points, options) {
  const { scalars, arrays } = call(M, 'twonn', points, options);
  return { ...scalars, mu: arrays.mu.data };
}

/** Levina-Bickel: {dimension, distinct_points, by_k, local (per row)}. Options: k_min (10), k_max (20), average ('mean'). */
export function levinaBickel(M, points, options) {
  const { scalars, arrays } = call(M, 'levina_bickel', points, options);
  return { ...scalars, by_k: arrays.by_k.data, local: arrays.local.data };
}

/** Local PCA: {mean, distinct_points, local (per row)}. Options: k (20), measure ('participation_ratio'), fraction (0.9). */
export function localPCA(M, points, options) {
  const { scalars, arrays } = call(M, 'local_pca', points, options);
  return { ...scalars, local: arrays.local.data };
}

/** Exact k nearest neighbours: {shape: [n, k], index: Int32Array, distance: Float64Array}. Options: k (1). */
export function nearestNeighbours(M, points, options) {
  const { arrays } = call(M, 'nearest_neighbours', points, options);
  return { shape: arrays.index.shape, index: Int32Array.from(arrays.index.data), distance: arrays.distance.data };
}

/** Points on a manifold of known dimension: {shape: [samples, embedding], data, intrinsic_dimension}. */
export function manifold(M, options) {
  const { scalars, arrays } = call(M, 'manifold', undefined, options);
  return { shape: arrays.points.shape, data: arrays.points.data, intrinsic_dimension: scalars.intrinsic_dimension };
}

export const functions = {
  participationRatio, covarianceSpectrum, pcaComponents, effectiveRank, twoNN, levinaBickel, localPCA,
  nearestNeighbours, manifold,
  ...sampleQualityFunctions,  // wasserstein1, mmd2, ... (sample_quality.js)
};

/** The names the worker serves (rnnbook.<name>). */
export const functionNames = Object.keys(functions);

/** Runs functions[name](M, ...args); throws for an unknown name. */
export function callFunction(M, name, args) {
  if (!Object.hasOwn(functions, name)) throw new Error(`function: unknown name "${name}"`);
  return functions[name](M, ...args);
}
