// experiment(config) in a notebook: starts an rnnbook experiment in the worker and returns a Run at
// once. Cells can follow its progress (liveCurve), await run.result, or stop it. The cell that
// created it shows a progress bar with a Stop button; re-running that cell stops the old run.

export class Run extends EventTarget {
  /** options: label (for legends), series (names of series to stream, for kinds that record more than loss),
   *  chunkMs (ms of work between progress events, default 50: less for figures that animate the run) */
  constructor(api, config, { label, series, chunkMs, stopTimeoutMs = 3000 } = {}) {
    super();
    this._api = api;
    this._stopTimeoutMs = stopTimeoutMs;
    this.config = config;
    this.label = label ?? '';
    this.position = 0;
    this.total = 0;
    this.series = { loss: [] };
    this.state = 'running';  // running | done | stopped | failed
    this.error = null;
    this._abort = new AbortController();
    const options = { signal: this._abort.signal, onProgress: (p) => this._progress(p) };
    if (series) options.series = series;
    if (chunkMs) options.chunkMs = chunkMs;
    this.result = api.run(config, options)
      .then((result) => {
        this.state = result.stopped ? 'stopped' : 'done';
        this.position = result.scalars?.steps_done ?? this.position;
        this._emit();
        return result;
      }, (error) => {
        if (this._forced) {  // Stop had to restart the worker: nothing of this run survived
          error = new Error(`stopped: the run did not answer Stop within ${this._stopTimeoutMs / 1000} s, so its worker ` +
                            'was restarted; nothing of it was kept');
        }
        this.state = this._forced ? 'stopped' : 'failed';
        this.error = error;
        this._emit();
        throw error;
      });
    this.result.catch(() => {});  // a failure is shown at the cell; avoid an unhandled rejection
  }

  /** Stops the run; `result` then resolves with what was computed so far (stopped: true). A run
   *  stuck in one long step cannot hear that: after stopTimeoutMs its worker is restarted. */
  stop() {
    if (this.state !== 'running' || this._abort.signal.aborted) return;
    this._abort.abort();
    setTimeout(() => {
      if (this.state !== 'running' || !this._api.restart) return;
      this._forced = true;
      this._api.restart();
    }, this._stopTimeoutMs);
  }

  get fraction() { return this.total ? this.position / this.total : 0; }

  _progress({ position, total, series }) {
    this.position = position;
    this.total = total;
    for (const [name, values] of Object.entries(series ?? {})) {
      const into = (this.series[name] ??= []);
      for (const v of values) into.push(v);
    }
    this._emit();
  }

  _emit() { this.dispatchEvent(new Event('change')); }
}
