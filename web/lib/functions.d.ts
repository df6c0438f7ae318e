// Types of web/lib/functions.js (the package's 'rnnbook/functions'): the low-level functions on a
// loaded wasm module in this thread, synchronous, the module first.
import type { LowLevelFunctions, MatrixInput } from './rnnbook.js';

type Sync<F> = F extends (...args: infer A) => Promise<infer R> ? (module: unknown, ...args: A) => R : never;
export declare const participationRatio: Sync<LowLevelFunctions['participationRatio']>;
export declare const covarianceSpectrum: Sync<LowLevelFunctions['covarianceSpectrum']>;
export declare const pcaComponents: Sync<LowLevelFunctions['pcaComponents']>;
export declare const effectiveRank: Sync<LowLevelFunctions['effectiveRank']>;
export declare const twoNN: Sync<LowLevelFunctions['twoNN']>;
export declare const levinaBickel: Sync<LowLevelFunctions['levinaBickel']>;
export declare const localPCA: Sync<LowLevelFunctions['localPCA']>;
export declare const nearestNeighbours: Sync<LowLevelFunctions['nearestNeighbours']>;
export declare const manifold: Sync<LowLevelFunctions['manifold']>;
// web/lib/sample_quality.js, likewise.
export declare const wasserstein1: Sync<LowLevelFunctions['wasserstein1']>;
export declare const slicedWasserstein1: Sync<LowLevelFunctions['slicedWasserstein1']>;
export declare const mmd2: Sync<LowLevelFunctions['mmd2']>;
export declare const medianBandwidth: Sync<LowLevelFunctions['medianBandwidth']>;
export declare const histogramKl: Sync<LowLevelFunctions['histogramKl']>;
export declare const excessKurtosis: Sync<LowLevelFunctions['excessKurtosis']>;
export declare const modeMasses: Sync<LowLevelFunctions['modeMasses']>;
/** All of the above by name. */
export declare const functions: Record<string, (module: unknown, ...args: any[]) => unknown>;
/** The names the worker serves (rnnbook.<name>). */
export declare const functionNames: string[];
/** Runs functions[name](module, ...args); throws for an unknown name. */
export declare function callFunction(module: unknown, name: string, args: unknown[]): unknown;
/** {shape, data} of a matrix given as rows, {shape, data} or a typed array (throws naming `name`). */
export declare function matrixInput(input: MatrixInput, name?: string): { shape: number[]; data: Float64Array };
