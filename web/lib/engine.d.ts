// Types of web/lib/engine.js (the package's 'rnnbook/engine'): experiments on a loaded wasm module in
// this thread, with no worker (node's loadModule(), or createRnnbook from 'rnnbook/wasm').
import type { ExperimentConfig, PartialProgress, Progress, Result, Snapshot, StepReport } from './rnnbook.js';

export declare function configText(config: ExperimentConfig | string): string;
export declare function runExperiment(
  module: unknown,
  config: ExperimentConfig | string,
  options?: { onProgress?: (p: Progress) => void; onPartial?: (p: PartialProgress) => void; isCancelled?: () => boolean;
    chunkMs?: number; series?: string[] },
): Promise<Result>;
export interface EngineStepOptions {
  onProgress?: (p: Progress) => void;
  /** Inside chunks of long steps, at most every 150 ms. */
  onPartial?: (p: PartialProgress) => void;
  isCancelled?: () => boolean;
  chunkMs?: number;
  series?: string[];
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
