// Types of rnnbook's JS API (web/lib/rnnbook.js, the package's entry in pages; node.d.ts adds node's).
// Without a worker: engine.d.ts and functions.d.ts. Examples: docs/js-api.md.

/** An experiment config: `kind` picks the experiment; every other field has a default. */
export interface ExperimentConfig {
  kind: 'train' | 'sntk' | 'pitchfork' | 'measure' | 'sample' | 'flatness' | 'forecast' | 'switching' | 'causality' | 'lowrank';
  seed?: number;
  [field: string]: unknown;
}

/** Config of kind "train" (fields and ranges: README.md, "The train experiment"). */
export interface TrainConfig extends ExperimentConfig {
  kind: 'train';
  seed?: number;
  steps?: number;
  batch_size?: number;
  /** The arithmetic of training (README.md, "precision"): float32 is faster; measurements stay float64. */
  precision?: 'float64' | 'float32';
  eval_trials?: number;
  model?: {
    hidden?: number; cell?: 'rate' | 'current' | 'ctrnn'; rank?: number; input_init?: 'normal' | 'uniform';
    activation?: 'tanh' | 'relu' | 'softplus' | 'identity'; bias?: boolean; leak?: number; gain?: number;
    /** Given initial blocks W (N, N), U (N, I), b (N), C (O, N), c (O), C order; replace the seeded draw. */
    weights?: { W?: DataArray; U?: DataArray; b?: DataArray; C?: DataArray; c?: DataArray };
    /** A state d (N) planted as a fixed point of h = W tanh(h) (cell 'current', activation 'tanh'). */
    fixed_point?: DataArray;
  };
  task?: {
    name?: 'flip_flop' | 'memory_pro' | 'two_afc' | 'context' | 'sine_wave' | 'dataset';
    /** dataset: (T, B, I), (T, B, O) and (T, B); data in C order (the engine serialises typed arrays). */
    inputs?: DataArray; targets?: DataArray; mask?: DataArray; loss?: 'mse' | 'cross_entropy';
    [field: string]: unknown;
  };
  gradient?: 'bptt' | 'truncated';
  trainable?: { W?: boolean; U?: boolean; b?: boolean; C?: boolean; c?: boolean };
  /** Optional measures (README.md, "measures.*"): rich/lazy at the end, Hessian lambda_max during training. */
  measures?: {
    rich_lazy?: boolean; kernel_trials?: number; representation_trials?: number;
    hessian_every?: number; hessian_trials?: number; hessian_tol?: number; hessian_iterations?: number;
    /** The evaluation batch's hidden states h_1..h_T as the result array eval_hidden (E, T, N). */
    eval_hidden?: boolean;
  };
  optimizer?: {
    name?: 'adam' | 'amsgrad' | 'sgd' | 'lrng'; lr?: number; beta1?: number; beta2?: number; eps?: number;
    momentum?: number; weight_decay?: number; clip?: number;
    /** lrng only (README.md, "low-rank natural gradient"). */
    rank?: number; refresh?: number; damping?: number; damping_min?: number; sketch?: number;
    adaptive?: boolean; adaptive_every?: number; adaptive_mu?: number;
  };
}

/** Config of kind "measure" (fields and ranges: README.md, "The measure experiment"). */
export interface MeasureConfig extends ExperimentConfig {
  kind: 'measure';
  seed?: number;
  /** A synthetic manifold (the fields below) or your points: {points: (n, D)}. */
  data?: {
    manifold?: ManifoldName; dimension?: number; samples?: number; embedding?: number; noise?: number;
    rotate?: boolean; points?: DataArray;
  };
  /** Absent: all five with defaults; given: only those named ({} for an estimator's defaults). */
  estimators?: {
    participation_ratio?: { centred?: boolean };
    pca_components?: { fraction?: number; centred?: boolean; interpolate?: boolean };
    twonn?: { discard_fraction?: number };
    levina_bickel?: { k_min?: number; k_max?: number; average?: 'mean' | 'inverse' };
    local_pca?: { k?: number; measure?: 'participation_ratio' | 'variance_fraction'; fraction?: number };
  };
  /** Adds the points as arrays.points (n, D). */
  return_points?: boolean;
}

export type ManifoldName = 'plane' | 'sphere' | 'swiss_roll' | 'gaussian' | 'cube';

/** Points or a matrix: {shape: [n, D], data} in C order (typed or plain array), or an array of rows. */
export type MatrixInput = { shape: [number, number] | number[]; data: ArrayLike<number> } | ArrayLike<number>[];

/** Options of manifold(): the `data` fields of the measure experiment, plus its seed. */
export interface ManifoldOptions {
  seed?: number; manifold?: ManifoldName; dimension?: number; samples?: number; embedding?: number;
  noise?: number; rotate?: boolean;
}

export interface TwoNNResult {
  mle: number; fit: number;
  /** Ratios kept by the fit. */
  fit_points: number;
  distinct_points: number;
  /** r2 / r1 per input row (duplicate rows share their point's value). */
  mu: Float64Array;
}
export interface LevinaBickelResult {
  dimension: number; distinct_points: number;
  /** The estimate at each k = k_min .. k_max. */
  by_k: Float64Array;
  /** Per input row: the mean over k of m_k(x). */
  local: Float64Array;
}
export interface LocalPCAResult { mean: number; distinct_points: number; local: Float64Array }
export interface NeighboursResult { shape: number[]; index: Int32Array; distance: Float64Array }
export interface ManifoldPoints { shape: number[]; data: Float64Array; intrinsic_dimension: number }

/** The low-level functions (web/lib/functions.js), run in the worker; each resolves with its answer. */
export interface LowLevelFunctions {
  participationRatio(points: MatrixInput, options?: { centred?: boolean }): Promise<number>;
  covarianceSpectrum(points: MatrixInput, options?: { centred?: boolean }): Promise<Float64Array>;
  pcaComponents(points: MatrixInput, options?: { fraction?: number; centred?: boolean; interpolate?: boolean }): Promise<number>;
  effectiveRank(matrix: MatrixInput, options?: { measure?: 'participation_ratio' | 'entropy' | 'threshold_95' }): Promise<number>;
  twoNN(points: MatrixInput, options?: { discard_fraction?: number }): Promise<TwoNNResult>;
  levinaBickel(points: MatrixInput, options?: { k_min?: number; k_max?: number; average?: 'mean' | 'inverse' }): Promise<LevinaBickelResult>;
  localPCA(points: MatrixInput, options?: { k?: number; measure?: 'participation_ratio' | 'variance_fraction'; fraction?: number }): Promise<LocalPCAResult>;
  nearestNeighbours(points: MatrixInput, options?: { k?: number }): Promise<NeighboursResult>;
  manifold(options?: ManifoldOptions): Promise<ManifoldPoints>;
  /** W1 between two 1-D sample sets of any sizes (web/lib/sample_quality.js). */
  wasserstein1(x: Samples, y: Samples): Promise<number>;
  /** The mean W1 of the projections on random unit directions (W1 itself in 1-D). */
  slicedWasserstein1(x: Samples, y: Samples, options?: { directions?: number; seed?: number }): Promise<number>;
  /** Unbiased MMD^2, Gaussian kernel exp(-|u - v|^2 / (2 h^2)); bandwidth 0 or absent: the median heuristic. */
  mmd2(x: Samples, y: Samples, options?: { bandwidth?: number; max_points?: number }): Promise<{ mmd2: number; bandwidth: number }>;
  /** The median pairwise distance of the pooled samples (at most max_points of them, evenly spaced; default 1000). */
  medianBandwidth(x: Samples, y: Samples, options?: { max_points?: number }): Promise<number>;
  /** KL(x || y) between 1-D histograms on the pooled range, probabilities smoothed to (p + eps) / (1 + bins eps). */
  histogramKl(x: Samples, y: Samples, options?: { bins?: number; eps?: number }): Promise<number>;
  /** m4 / m2^2 - 3 of each coordinate. */
  excessKurtosis(x: Samples): Promise<Float64Array>;
  /** The fraction of samples nearest to each centre (ties: the first). */
  modeMasses(x: Samples, centres: Samples): Promise<Float64Array>;
}

/** Samples: a typed array or array of numbers (1-D), rows [[x1, y1], ...], or {shape: [n, d], data} in C order. */
export type Samples = ArrayLike<number> | ArrayLike<number>[] | { shape: number[]; data: ArrayLike<number> };

/** Config of kind "flatness": an MLP trained on labelled points, measured at checkpoints
 *  (fields and ranges: README.md, "The flatness experiment"). */
export interface FlatnessConfig extends ExperimentConfig {
  kind: 'flatness';
  seed?: number;
  steps?: number;
  batch_size?: number;
  loss?: 'mse' | 'cross_entropy';
  data?: {
    name?: 'clusters' | 'dataset';
    /** clusters: Gaussian clusters drawn from the seed. */
    classes?: number; dim?: number; noise?: number; scale?: number; train?: number; test?: number;
    /** dataset: points as rows, (n, d) and (n, k); optional held-out (m, d) and (m, k). */
    inputs?: PointArray; targets?: PointArray; test_inputs?: PointArray; test_targets?: PointArray;
  };
  model?: { hidden?: number[]; activation?: 'tanh' | 'relu' | 'softplus' | 'identity' };
  optimizer?: {
    name?: 'sgd' | 'adam'; lr?: number; momentum?: number; beta1?: number; beta2?: number; eps?: number;
    weight_decay?: number;
  };
  measures?: {
    every?: number; points?: number; log_volume_rank?: number; layer_points?: number; layer_twonn?: boolean;
    hessian_samples?: number; hessian_iterations?: number; hessian_tol?: number;
  };
}

/** Points of the flatness experiment's dataset: {shape: [n, w], data} in C order, or nested arrays. */
export type PointArray = { shape: number[]; data: ArrayLike<number> } | number[][];

/** User data for the dataset task: {shape, data} in C order, or nested arrays. */
export type DataArray = { shape: number[]; data: ArrayLike<number> } | number[][] | number[][][];

/** Config of kind "sntk": a train run plus sNTK measurements (README.md, "The sntk experiment"). */
export interface SntkConfig extends Omit<TrainConfig, 'kind'> {
  kind: 'sntk';
  sntk?: {
    interval?: number; eval_trials?: number; method?: 'auto' | 'dense' | 'matrix_free'; top_k?: number;
    probes?: number; partial_traces?: boolean;
  };
}

/** Config of kind "pitchfork": SCIENCE.md 4.2-4.4's student-teacher run (README.md, "The pitchfork experiment"). */
export interface PitchforkConfig extends ExperimentConfig {
  kind: 'pitchfork';
  steps?: number;
  batch_size?: number;
  model?: { hidden?: number; leak?: number; gain?: number };
  teacher?: { gamma?: number; beta?: number; pulse_prob?: number; steps?: number };
  optimizer?: TrainConfig['optimizer'];
  monitor_trials?: number;
  sntk?: {
    interval?: number; near_interval?: number; near_mu?: number; eval_trials?: number; eval_steps?: number;
    method?: 'auto' | 'dense' | 'matrix_free'; top_k?: number; probes?: number;
    landscape_points?: number; landscape_mu?: number;
  };
}

/** Config of kind "sample" (fields and ranges: README.md, "The sample experiment"). */
export interface SampleConfig extends ExperimentConfig {
  kind: 'sample';
  seed?: number;
  target?: {
    name?: 'double_peak' | 'laplace_x' | 'gaussian_mixture' | 'laplace_mixture' | 'ring' | 'samples';
    /** Mixtures: weights (K), means (K, d) or (K), covariances (K, d, d) or (K) variances. */
    weights?: DataArray | number[]; means?: DataArray | number[]; covariances?: DataArray | number[];
    /** Ring. */
    radius?: number; width?: number;
    /** Your samples (n, d) or (n). */
    samples?: DataArray | number[];
  };
  model?: {
    name?: 'rsn' | 'sampler_fr' | 'sampler_sc' | 'exact';
    hidden?: number; activation?: 'tanh' | 'relu' | 'softplus' | 'identity'; weight_scale?: number; centre_range?: number;
  };
  training?: {
    data_size?: number; levels?: number; sigma_start?: number; sigma_end?: number; steps_per_level?: number;
    final_steps?: number; batch_size?: number; optimizer?: 'adam' | 'amsgrad'; lr?: number; scale_lr?: boolean;
    cosine?: boolean; beta1?: number; beta2?: number; eps?: number; weight_decay?: number;
  };
  sampling?: {
    chains?: number; steps?: number; dt?: number; record_every?: number; snapshot_chains?: number;
    init?: 'uniform' | 'normal'; init_scale?: number;
  };
  measures?: {
    reference?: number; mmd_samples?: number; directions?: number; bins?: number;
    grid?: { min?: number; max?: number; points?: number };
  };
}

/** An N-d array in C order. */
export interface ResultArray {
  shape: number[];
  data: Float64Array;
}

/** What every experiment returns (DESIGN.md, the experiment contract). */
export interface Result {
  kind: string;
  version: string;
  seed: number;
  /** The config as run, with every default filled in. */
  config: Record<string, unknown>;
  scalars: Record<string, number>;
  arrays: Record<string, ResultArray>;
  timing_ms: number;
  /** True when the run was aborted before its last step; the result holds what was done. */
  stopped: boolean;
}

export interface Progress {
  /** Units of work done (training steps for "train"). */
  position: number;
  total: number;
  /** New values of the streamed series (RunOptions.series, default ['loss']) since the previous event. */
  series: Record<string, Float64Array>;
}

/** Progress inside a chunk of long steps (e.g. an sNTK measurement of minutes), at most every 150 ms:
 *  (position + partial * chunk) / total is the fraction of the run done. */
export interface PartialProgress {
  /** Where the chunk in progress started. */
  position: number;
  /** Its steps (1 when steps are long). */
  chunk: number;
  total: number;
  /** The fraction of the chunk done, in (0, 1]. */
  partial: number;
}

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  /** Called inside chunks of long steps, between the onProgress events after each chunk. */
  onPartial?: (progress: PartialProgress) => void;
  /** Aborting stops the run after the current chunk; run() then resolves with a partial result. */
  signal?: AbortSignal;
  /** Aborting ends the run at once, inside a long step too: its worker is replaced and the call rejects
   *  with code 'killed', keeping nothing (a step() loses its experiment, and others held on that worker).
   *  A reader's second press of Stop. */
  killSignal?: AbortSignal;
  /** Recorded series to stream in progress events (default ['loss']), e.g. ['loss', 'pr'] for kind "sntk",
   *  ['loss', 'distance', 'snapshots'] for kind "sample", ['loss', 'sharpness'] for kind "flatness". */
  series?: string[];
  /** The length of one chunk of work between progress events, in ms (default 50, allowed 1 to 1000): 25 gives
   *  about 40 events a second, for figures that follow the run closely, at a little more overhead. */
  chunkMs?: number;
}

/** What step() of a held-open experiment resolves with. */
export interface StepReport {
  position: number;
  total: number;
  /** True when the last step of the run is done. */
  done: boolean;
  /** True when the signal (or isCancelled) ended this call early. */
  stopped: boolean;
  /** The values of the streamed series (option series, default ['loss']) recorded during this call. */
  series: Record<string, Float64Array>;
}

/**
 * The state of an experiment: restore() of it into an experiment of the same config (only steps
 * may differ) continues bit for bit. Train: arrays theta, W, U, b, C, c, loss and the optimiser's
 * adam_m, adam_v (adam_vmax for AMSGrad) or sgd_buffer; state holds the optimiser's hyper-state and
 * step count and the RNG state (64-bit words as hex strings). README.md, "Checkpoints".
 */
export interface Snapshot {
  format: 'rnnbook-checkpoint';
  version: string;
  kind: string;
  config: Record<string, unknown>;
  step: number;
  scalars: Record<string, number>;
  state: { optimizer: Record<string, unknown>; rng: Record<string, unknown> };
  arrays: Record<string, ResultArray>;
}

/** An experiment held open in a worker (Client.open / rnnbook.open). Calls run in order. */
export declare class ExperimentHandle {
  /** Advances up to n steps (all that are left if omitted); aborting the signal pauses it. */
  step(n?: number, options?: RunOptions): Promise<StepReport>;
  snapshot(): Promise<Snapshot>;
  restore(snapshot: Snapshot): Promise<null>;
  /** The result of what has run so far (stopped: true until the last step). */
  result(): Promise<Result>;
  /** Frees the experiment in the worker. */
  close(): Promise<null>;
}

/** Options of a client's worker pool (Client constructor, configure). */
export interface PoolOptions {
  /** Workers, one wasm module each: integer in [1, 64]; default min(cores - 1, 8), at least 1. */
  workers?: number;
  /** A running call that does not answer Stop this long, plus 1.5x the time its chunk in progress still needs
   *  (from its partial progress; before any, its longest chunk so far: so a run of long steps ends the step it
   *  is in and keeps what it did), has its worker replaced (0: never); default 3000. */
  stopTimeoutMs?: number;
  /** true: start the pool's workers now (each loads its wasm module), so the first runs do not wait for that. */
  prewarm?: boolean;
}

/** The pool's settings in force, as configure returns them. */
export interface PoolSettings {
  workers: number;
  stopTimeoutMs: number;
}

/**
 * The JS API on a pool of workers, one wasm module each. Runs beyond the pool's size wait for a free
 * worker; errors reject with an Error whose message names the field. Stop of a run that waits rejects
 * with code 'not-started' (name 'AbortError'); a run whose worker was replaced because it did not
 * answer Stop rejects with code 'stop-timeout', and one ended by its killSignal with code 'killed'.
 */
export declare interface Client extends LowLevelFunctions {}
export declare class Client {
  constructor(options?: URL | string | (PoolOptions & { workerUrl?: URL | string }));
  run(config: ExperimentConfig | string, options?: RunOptions): Promise<Result>;
  open(config: ExperimentConfig | string): Promise<ExperimentHandle>;
  /** Runs every point of a sweep on the pool (docs/sweeps.md). */
  sweep(spec: SweepSpec | string, options?: SweepOptions): Promise<SweepResult>;
  /** The points of a sweep spec, in the order of the CLI's manifest. */
  sweepPoints(spec: SweepSpec | string): Promise<{ axes: SweepAxis[]; points: SweepPoint[] }>;
  /** Sets the pool; returns the settings now in force. */
  configure(options: PoolOptions): PoolSettings;
  version(): Promise<string>;
  /** The pool and each worker's memory (docs/js-api.md, "rnnbook.stats()"). */
  stats(): Promise<PoolStats>;
  /** Stops every worker; pending calls reject; a later call starts new ones. */
  terminate(): void;
  /** Ends every worker at once (even mid-step); pending and queued calls reject, held experiments are lost. */
  restart(): void;
}

export interface WorkerStats {
  /** Size of the wasm heap in bytes (grows, never shrinks). */
  heapBytes: number;
  /** Bytes allocated now. */
  usedBytes: number;
  /** Experiments held open with open(). */
  open: number;
}

/** stats(): the pool, with heapBytes, usedBytes and open summed over the started workers. */
export interface PoolStats extends WorkerStats {
  /** The pool's size. */
  workers: number;
  /** Workers running now (started lazily, when work needs them). */
  started: number;
  /** Workers running a call now. */
  busy: number;
  /** Calls waiting for a worker. */
  queued: number;
  perWorker: (WorkerStats & { started: boolean; busy: boolean })[];
}

/** A sweep: a base config and a grid of config paths (points: the cartesian product, the last axis
 *  varying fastest), or a list of configs. */
export type SweepSpec = { base?: ExperimentConfig; grid?: Record<string, unknown[]> } | ExperimentConfig[];
export interface SweepAxis { path: string; values: unknown[] }
export interface SweepPoint { index: number; values: Record<string, unknown>; config: ExperimentConfig }

export interface SweepProgress {
  /** The point this event is about, with its position and total (null when the point just ended). */
  point: number; position: number | null; total: number | null;
  /** Points ended (done, failed or stopped), those that failed, and all of them. */
  finished: number; failed: number; points: number;
  /** Fraction of all work done, in [0, 1]; time since the start; estimated time left (null at first). */
  fraction: number; elapsedMs: number; etaMs: number | null;
}

export interface SweepOptions {
  onProgress?: (p: SweepProgress) => void;
  /** Stop: running points stop with what they have, waiting ones do not start. */
  signal?: AbortSignal;
  /** Running points end at once, keeping nothing (their rows hold the error), as run's killSignal. */
  killSignal?: AbortSignal;
  series?: string[];
  /** Keep each point's whole result for result(i) (default true). */
  keepResults?: boolean;
}

/** The table of a sweep (the same as `rnnbook collect` writes): columns index, the axis paths, every
 *  scalar (sorted), timing_ms, error; a missing or non-finite value is null. */
export interface SweepTable {
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface SweepResult {
  table: SweepTable;
  axes: SweepAxis[];
  points: SweepPoint[];
  stopped: boolean;
  /** Point i's whole result (a diverged point: its last finite state), or null if it failed otherwise (or keepResults was false). */
  result(i: number): Result | null;
}

/** The methods of the default API object (rnnbook), each also a named export. */
export interface DefaultApi extends LowLevelFunctions {
  run(config: ExperimentConfig | string, options?: RunOptions): Promise<Result>;
  open(config: ExperimentConfig | string): Promise<ExperimentHandle>;
  sweep(spec: SweepSpec | string, options?: SweepOptions): Promise<SweepResult>;
  sweepPoints(spec: SweepSpec | string): Promise<{ axes: SweepAxis[]; points: SweepPoint[] }>;
  configure(options: PoolOptions): PoolSettings;
  version(): Promise<string>;
  stats(): Promise<PoolStats>;
  restart(): void;
}

/** The default API object: one pool of workers shared by every call in the page, created on first use. */
export declare const rnnbook: DefaultApi;
export default rnnbook;

// The default object's methods as named exports: import { run, twoNN } from 'rnnbook'.
export declare const run: DefaultApi['run'];
export declare const open: DefaultApi['open'];
export declare const sweep: DefaultApi['sweep'];
export declare const sweepPoints: DefaultApi['sweepPoints'];
export declare const configure: DefaultApi['configure'];
export declare const version: DefaultApi['version'];
export declare const stats: DefaultApi['stats'];
export declare const restart: DefaultApi['restart'];
export declare const participationRatio: DefaultApi['participationRatio'];
export declare const covarianceSpectrum: DefaultApi['covarianceSpectrum'];
export declare const pcaComponents: DefaultApi['pcaComponents'];
export declare const effectiveRank: DefaultApi['effectiveRank'];
export declare const twoNN: DefaultApi['twoNN'];
export declare const levinaBickel: DefaultApi['levinaBickel'];
export declare const localPCA: DefaultApi['localPCA'];
export declare const nearestNeighbours: DefaultApi['nearestNeighbours'];
export declare const manifold: DefaultApi['manifold'];
export declare const wasserstein1: DefaultApi['wasserstein1'];
export declare const slicedWasserstein1: DefaultApi['slicedWasserstein1'];
export declare const mmd2: DefaultApi['mmd2'];
export declare const medianBandwidth: DefaultApi['medianBandwidth'];
export declare const histogramKl: DefaultApi['histogramKl'];
export declare const excessKurtosis: DefaultApi['excessKurtosis'];
export declare const modeMasses: DefaultApi['modeMasses'];

/** rnnbook's version (the package's, the same as version() of the wasm core), without starting a worker. */
export declare const VERSION: string;
/** The default pool size: one worker per core but one (the page's thread), at most 8, at least 1. */
export declare function defaultWorkers(): number;
