// experiment(config) in a notebook: starts an rnnbook experiment in the worker and returns a Run at
// once. Cells can follow its progress (liveCurve), await run.result, or stop it. The cell that
// created it shows a progress bar with a Stop button; re-running that cell stops the old run.

export class Run extends EventTarget {
  /** options: label (for legends), series (names of series to stream, for kinds that record more than loss),
   *  chunkMs (ms of work between progress events, default 50: less for figures that animate the run) */
  constructor(api, config, { label, series, chunkMs } = {}) {
    super();
    this._api = api;
    this.config = config;
    this.label = label ?? '';
    this.position = 0;
    this.total = 0;
    // Inside a chunk of long steps: the fraction of it done (0 to 1) and its steps (partialSteps);
    // 0 between chunks.
    this.partial = 0;
    this.partialSteps = 0;
    this.series = { loss: [] };
    this.state = 'running';  // running | done | stopped | failed
    this.error = null;
    this._abort = new AbortController();
    this._kill = new AbortController();
    const options = { signal: this._abort.signal, killSignal: this._kill.signal, onProgress: (p) => this._progress(p), onPartial: (p) => this._partial(p) };
    if (series) options.series = series;
    if (chunkMs) options.chunkMs = chunkMs;
    this.result = api.run(config, options)
      .then((result) => {
        this.state = result.stopped ? 'stopped' : 'done';
        this.position = result.scalars?.steps_done ?? this.position;
        this._emit();
        return result;
      }, (error) => {
        // Stop that the run could not hear (its worker was replaced: 'stop-timeout'), or Stop while
        // it waited for a free worker ('not-started'): stopped, with nothing kept.
        // stopNow() ended it ('killed').
        const stopped = (this._abort.signal.aborted && (error.code === 'stop-timeout' || error.code === 'not-started')) ||
          (this._kill.signal.aborted && (error.code === 'killed' || error.code === 'not-started'));
        this.state = stopped ? 'stopped' : 'failed';
        this.error = error;
        this._emit();
        throw error;
      });
    this.result.catch(() => {});  // a failure is shown at the cell; avoid an unhandled rejection
  }

  /** Stops the run; `result` then resolves with what was computed so far (stopped: true). A run
   *  stuck in one long step cannot hear that: the API replaces its worker after its stop timeout
   *  (3 s by default, rnnbook.configure({stopTimeoutMs}), plus 1.5x the time its step still needs, worker_pool.js). */
  stop() {
    if (this.state !== 'running' || this._abort.signal.aborted) return;
    this._abort.abort();
    this._emit();  // the cell shows that the step in progress is being finished
  }

  /** Ends the run at once, even inside a long step: its worker is replaced and nothing of it is kept
   *  (a reader's second press of Stop, when finishing the step would take too long). */
  stopNow() {
    if (this.state !== 'running' || this._kill.signal.aborted) return;
    this._kill.abort();
    this._emit();
  }

  /** When the run's first progress came (a performance.now() time): it had a worker; null before. */
  get computingSince() { return this._since ?? null; }

  /** The fraction of the run done, moving inside long steps too. */
  get fraction() { return this.total ? Math.min(1, (this.position + this.partial * this.partialSteps) / this.total) : 0; }

  /** True after stop() while the run still ends the step it is in. */
  get stopping() { return this.state === 'running' && this._abort.signal.aborted; }

  /** About how many ms the chunk in progress still needs, at the pace of its partial progress; null when unknown. */
  get chunkMsLeft() {
    const from = this._chunkFrom, last = this._lastPartial;
    if (!from || !last || !(last.partial > from.partial)) return null;
    const msLeftThen = (last.at - from.at) * (1 - last.partial) / (last.partial - from.partial);
    return Math.max(0, msLeftThen - (performance.now() - last.at));
  }

  /** Units of work (training steps) per second since the run's first progress, null before its second:
   *  the time a run waited for a free worker does not count. */
  get rate() {
    if (this._since == null || this.position <= this._fromPosition) return null;
    const seconds = (performance.now() - this._since) / 1000;
    return seconds > 0 ? (this.position - this._fromPosition) / seconds : null;
  }

  _progress({ position, total, series }) {
    if (this._since == null) { this._since = performance.now(); this._fromPosition = position; }
    this._chunkFrom = { partial: 0, at: performance.now() };  // the next chunk starts now
    this._lastPartial = null;
    this.partial = 0;
    this.partialSteps = 0;
    this.position = position;
    this.total = total;
    for (const [name, values] of Object.entries(series ?? {})) {
      const into = (this.series[name] ??= []);
      for (const v of values) into.push(v);
    }
    this._emit();
  }

  _partial({ position, total, partial, chunk }) {
    if (this._since == null) { this._since = performance.now(); this._fromPosition = position; }
    this._lastPartial = { partial, at: performance.now() };
    this._chunkFrom ??= this._lastPartial;  // the first chunk: paced from its first report on
    this.position = position;
    this.total = total;
    this.partial = partial;
    this.partialSteps = chunk;
    this._emit();
  }

  _emit() { this.dispatchEvent(new Event('change')); }
}
