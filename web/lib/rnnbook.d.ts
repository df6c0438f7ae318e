// Types of rnnbook's JS API (web/lib/rnnbook.js). Examples: docs/js-api.md.

/** An experiment config: `kind` picks the experiment; every other field has a default. */
export interface ExperimentConfig {
  kind: 'train' | 'sntk' | 'pitchfork';
  seed?: number;
  [field: string]: unknown;
}

/** Config of kind "train" (fields and ranges: README.md, "The train experiment"). */
export interface TrainConfig extends ExperimentConfig {
  kind: 'train';
  seed?: number;
  steps?: number;
  batch_size?: number;
  eval_trials?: number;
  model?: {
    hidden?: number; cell?: 'rate' | 'current' | 'ctrnn'; rank?: number; input_init?: 'normal' | 'uniform';
    activation?: 'tanh' | 'relu' | 'softplus' | 'identity'; bias?: boolean; leak?: number; gain?: number;
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
  };
  optimizer?: {
    name?: 'adam' | 'amsgrad' | 'sgd' | 'lrng'; lr?: number; beta1?: number; beta2?: number; eps?: number;
    momentum?: number; weight_decay?: number; clip?: number;
    /** lrng only (README.md, "low-rank natural gradient"). */
    rank?: number; refresh?: number; damping?: number; damping_min?: number; sketch?: number;
    adaptive?: boolean; adaptive_every?: number; adaptive_mu?: number;
  };
}

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

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  /** Aborting stops the run after the current chunk; run() then resolves with a partial result. */
  signal?: AbortSignal;
  /** Recorded series to stream in progress events (default ['loss']), e.g. ['loss', 'pr'] for kind "sntk". */
  series?: string[];
}

/** What step() of a held-open experiment resolves with. */
export interface StepReport {
  position: number;
  total: number;
  /** True when the last step of the run is done. */
  done: boolean;
  /** True when the signal (or isCancelled) ended this call early. */
  stopped: boolean;
  /** The losses of the steps this call did. */
  series: { loss: Float64Array };
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

/** A worker that owns one wasm module. Errors reject with an Error whose message names the field. */
export declare class Client {
  constructor(workerUrl?: URL | string);
  run(config: ExperimentConfig | string, options?: RunOptions): Promise<Result>;
  open(config: ExperimentConfig | string): Promise<ExperimentHandle>;
  version(): Promise<string>;
  terminate(): void;
}

/** The default API object: one shared worker, created on first use. */
export declare const rnnbook: {
  run(config: ExperimentConfig | string, options?: RunOptions): Promise<Result>;
  open(config: ExperimentConfig | string): Promise<ExperimentHandle>;
  version(): Promise<string>;
};
export default rnnbook;

// web/lib/engine.js, for running the module without a worker (node, tests).
export declare function configText(config: ExperimentConfig | string): string;
export declare function runExperiment(
  module: unknown,
  config: ExperimentConfig | string,
  options?: { onProgress?: (p: Progress) => void; isCancelled?: () => boolean; chunkMs?: number; series?: string[] },
): Promise<Result>;
export interface EngineStepOptions {
  onProgress?: (p: Progress) => void;
  isCancelled?: () => boolean;
  chunkMs?: number;
}
/** An experiment held open on a module (no worker): the worker's ExperimentHandle runs one. */
export declare class Session {
  readonly position: number;
  readonly total: number;
  readonly done: boolean;
  step(n?: number, options?: EngineStepOptions): Promise<StepReport>;
  result(): Result;
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): void;
  close(): void;
}
export declare function openExperiment(module: unknown, config: ExperimentConfig | string): Session;
