// The JS API's client: run, open, sweep, the low-level functions, over a transport (a WorkerPool of
// workers made by createWorker, or a PortTransport). No worker URL here: rnnbook.js (the page's entry)
// and the sandbox add theirs, so this file bundles into any kind of script.
import { functionNames } from './functions.js';
import { WorkerPool } from './worker_pool.js';
import { runSweep } from './sweep.js';
import { checkCallOptions, checkStepCount } from './call_options.js';

const MAX_WORKERS = 64;

/** The default pool size: one worker per core but one (the page's own thread), at most 8, at least 1. */
export function defaultWorkers() {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(cores - 1, 8));
}

function checkedOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error('configure: options must be an object such as {workers: 2}');
  }
  const { workers, stopTimeoutMs, prewarm, ...rest } = options;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new Error(`configure: unknown option "${unknown[0]}" (allowed: workers, stopTimeoutMs, prewarm)`);
  if (prewarm !== undefined && typeof prewarm !== 'boolean') {
    throw new Error(`prewarm: must be true or false, got ${JSON.stringify(prewarm)}`);
  }
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)) {
    throw new Error(`workers: must be an integer in [1, ${MAX_WORKERS}], got ${JSON.stringify(workers)}`);
  }
  if (stopTimeoutMs !== undefined && !(typeof stopTimeoutMs === 'number' && stopTimeoutMs >= 0 && stopTimeoutMs <= 600000)) {
    throw new Error(`stopTimeoutMs: must be a number of milliseconds in [0, 600000] (0: never), got ${JSON.stringify(stopTimeoutMs)}`);
  }
  return { workers, stopTimeoutMs, prewarm };
}

/**
 * The JS API over a transport: a WorkerPool (worker_pool.js) in a page, or any object with the same
 * request(message, options), stats(), resize(n), prewarm(), restart(message) (the sandbox's port, sandbox/).
 */
export class Client {
  /** new Client({transport}) or new Client({createWorker, workers, stopTimeoutMs, prewarm}) */
  constructor(opts) {
    if (!opts?.transport && !opts?.createWorker) throw new Error('Client: needs a transport or createWorker');
    const { workers, stopTimeoutMs, prewarm } = checkedOptions({
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.stopTimeoutMs !== undefined ? { stopTimeoutMs: opts.stopTimeoutMs } : {}),
      ...(opts.prewarm !== undefined ? { prewarm: opts.prewarm } : {}),
    });
    this._transport = opts.transport ?? new WorkerPool({
      createWorker: opts.createWorker,
      size: workers ?? defaultWorkers(),
      ...(stopTimeoutMs !== undefined ? { stopTimeoutMs } : {}),
    });
    if (prewarm) this._transport.prewarm();
  }

  /**
   * Sets the pool: {workers: n (1 to 64; runs beyond it wait for a free worker), stopTimeoutMs (a run
   * that does not answer Stop this long, plus 1.5x the time its chunk still needs (worker_pool.js), has its worker replaced;
   * 0: never), prewarm: true (start the
   * pool's workers now, so that the first runs do not wait for their wasm modules to load)}. Returns
   * the settings {workers, stopTimeoutMs}.
   */
  configure(options) {
    const { workers, stopTimeoutMs, prewarm } = checkedOptions(options);
    if (workers !== undefined) this._transport.resize(workers);
    if (stopTimeoutMs !== undefined) this._transport.stopTimeoutMs = stopTimeoutMs;
    if (prewarm) this._transport.prewarm();
    return { workers: this._transport.size, stopTimeoutMs: this._transport.stopTimeoutMs };
  }

  /** Runs an experiment; resolves with its result (partial, with stopped: true, if aborted while running).
   *  Aborting killSignal ends it at once, inside a long step too: its worker is replaced and it rejects
   *  with code 'killed' (nothing kept), or 'not-started' while it waited for a worker.
   *  onPartial({position, chunk, total, partial}) follows chunks of long steps from inside (progressOf). */
  run(config, options) {
    try {
      checkCallOptions('run', options, ['onProgress', 'onPartial', 'signal', 'killSignal', 'series', 'chunkMs']);
    } catch (e) {
      return Promise.reject(e);
    }
    const { onProgress, onPartial, signal, killSignal, series, chunkMs } = options ?? {};
    return this._transport.request({ type: 'run', config, ...(series ? { series } : {}), ...(chunkMs !== undefined ? { chunkMs } : {}) },
      { onProgress: progressOf(onProgress, onPartial), signal, killSignal });
  }

  /** Opens an experiment held in a worker; resolves with a handle to step, snapshot and restore it. */
  async open(config) {
    let slot;
    let generation;
    const handle = await this._transport.request({ type: 'open', config }, { onSlot: (s, g) => { slot = s; generation = g; } });
    return new ExperimentHandle(this, handle, slot, generation);
  }

  /** Runs every point of a sweep on the pool (sweep.js); resolves with {table, points, result(i), stopped}. */
  sweep(spec, options) {
    return runSweep(this, spec, options);
  }

  /** The points of a sweep spec, expanded by the core (the same order as the CLI's manifest). */
  sweepPoints(spec) {
    return this._transport.request({ type: 'sweepPoints', spec: specText(spec) });
  }

  /** The version of the wasm core. */
  version() {
    return this._transport.request({ type: 'version' });
  }

  /** The pool and each worker's memory (worker_pool.js, stats()). */
  stats() {
    return this._transport.stats();
  }

  /** Stops every worker; pending calls reject. A later call starts new workers. */
  terminate() {
    this._transport.restart('worker: terminated');
  }

  /**
   * Ends every worker at once, even in the middle of a long step, and starts new ones on the next
   * call. Pending and queued calls reject with "worker: restarted"; experiments opened before are lost.
   */
  restart() {
    this._transport.restart('worker: restarted');
  }
}

// The transport's progress events to the caller's listeners: those from inside a chunk (with partial)
// to onPartial, the others (after each chunk) to onProgress, whose contract they keep.
function progressOf(onProgress, onPartial) {
  if (!onProgress && !onPartial) return undefined;
  return (p) => {
    if (p?.partial === undefined) onProgress?.(p);
    else onPartial?.(p);
  };
}

// A sweep spec as JSON text for the core: typed arrays become plain arrays.
function specText(spec) {
  if (typeof spec === 'string') return spec;
  if (spec === null || typeof spec !== 'object') throw new Error('sweep: the spec must be {base, grid} or a list of configs');
  return JSON.stringify(spec, (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value));
}

/**
 * An experiment living in a worker. Calls on one handle run one after another, in the order made;
 * close() frees it.
 */
export class ExperimentHandle {
  constructor(client, handle, slot, generation) {
    this._client = client;
    this._handle = handle;
    this._slot = slot;              // the worker it lives in (transport-specific)
    this._generation = generation;  // that worker's generation: a newer one means it was lost
    this._queue = Promise.resolve();
  }

  _call(message, options = {}) {
    const run = () => this._client._transport.request({ ...message, handle: this._handle },
      { ...options, slot: this._slot, generation: this._generation });
    const p = this._queue.then(run, run);
    this._queue = p.catch(() => {});
    return p;
  }

  /** Advances up to n steps (to the end if omitted); resolves with {position, total, done, stopped,
   *  series: {loss, ...}} (the series option as for run). Aborting the signal pauses after the
   *  current chunk; aborting killSignal ends the step at once and loses the experiment (its worker is
   *  replaced: code 'killed'). */
  step(n, options) {
    try {
      checkStepCount(n);
      checkCallOptions('step', options, ['onProgress', 'onPartial', 'signal', 'killSignal', 'series']);
    } catch (e) {
      return Promise.reject(e);
    }
    const { onProgress, onPartial, signal, killSignal, series } = options ?? {};
    return this._call({ type: 'step', n, ...(series ? { series } : {}) },
      { onProgress: progressOf(onProgress, onPartial), signal, killSignal });
  }

  /** The state: {format, version, kind, config, step, scalars, state, arrays: {name: {shape, data}}}. */
  snapshot() { return this._call({ type: 'snapshot' }); }

  /** Puts back a snapshot of an experiment with the same config (only steps may differ). */
  restore(checkpoint) { return this._call({ type: 'restore', checkpoint }); }

  /** The result of what has run so far; stopped is true until the last step is done. */
  result() { return this._call({ type: 'getResult' }); }

  /** Deletes the experiment in the worker. */
  close() { return this._call({ type: 'close' }); }
}

// The low-level functions (functions.js), each run on the pool: client.twoNN(points, options) and so on.
for (const name of functionNames) {
  Client.prototype[name] = function lowLevelFunction(...args) {
    return this._transport.request({ type: 'call', name, args });
  };
}

