// A pool of workers, one wasm module each, that runs the JS API's requests (worker.js protocol).
//   Work (run, open, call, sweepPoints) goes to the first idle worker, else waits in one queue, first in,
//   first out; calls on a held-open experiment go to the worker that holds it, after the run in progress
//   there. Control requests (version, stats) go at once to a live worker, which answers between chunks.
//   A worker that crashes fails only what it was doing (its run, its held experiments) and is
//   replaced on next use; Stop reaches queued and running requests; a run that does not answer Stop
//   within stopTimeoutMs, plus 1.5x the time its chunk in progress still needs (estimated from the
//   chunk's partial progress while it sends some, unless that is over STEP_WAIT_MAX_MS, and never less than
//   1.5x the longest chunk it has run: a run of long steps ends the step it is in and keeps what it did),
//   has its worker replaced. A request's killSignal ends it at once: its worker is replaced whatever the
//   step it is in (a reader's second press of Stop), and nothing of the run is kept.
// The pool starts workers lazily, or all at once when asked to prewarm, and prefers started ones (after
// those holding fewer experiments, so that experiments held open spread over the workers), so a page
// that runs one thing at a time uses one worker. No SharedArrayBuffer: any static host and any iframe can run it.

const CONTROL = new Set(['version', 'stats', 'sweepPoints']);

// Stop waits for the step in progress only when its partial progress says it ends within this long: a
// step that would need longer (a Hessian power iteration of thousands of rounds) has its worker replaced
// after stopTimeoutMs (plus the longest-chunk rule), so that Stop never leaves a page waiting minutes.
export const STEP_WAIT_MAX_MS = 60000;

/** An Error with a code that callers can test (e.g. 'stop-timeout', 'not-started'). */
export function poolError(message, code) {
  const e = new Error(message);
  if (code) e.code = code;
  if (code === 'not-started') e.name = 'AbortError';
  return e;
}

class Slot {
  constructor(index) {
    this.index = index;
    this.worker = null;
    this.generation = 0;  // bumped when the worker is replaced: experiments held there are lost
    this.busy = null;     // the work entry running here
    this.pinned = [];     // queued calls on experiments held here
    this.open = 0;        // experiments held here
    this.control = new Set();  // ids of control requests sent here
  }
}

export class WorkerPool {
  /**
   * @param createWorker  () => a Worker-like object (postMessage, onmessage, onerror, terminate)
   * @param size          how many workers at most
   * @param stopTimeoutMs a running request that does not settle this long after its Stop (plus 1.5x
   *                      the time its chunk still needs) has its worker replaced (0: never)
   */
  constructor({ createWorker, size, stopTimeoutMs = 3000 }) {
    this._createWorker = createWorker;
    this._slots = [];
    this._queue = [];       // work entries waiting for any worker
    this._entries = new Map();  // id -> entry sent to a worker
    this._nextId = 1;
    this.stopTimeoutMs = stopTimeoutMs;
    this.resize(size);
  }

  get size() { return this._size; }

  /** Sets how many workers may run. Workers beyond the new size finish what they do (and keep the
   *  experiments they hold) but take no new work. */
  resize(size) {
    this._size = size;
    while (this._slots.length < size) this._slots.push(new Slot(this._slots.length));
    for (const slot of this._slots.slice(size)) this._retireIfIdle(slot);
    this._dispatch();
  }

  /** Starts the pool's workers that are not running (each loads its wasm module at once), so that the
   *  first runs need not wait for that. A worker that cannot start fails the first request sent to it. */
  prewarm() {
    for (const slot of this._slots.slice(0, this._size)) {
      try {
        this._ensureWorker(slot);
      } catch {
        return;  // e.g. a Content-Security-Policy that forbids workers: the first request says so
      }
    }
  }

  /**
   * Sends a request; resolves with the worker's result. Options: onProgress, signal, killSignal, slot (a
   * slot from onSlot of an earlier request: run there, after what runs there now), generation (the slot's
   * generation the caller knows: a newer one means its experiment is lost), onSlot(slot, generation).
   */
  request(message, { onProgress, signal, killSignal, slot, generation, onSlot } = {}) {
    return new Promise((resolve, reject) => {
      const entry = { message, onProgress, resolve, reject, signal, killSignal, onSlot, slot: null, id: 0,
        longestChunkMs: 0, chunkSince: 0, finishBy: null };
      if (slot && generation !== undefined && slot.generation !== generation) {
        reject(poolError('experiment: lost when the worker restarted; open it again', 'lost'));
        return;
      }
      if (killSignal?.aborted && !CONTROL.has(message.type)) {
        reject(poolError(`${message.type}: stopped before it started`, 'not-started'));
        return;
      }
      if (signal) {
        entry.abort = () => this._abort(entry);
        if (signal.aborted) {
          // A Stop before the start: nothing to cancel in a worker.
          if (!slot && !CONTROL.has(message.type)) {
            reject(poolError(`${message.type}: stopped before it started`, 'not-started'));
            return;
          }
        } else {
          signal.addEventListener('abort', entry.abort, { once: true });
        }
      }
      if (killSignal && !killSignal.aborted) {
        entry.kill = () => this._kill(entry);
        killSignal.addEventListener('abort', entry.kill, { once: true });
      }
      if (CONTROL.has(message.type)) this._send(slot ?? this._liveSlot(), entry, true);
      else if (slot) { slot.pinned.push(entry); entry.pinnedTo = slot; }
      else this._queue.push(entry);
      this._dispatch();
    });
  }

  /** Ends every worker at once; every pending and queued request rejects with `message`. */
  restart(message = 'worker: restarted') {
    const queued = this._queue.splice(0);
    for (const slot of this._slots) this._replace(slot, message);
    for (const entry of queued) this._fail(entry, poolError(message, 'restarted'));
  }

  /**
   * The pool: {workers (its size), started, busy, queued (work waiting for a worker), open (held
   * experiments), heapBytes and usedBytes (summed over started workers), perWorker: [{started, busy,
   * open, heapBytes, usedBytes}] (the pool's workers, then any still running beyond a reduced size)}.
   * Asks each started worker for its memory; starts none.
   */
  async stats() {
    // Workers beyond a reduced size are listed while they still run (finishing work, holding experiments).
    const listed = this._slots.filter((slot) => slot.index < this._size || slot.worker);
    const perWorker = await Promise.all(listed.map(async (slot) => {
      const memory = slot.worker ? await this.request({ type: 'stats' }, { slot }) : { heapBytes: 0, usedBytes: 0, open: 0 };
      return { started: Boolean(slot.worker), busy: Boolean(slot.busy), ...memory };
    }));
    const sum = (key) => perWorker.reduce((n, w) => n + w[key], 0);
    return {
      workers: this._size, started: perWorker.filter((w) => w.started).length, busy: perWorker.filter((w) => w.busy).length,
      queued: this._queue.length + this._slots.reduce((n, s) => n + s.pinned.length, 0),
      open: sum('open'), heapBytes: sum('heapBytes'), usedBytes: sum('usedBytes'), perWorker,
    };
  }

  // A slot with a live worker for a control request: the first started one, else slot 0.
  _liveSlot() {
    return this._slots.find((s) => s.worker) ?? this._slots[0];
  }

  // Starts queued work on idle slots: pinned calls first, then the shared queue on the started
  // slots, then on new ones, lowest index first.
  _dispatch() {
    for (const slot of this._slots) {
      if (!slot.busy && slot.pinned.length) this._send(slot, slot.pinned.shift());
    }
    // Fewest held experiments first (their calls wait behind whatever runs on their worker), then
    // started workers, then the lowest index.
    const idle = () => this._slots.slice(0, this._size).filter((s) => !s.busy && !s.pinned.length)
      .sort((a, b) => (a.open - b.open) || (Boolean(b.worker) - Boolean(a.worker)) || (a.index - b.index));
    while (this._queue.length) {
      const [slot] = idle();
      if (!slot) break;
      this._send(slot, this._queue.shift());
    }
  }

  _send(slot, entry, control = false) {
    let worker;
    try {
      worker = this._ensureWorker(slot);
    } catch (e) {  // e.g. a page whose Content-Security-Policy forbids workers
      entry.signal?.removeEventListener('abort', entry.abort);
      entry.killSignal?.removeEventListener('abort', entry.kill);
      entry.reject(new Error(`worker: cannot be started (${e?.message ?? e})`));
      return;
    }
    entry.id = this._nextId++;
    entry.slot = slot;
    entry.generation = slot.generation;
    entry.control = control;
    if (control) slot.control.add(entry.id);
    else slot.busy = entry;
    this._entries.set(entry.id, entry);
    entry.chunkSince = performance.now();
    entry.onSlot?.(slot, slot.generation);
    try {
      worker.postMessage({ ...entry.message, id: entry.id, ...(entry.signal?.aborted ? { stopped: true } : {}) });
    } catch (e) {  // e.g. a config that cannot be cloned
      this._settle(entry);
      entry.reject(new Error(`config: cannot be sent to the worker (${e.message})`));
      this._dispatch();
    }
  }

  _ensureWorker(slot) {
    if (slot.worker) return slot.worker;
    const worker = this._createWorker();
    worker.onmessage = ({ data }) => {
      if (slot.worker !== worker) return;
      if (data?.type === 'fatal') this._replace(slot, `worker: the wasm module failed (${data.message}); it was restarted`);
      else this._receive(data);
    };
    worker.onerror = (event) => {
      event?.preventDefault?.();
      if (slot.worker !== worker) return;
      this._replace(slot, `worker: ${event?.message || 'the worker failed to start or crashed'}; it was restarted`);
    };
    slot.worker = worker;
    return worker;
  }

  // The slot's worker is gone or unusable: end it and fail what it was doing (the run, control
  // requests) and the queued calls on experiments it held; the next request starts a fresh worker.
  _replace(slot, message, code = 'restarted') {
    if (slot.worker) slot.worker.terminate();
    slot.worker = null;
    slot.generation++;
    slot.open = 0;
    const { busy, pinned } = slot;
    const control = [...slot.control].map((id) => this._entries.get(id)).filter(Boolean);
    slot.busy = null;
    slot.pinned = [];
    if (busy) this._fail(busy, busy.stopTimedOut ? poolError(busy.stopTimedOut, busy.stopCode ?? 'stop-timeout') : poolError(message, code));
    for (const entry of control) this._fail(entry, poolError(message, code));
    for (const entry of pinned) this._fail(entry, poolError('experiment: lost when the worker restarted; open it again', 'lost'));
    this._dispatch();
  }

  _retireIfIdle(slot) {
    if (slot.index >= this._size && slot.worker && !slot.busy && !slot.pinned.length && !slot.open && !slot.control.size) {
      slot.worker.terminate();
      slot.worker = null;
      slot.generation++;
    }
  }

  _abort(entry) {
    if (!entry.slot) {
      // Queued work never reached a worker: it ends here. A queued call on a held experiment is
      // still sent, marked stopped, so that it pauses at once as if stopped between chunks.
      if (!entry.pinnedTo) this._unqueue(entry);
      return;
    }
    if (!this._entries.has(entry.id)) return;
    entry.slot.worker?.postMessage({ type: 'cancel', id: entry.id });
    if (this.stopTimeoutMs > 0 && !entry.control) {
      // A run answers Stop between chunks: one whose steps take seconds (an sNTK measurement, say) gets
      // time to end the chunk it is in, so that Stop keeps what it did rather than losing the run. While
      // the chunk reports partial progress, the time it still needs comes from that (and a later report
      // can extend it); before, from the longest chunk so far.
      const stoppedAt = performance.now();
      // Never shorter than the longest-chunk rule: a step whose last part is silent (a dense
      // eigendecomposition) would otherwise look nearly done and lose its worker early.
      const stepLeft = () => {
        const left = entry.finishBy === null ? 0 : Math.ceil(entry.finishBy - stoppedAt);
        return left <= STEP_WAIT_MAX_MS ? left : 0;
      };
      const deadline = () => stoppedAt + this.stopTimeoutMs + Math.max(Math.ceil(1.5 * entry.longestChunkMs), stepLeft());
      const check = () => {
        if (!this._entries.has(entry.id) || entry.slot.busy !== entry) return;
        const left = deadline() - performance.now();
        if (left > 0) {
          entry.stopTimer = setTimeout(check, left);
          return;
        }
        const waitMs = deadline() - stoppedAt;
        entry.stopTimedOut = `stopped: the run did not answer Stop within ${+(waitMs / 1000).toFixed(1)} s, so its worker ` +
          'was restarted; nothing of it was kept';
        this._replace(entry.slot, 'worker: restarted because a run on it did not answer Stop');
      };
      entry.stopTimer = setTimeout(check, deadline() - stoppedAt);
    }
  }

  // Ends a request at once: queued, it does not start; sent, its worker is replaced (a held experiment's
  // step loses the experiment, as any restart does).
  _kill(entry) {
    if (!entry.slot) {
      this._unqueue(entry);
      return;
    }
    if (!this._entries.has(entry.id) || entry.slot.busy !== entry) return;
    entry.stopTimedOut = 'stopped at once: its worker was restarted; nothing of the run was kept';
    entry.stopCode = 'killed';
    this._replace(entry.slot, 'worker: restarted because a run on it was stopped at once');
  }

  // Work that never reached a worker leaves its queue (the pool's, or a held experiment's) and fails.
  _unqueue(entry) {
    const queue = entry.pinnedTo ? entry.pinnedTo.pinned : this._queue;
    const at = queue.indexOf(entry);
    if (at >= 0) queue.splice(at, 1);
    this._fail(entry, poolError(`${entry.message.type}: stopped before it started`, 'not-started'));
  }

  _receive({ type, id, progress, chunkMs, result, message }) {
    const entry = this._entries.get(id);
    if (!entry) return;
    if (type === 'progress') {
      const now = performance.now();
      if (progress?.partial > 0) {
        // The chunk is this far after this long: it ends in about the same rate's time; Stop waits 1.5x that.
        const elapsed = now - entry.chunkSince;
        entry.finishBy = now + 1.5 * elapsed * (1 - Math.min(progress.partial, 1)) / progress.partial;
      } else if (progress?.partial === undefined) {
        if (chunkMs > entry.longestChunkMs) entry.longestChunkMs = chunkMs;
        entry.chunkSince = now;
        entry.finishBy = null;
      }
      entry.onProgress?.(progress);
      return;
    }
    const slot = entry.slot;
    this._settle(entry);
    if (type === 'result') {
      if (entry.message.type === 'open') slot.open++;
      if (entry.message.type === 'close') slot.open = Math.max(0, slot.open - 1);
      entry.resolve(result);
    } else {
      const error = new Error(message);
      if (result) error.result = result;  // a run that failed on the way: its last finite state
      entry.reject(error);
    }
    this._retireIfIdle(slot);
    this._dispatch();
  }

  // Forgets a sent entry and frees its slot.
  _settle(entry) {
    this._entries.delete(entry.id);
    if (entry.slot?.busy === entry) entry.slot.busy = null;
    entry.slot?.control.delete(entry.id);
    clearTimeout(entry.stopTimer);
    entry.signal?.removeEventListener('abort', entry.abort);
    entry.killSignal?.removeEventListener('abort', entry.kill);
  }

  _fail(entry, error) {
    this._settle(entry);
    entry.reject(error);
  }
}
