// Runs experiments on a loaded rnnbook wasm module, in chunks: between chunks it reports progress
// and yields to the event loop so that a cancel request can arrive. Used by the Web Worker
// (worker.js) and directly by the node tests; it touches no DOM and no worker API.
import { callChecked, createExperiment } from './module_errors.js';

/** Turns a config object or JSON string into the JSON string the core parses (typed arrays become
 *  plain arrays). */
export function configText(config) {
  if (typeof config === 'string') return config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('config: must be an object or a JSON string');
  }
  return JSON.stringify(config, (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value));
}

const yieldToEvents = () => new Promise((resolve) => setTimeout(resolve, 0));

// Inside a long chunk (an sNTK measurement of minutes, say) the core reports how far it got: a progress
// event with `partial` at most this often.
const PARTIAL_MS = 150;

// JSON has no NaN: the core writes non-finite scalars as null.
function nullsToNaN(scalars) {
  for (const [k, v] of Object.entries(scalars)) if (v === null) scalars[k] = NaN;
  return scalars;
}

/**
 * An experiment held open on the module: step it, take its result, snapshot and restore it.
 * Call close() to free the C++ object.
 */
export class Session {
  constructor(M, config) {
    this._M = M;
    this._e = createExperiment(M, configText(config));  // throws Error naming the field
    this._chunk = 1;
  }

  _call(name, ...args) { return callChecked(this._M, this._e, name, ...args); }

  // Whether this kind records the series `name` (switching, forecast, ... have no "loss").
  _hasSeries(name) {
    try {
      this._call('series', name, 0);
      return true;
    } catch {
      return false;
    }
  }

  get position() { return this._e.position(); }
  get total() { return this._e.total(); }
  get done() { return this._e.done(); }

  /**
   * Advances up to n steps (all that are left when n is omitted) in chunks of about chunkMs.
   * `series` names the recorded series to report (default ['loss'] when the kind records a loss, else
   * none; e.g. 'pr' of kind "sntk", 'elbo' of kind "switching"):
   * each progress event carries the values new since the previous one. Inside a chunk of long steps,
   * onPartial({position, chunk, total, partial}) is called at most every PARTIAL_MS: the chunk of
   * `chunk` steps from `position` on is the fraction `partial` (0 to 1) done.
   * @returns {position, total, done, series: {loss, ...}, stopped}: the values of these steps, and
   *          stopped when isCancelled() ended it early. Rejects when training diverges; the
   *          session then still holds the last finite state.
   */
  async step(n = Infinity, { onProgress, onPartial, isCancelled = () => false, chunkMs = 50, series } = {}) {
    const e = this._e;
    series ??= this._hasSeries('loss') ? ['loss'] : [];
    const start = e.position();
    // Values already recorded per series (loss: one per step; others, e.g. per measurement).
    const seriesOf = (name, from) => this._call('series', name, from);
    const base = Object.fromEntries(series.map((name) => [name, seriesOf(name, 0).length]));
    const sent = { ...base };
    const fresh = () => {
      const out = {};
      for (const name of series) {
        out[name] = seriesOf(name, sent[name]);
        sent[name] += out[name].length;
      }
      return out;
    };
    const end = Math.min(e.total(), start + n);
    let stopped = false;
    let partialOf = null;  // the chunk in progress, for the core's reports inside it
    const partials = Boolean(onPartial) && typeof e.setProgress === 'function';
    if (partials) {
      e.setProgress((partial) => {
        if (!partialOf) return;
        try {
          onPartial({ ...partialOf, total: e.total(), partial });
        } catch { /* a throwing listener must not unwind through the core's step */ }
      }, PARTIAL_MS);
    }
    try {
      while (e.position() < end) {
        if (isCancelled()) {
          stopped = true;
          break;
        }
        const from = e.position();
        const t0 = performance.now();
        const chunk = Math.min(this._chunk, end - from);
        partialOf = { position: from, chunk };
        this._call('step', chunk);
        partialOf = null;
        const ms = performance.now() - t0;
        // Grow or shrink the chunk so one takes about chunkMs: responsive Stop, little overhead.
        this._chunk = Math.max(1, Math.min(this._chunk * 4, Math.round(this._chunk * chunkMs / Math.max(ms, 1e-3))));
        // The chunk's milliseconds go along for the pool: Stop waits for a chunk that long (worker_pool.js).
        if (onProgress) onProgress({ position: e.position(), total: e.total(), series: fresh() }, ms);
        await yieldToEvents();
      }
    } finally {
      partialOf = null;
      if (partials) e.setProgress(null, PARTIAL_MS);
    }
    const all = Object.fromEntries(series.map((name) => [name, seriesOf(name, base[name])]));
    return { position: e.position(), total: e.total(), done: e.done(), stopped, series: all };
  }

  /** The result of what has run so far (the experiment contract); stopped is true before the end. */
  result() {
    const summary = JSON.parse(this._call('finish'));
    for (const [name, array] of Object.entries(summary.arrays)) array.data = this._call('array', name);
    summary.stopped = !this._e.done();
    nullsToNaN(summary.scalars);
    return summary;
  }

  /** {format, version, kind, config, step, scalars, state, arrays: {name: {shape, data}}}. */
  snapshot() {
    const cp = JSON.parse(this._call('snapshot'));
    for (const [name, array] of Object.entries(cp.arrays)) array.data = this._call('snapshotArray', name);
    nullsToNaN(cp.scalars);
    return cp;
  }

  /** Restores a snapshot (as snapshot() returns it; arrays may be {shape, data} or a 1-d array). */
  restore(checkpoint) {
    if (checkpoint === null || typeof checkpoint !== 'object' || Array.isArray(checkpoint)) {
      throw new Error('snapshot: must be an object as snapshot() returns it');
    }
    const { arrays = {}, ...header } = checkpoint;
    const shapes = {};
    const data = {};
    for (const [name, a] of Object.entries(arrays)) {
      const values = ArrayBuffer.isView(a) || Array.isArray(a) ? a : a?.data;
      if (!values || typeof values.length !== 'number') {
        throw new Error(`snapshot.arrays.${name}: must be {shape, data} or an array of numbers`);
      }
      shapes[name] = { shape: Array.isArray(a?.shape) ? a.shape : [values.length] };
      data[name] = values;
    }
    this._call('restore', JSON.stringify({ ...header, arrays: shapes }), data);
  }

  /** Deletes the C++ object; the session cannot be used afterwards. */
  close() {
    this._e?.delete();
    this._e = null;
  }
}

/** Opens a session on module M (throws an Error naming the field for a bad config). */
export function openExperiment(M, config) {
  return new Session(M, config);
}

/**
 * @param M        the module returned by createRnnbook()
 * @param config   experiment config (object or JSON string)
 * @param options  { onProgress({position, total, series: {loss: Float64Array, ...}}), isCancelled(),
 *                   onPartial({position, chunk, total, partial}) inside chunks of long steps (Session.step),
 *                   chunkMs: target duration of one chunk (default 50), series: names to stream
 *                   (default ['loss'] when the kind records one) }
 * @returns the result: { kind, version, seed, config, scalars, arrays: {name: {shape, data}},
 *          timing_ms, stopped }. When training diverges it rejects with an Error whose `result` is
 *          the result of the last finite state.
 */
export async function runExperiment(M, config, options = {}) {
  const session = new Session(M, config);
  try {
    let stopped;
    try {
      ({ stopped } = await session.step(Infinity, options));
    } catch (e) {
      // Diverged: the error carries the result of the last finite state (error.result), as the
      // CLI keeps result.json beside its message.
      if (e instanceof Error && !(e instanceof WebAssembly.RuntimeError)) {
        try { e.result = session.result(); } catch { /* the module itself failed: no result */ }
      }
      throw e;
    }
    const result = session.result();
    result.stopped = stopped;
    return result;
  } finally {
    session.close();
  }
}

