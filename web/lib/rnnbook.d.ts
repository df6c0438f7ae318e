// Types of rnnbook's JS API (web/lib/rnnbook.js). Examples: docs/js-api.md.

/** An experiment config: `kind` picks the experiment; every other field has a default. */
export interface ExperimentConfig {
  kind: 'train';
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
    hidden?: number; cell?: 'rate' | 'current' | 'ctrnn'; rank?: number;
    activation?: 'tanh' | 'relu' | 'softplus' | 'identity'; bias?: boolean; leak?: number; gain?: number;
  };
  task?: { name?: 'flip_flop' | 'memory_pro' | 'two_afc' | 'context' | 'sine_wave'; [field: string]: unknown };
  gradient?: 'bptt' | 'truncated';
  trainable?: { W?: boolean; U?: boolean; b?: boolean; C?: boolean; c?: boolean };
  optimizer?: {
    name?: 'adam' | 'amsgrad' | 'sgd'; lr?: number; beta1?: number; beta2?: number; eps?: number;
    momentum?: number; weight_decay?: number; clip?: number;
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
  /** New values of recorded series since the previous progress event. */
  series: { loss: Float64Array };
}

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  /** Aborting stops the run after the current chunk; run() then resolves with a partial result. */
  signal?: AbortSignal;
}

/** A worker that owns one wasm module. Errors reject with an Error whose message names the field. */
export declare class Client {
  constructor(workerUrl?: URL | string);
  run(config: ExperimentConfig | string, options?: RunOptions): Promise<Result>;
  version(): Promise<string>;
  terminate(): void;
}

/** The default API object: one shared worker, created on first use. */
export declare const rnnbook: {
  run(config: ExperimentConfig | string, options?: RunOptions): Promise<Result>;
  version(): Promise<string>;
};
export default rnnbook;

// web/lib/engine.js, for running the module without a worker (node, tests).
export declare function configText(config: ExperimentConfig | string): string;
export declare function runExperiment(
  module: unknown,
  config: ExperimentConfig | string,
  options?: { onProgress?: (p: Progress) => void; isCancelled?: () => boolean; chunkMs?: number },
): Promise<Result>;
