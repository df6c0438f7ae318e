// A live notebook on the page: renders the compiled prose, gives every cell its frame (output,
// progress with Stop, messages, tools) and runs the cells on @observablehq/runtime through
// notebook-kit's define(). Cells can be redefined (Run after an edit) without touching the others.
import { Runtime } from '@observablehq/runtime';
import { define } from 'nbkit:define';
import { clear, observe } from 'nbkit:display';
import { builtins } from './stdlib/index.js';
import { computeMs } from './kept-runs.js';
import { STEP_WAIT_MAX_MS } from '../lib/worker_pool.js';

const PROGRESS_MS = 100;  // a cell's progress bar and text follow its runs at most 10 times a second

let runningCell = null;  // the cell whose body is executing now (synchronously)
const TRACKED = new Set(['run', 'sweep']);  // the rnnbook calls that start work the page would lose

export class Notebook extends EventTarget {
  /**
   * @param root     element to render into
   * @param module   compiled notebook: {name, meta, html, cells, warnings}
   * @param api      the rnnbook JS API
   * @param hash     HashState for control values (or null)
   * @param only     cell ids to show (embedding); the others still run, hidden
   */
  constructor(root, module, { api, hash = null, only = null } = {}) {
    super();
    this.root = root;
    this.module = module;
    this.only = only ? new Set(only) : null;
    this.cells = new Map();
    // 'ended': a cell's current run stopped or failed, so its form's Run button may send the same values again.
    this.runsEnded = new EventTarget();
    // Work the page would lose (kept-runs.js): per cell, runs going on (each with when its compute began)
    // and compute finished since the last save; `_loose` holds what no cell started (a cell's code calls
    // rnnbook and experiment as its own, also after an await: _ownBuiltin). A re-run of a cell replaces its work.
    this._loose = newWork();
    const shared = builtins({
      api, cellApi: this._trackingApi(api), hash, root, onRun: (run) => this._attachRun(run), runsEnded: this.runsEnded,
    });
    this._shared = { rnnbook: shared.rnnbook(), experiment: shared.experiment() };
    this.runtime = new Runtime(shared);
    this.main = this.runtime.module();
    // A download made from the notebook (a Save menu, a notebook's own save button) keeps the runs so far.
    this._onDownload = (e) => { if (e.target instanceof Element && e.target.closest('a[download]')) this.markSaved(); };
    root.ownerDocument.addEventListener('click', this._onDownload, true);
  }

  /**
   * The notebook's runs (of the cells `ids`, default all) still going, the ms they computed so far, and the ms
   * of compute of finished runs not saved since: {running, computing (those that had a worker), runningMs, unsavedMs}.
   * 'runs' events follow starts and ends.
   */
  runsAtRisk(ids = null) {
    const works = ids ? [...ids].map((id) => this.cells.get(id)?.work).filter(Boolean)
      : [this._loose, ...[...this.cells.values()].map((e) => e.work)];
    const now = performance.now();
    const risk = { running: 0, computing: 0, runningMs: 0, unsavedMs: 0 };
    for (const work of works) {
      for (const since of work.running) {
        risk.running += 1;
        const t = since();
        if (t != null) { risk.computing += 1; risk.runningMs += Math.max(0, now - t); }
      }
      risk.unsavedMs += work.unsavedMs;
    }
    return risk;
  }

  /** The cells `ids` and the cells that use their names, directly or through other cells. */
  withDependants(ids) {
    const found = new Set(ids);
    for (let grew = true; grew;) {
      grew = false;
      const names = new Set([...found].flatMap((id) => this.cells.get(id)?.definition?.outputs ?? []));
      for (const [id, entry] of this.cells) {
        if (found.has(id) || !(entry.definition?.inputs ?? []).some((n) => names.has(n))) continue;
        found.add(id);
        grew = true;
      }
    }
    return found;
  }

  /** The reader saved: the runs finished so far count as kept. */
  markSaved() {
    for (const w of [this._loose, ...[...this.cells.values()].map((e) => e.work)]) w.unsavedMs = 0;
    this.dispatchEvent(new Event('runs'));
  }

  render() {
    this.root.innerHTML = this.module.html;
    this.root.classList.add('nb-notebook');
    for (const cell of this.module.cells) {
      const slot = this.root.querySelector(`[data-cell="${CSS.escape(cell.id)}"]`);
      if (!slot) continue;
      const frame = cell.inline ? inlineFrame(slot) : cellFrame(slot, cell, this);
      const entry = { cell, frame, state: { root: frame.output, expanded: [], variables: [] }, runs: new Set(), value: undefined, work: newWork() };
      this.cells.set(cell.id, entry);
      if (this.only && !this.only.has(cell.id)) slot.hidden = true;
      this._define(entry, cell);
    }
    if (this.only) this._hideProse();
    return this;
  }

  /** Replaces a cell's definition (e.g. after an edit); dependants re-run, nothing else does. */
  redefine(id, definition) {
    const entry = this.cells.get(id);
    if (!entry) throw new Error(`no cell "${id}"`);
    const names = entry.definition.outputs ?? [];
    this._replace(entry, { ...entry.cell, ...definition, error: definition.error });
    // A name defined twice ended the generator (a view's value) of the cell that also defines it: once
    // the duplicate goes, the runtime would wait on that ended generator forever, so that cell runs again.
    for (const other of this.cells.values()) {
      if (other !== entry && names.some((n) => other.definition.outputs?.includes(n) && generatorish(other.value?.[n]))) {
        this._replace(other, other.definition);
      }
    }
  }

  /** Resolves once no cell is computing and no experiment of the notebook runs (checked twice a second). */
  whenIdle() {
    const busy = () => [...this.cells.values()].some((e) => e.frame.slot?.dataset.status === 'running'
      || [...e.runs].some((r) => r.state === 'running'));
    return new Promise((resolve) => {
      const check = () => (busy() ? setTimeout(check, 500) : resolve());
      setTimeout(check, 500);
    });
  }

  /** Stops every running experiment in the notebook. */
  stopAll() {
    for (const entry of this.cells.values()) this._stopRuns(entry);
  }

  destroy() {
    this.stopAll();
    this.runtime.dispose();
    this.root.ownerDocument.removeEventListener('click', this._onDownload, true);
  }

  /**
   * `promise` (a run's or sweep's result) counts as running in the work of the cell running now, computing
   * since `since()` (a performance.now() time, null while it waits for a worker), then as its compute.
   */
  _track(promise, since) {
    const work = runningCell?.work ?? this._loose;
    work.running.add(since);
    this.dispatchEvent(new Event('runs'));
    promise.then(computeMs, () => 0).then((ms) => {  // failed, or stopped with nothing kept: nothing to lose
      work.running.delete(since);
      work.unsavedMs += ms;
      this.dispatchEvent(new Event('runs'));
    });
  }

  /** The rnnbook API that cells see: its run() and sweep() (TRACKED) are tracked (experiment() runs are, in _attachRun). */
  _trackingApi(api) {
    const tracked = {
      run: (...args) => { const p = api.run(...args); const t = performance.now(); this._track(p, () => t); return p; },
      sweep: (...args) => { const p = api.sweep(...args); const t = performance.now(); this._track(p, () => t); return p; },
    };
    return new Proxy(api, {
      get: (target, key) => (Object.hasOwn(tracked, key) ? tracked[key]
        : typeof target[key] === 'function' ? target[key].bind(target) : target[key]),
    });
  }

  /**
   * The cell's own `rnnbook` or `experiment` for the shared builtin `value` (any other value as it is): a call
   * made while no cell body runs (after an await in the cell's code) counts as the cell's; one made while a
   * body runs (a function of this cell called by another) counts as that body's cell, as before.
   */
  _ownBuiltin(entry, value) {
    const asCell = (call) => {
      if (runningCell) return call();
      runningCell = entry;
      try {
        return call();
      } finally {
        runningCell = null;
      }
    };
    if (value === this._shared.experiment) {
      return (entry.experiment ??= (...args) => asCell(() => value(...args)));
    }
    if (value === this._shared.rnnbook) {
      return (entry.rnnbook ??= new Proxy(value, {
        get: (target, key) => (TRACKED.has(key) ? (...args) => asCell(() => target[key](...args)) : target[key]),
      }));
    }
    return value;
  }

  _replace(entry, cell) {
    for (const v of entry.state.variables) v.delete();
    entry.state.variables = [];
    this._stopRuns(entry);
    this._define(entry, cell);
  }

  _define(entry, cell) {
    const { frame } = entry;
    frame.setMessage(cell.warning ?? null, 'warning');
    if (cell.error || !cell.body) {
      // The compiler's message starts with the error's name, which the inspector shows again.
      const message = (cell.error ?? 'this cell could not be compiled').replace(/^SyntaxError: /, '');
      cell = { ...cell, inputs: [], outputs: [], autodisplay: false, body: () => { throw new SyntaxError(message); } };
    }
    entry.definition = cell;  // what the cell runs now: the author's code, an edit, or its error
    const body = cell.inline ? textOf(cell.body) : cell.body;
    const self = this;
    const wrapped = function (...args) {
      self._stopRuns(entry);  // a re-run replaces the cell's previous experiments
      const previous = runningCell;
      runningCell = entry;
      // 'body': the cell's code runs on this thread now (running: true) or has returned (false).
      self.dispatchEvent(new CustomEvent('body', { detail: { id: cell.id, running: true } }));
      try {
        return body.apply(this, args.map((value) => self._ownBuiltin(entry, value)));
      } finally {
        runningCell = previous;
        self.dispatchEvent(new CustomEvent('body', { detail: { id: cell.id, running: false } }));
      }
    };
    // Deleting a variable makes the runtime fulfil its old observer once more: ignore stale ones.
    const generation = (entry.generation = (entry.generation ?? 0) + 1);
    const live = () => entry.generation === generation;
    define(this.main, entry.state, { ...cell, body: wrapped }, (state, definition) => {
      const inner = observe(state, definition);
      return {
        _node: inner._node,
        pending() {
          if (!live()) return;
          frame.countEvaluation();
          frame.setStatus('running');
          inner.pending();
        },
        fulfilled(value, name) {
          if (!live()) return;
          entry.value = value;
          frame.setStatus('ok');
          inner.fulfilled(value, name);
          self.dispatchEvent(new CustomEvent('cell', { detail: { id: cell.id, status: 'ok' } }));
        },
        rejected(error, name) {
          if (!live()) return;
          frame.setStatus('error');
          // Another cell's error, passed on by the runtime to the cells that use its names: logged once, there.
          const from = self._failedCell(error);
          entry.failedCell = from ?? cell.id;
          if (from) {
            inner._error = true;  // the next run clears it, as after the inspector's own error
            clear(entry.state);
            entry.state.root.append(waitsOn(from, error));
          } else inner.rejected(error, name);
          self.dispatchEvent(new CustomEvent('cell', { detail: { id: cell.id, status: 'error', error } }));
        },
      };
    });
  }

  /** The cell (the first that failed) whose error `error` passes on, or null when it is the cell's own. */
  _failedCell(error) {
    if (error?.name !== 'RuntimeError' || typeof error.input !== 'string') return null;
    for (const e of this.cells.values()) {
      // Only a cell in error: a name defined twice passes on an error of no cell's own.
      if (e.cell.outputs?.includes(error.input) && e.frame.slot?.dataset.status === 'error') return e.failedCell ?? e.cell.id;
    }
    return null;
  }

  _attachRun(run) {
    this._track(run.result, () => run.computingSince);
    // Its compute begins (it had a worker): the sandbox's host counts from then.
    const began = () => {
      if (run.computingSince == null) return;
      run.removeEventListener('change', began);
      this.dispatchEvent(new Event('runs'));
    };
    run.addEventListener('change', began);
    const entry = runningCell;
    if (!entry) return;
    entry.runs.add(run);
    entry.frame.followRun(run);
    run.addEventListener('change', () => {
      // A run replaced by a re-run of its cell left entry.runs when it was stopped: it does not count.
      if ((run.state === 'stopped' || run.state === 'failed') && entry.runs.has(run)) {
        this.runsEnded.dispatchEvent(new Event('ended'));
      }
    });
  }

  _stopRuns(entry) {
    for (const run of entry.runs) run.stop();
    entry.runs.clear();
    // The cell runs again (or goes): what its runs computed is replaced, and nothing of it is lost by leaving.
    entry.work = newWork();
    this.dispatchEvent(new Event('runs'));
    entry.frame.clearRuns();
  }

  // Prose shows only around an inline value that was asked for: a sentence whose values are hidden
  // would read with holes in it.
  _hideProse() {
    for (const child of this.root.children) {
      if (child.matches('.nb-cell')) continue;
      if (![...child.querySelectorAll('.nb-inline')].some((s) => this.only.has(s.dataset.cell))) child.hidden = true;
    }
  }
}

const newWork = () => ({ running: new Set(), unsavedMs: 0 });

const generatorish = (value) => typeof value?.next === 'function' && typeof value?.return === 'function';

/** What a cell that uses a failed cell's names shows (styled as the inspector's errors). */
function waitsOn(id, error) {
  const node = document.createElement('div');
  node.className = 'observablehq observablehq--error nb-waits-on';
  node.dataset.waitsOn = id;
  node.textContent = `waits on cell ${id}: ${error.message}`;
  return node;
}

/** Inline ${...} values show as plain text, as in prose; nodes and objects as they are. */
function textOf(body) {
  const asText = (v) => (v == null || typeof v === 'object' || typeof v === 'function' ? v : document.createTextNode(String(v)));
  return function (...args) {
    const v = body.apply(this, args);
    return v instanceof Promise ? v.then(asText) : asText(v);
  };
}

function inlineFrame(slot) {
  return { output: slot, setStatus() {}, setMessage() {}, followRun() {}, clearRuns() {}, countEvaluation() {} };
}

/** A single run's progress line: "3 / 20 steps (41 % of this step), 0.05 steps/s", or while a Stop waits
 *  for the step in progress, "finishing the current step (about 12 s)". */
export function progressText(run) {
  if (!run.total) return 'starting...';
  if (run.stopping) {
    const left = run.chunkMsLeft;
    // The pool waits for a step that ends within STEP_WAIT_MAX_MS; a longer one loses its worker.
    if (left > STEP_WAIT_MAX_MS) return `stopping: the current step would need about ${Math.round(left / 1000)} s more`;
    return `finishing the current step${left == null ? '' : ` (about ${Math.max(1, Math.round(left / 1000))} s)`}`;
  }
  const rate = run.rate;
  const inside = run.partial > 0
    ? ` (${Math.floor(run.partial * 100)} % of ${run.partialSteps > 1 ? `the next ${run.partialSteps} steps` : 'this step'})` : '';
  return `${run.position} / ${run.total} steps${inside}${rate ? `, ${rate >= 10 ? rate.toFixed(0) : rate.toPrecision(2)} steps/s` : ''}`;
}

/** The frame around one block cell: output, progress + Stop, message line, tools. */
function cellFrame(slot, cell, notebook) {
  slot.classList.add('nb-cell');
  slot.innerHTML = `
    <div class="nb-output"></div>
    <div class="nb-progress" hidden>
      <progress max="1" value="0" aria-label="progress of cell ${cell.id}"></progress>
      <span class="nb-progress-text"></span>
      <button type="button" class="nb-stop">Stop</button>
    </div>
    <div class="nb-message" role="status" hidden></div>
    <div class="nb-tools"></div>`;
  const output = slot.querySelector('.nb-output');
  const progress = slot.querySelector('.nb-progress');
  const bar = progress.querySelector('progress');
  const text = progress.querySelector('.nb-progress-text');
  const stop = progress.querySelector('.nb-stop');
  const message = slot.querySelector('.nb-message');
  // The runs the cell started in its current evaluation: one progress bar and one Stop for all of them.
  let runs = [];
  // A second press ends the runs still finishing their step at once (the button says "Stop now" then).
  stop.addEventListener('click', () => { for (const run of runs) (run.stopping ? run.stopNow() : run.stop()); });
  const update = () => {
    if (!runs.length) return;
    const active = runs.some((r) => r.state === 'running');
    const failed = runs.find((r) => r.state === 'failed');
    progress.hidden = !active;
    const stopping = runs.some((r) => r.stopping);
    stop.textContent = stopping ? 'Stop now' : 'Stop';
    stop.title = stopping ? 'end the run at once: nothing of it is kept' : '';
    // The cell's state: running while any run is; then failed, stopped or done (the worst of them).
    slot.dataset.run = active ? 'running' : failed ? 'failed' : runs.some((r) => r.state === 'stopped') ? 'stopped' : 'done';
    if (runs.length === 1) {
      const [run] = runs;
      bar.value = run.fraction;
      text.textContent = progressText(run);
      if (run.state === 'failed') frame.setMessage(run.error?.message ?? String(run.error));
      else if (run.state === 'stopped') frame.setMessage(run.error?.message ?? `stopped at step ${run.position}`, 'info');
      else if (active) frame.setMessage(null);
      return;
    }
    // Several runs (they share the page's worker pool: some run, the rest wait for a free worker).
    const ended = runs.filter((r) => r.state !== 'running').length;
    const running = runs.filter((r) => r.state === 'running' && r.total > 0).length;
    bar.value = runs.reduce((sum, r) => sum + (r.state === 'running' ? r.fraction : 1), 0) / runs.length;
    text.textContent = `${ended} of ${runs.length} runs done, ${running} running, ${runs.length - ended - running} waiting`;
    const name = (r) => r.label || `run ${runs.indexOf(r) + 1}`;
    if (failed) frame.setMessage(`${name(failed)}: ${failed.error?.message ?? String(failed.error)}`);
    else if (!active && slot.dataset.run === 'stopped') {
      const finished = runs.filter((r) => r.state === 'done').length;
      frame.setMessage(`stopped: ${finished} of ${runs.length} runs had finished`, 'info');
    } else if (active) frame.setMessage(null);
  };
  let scheduled = false, updated = -Infinity;
  const scheduleUpdate = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => { scheduled = false; updated = performance.now(); update(); }, Math.max(0, updated + PROGRESS_MS - performance.now()));
  };
  const frame = {
    slot,
    output,
    tools: slot.querySelector('.nb-tools'),
    setStatus(status) { slot.dataset.status = status; },
    /** data-evaluations counts how often the cell ran: for tests and the curious. */
    countEvaluation() { slot.dataset.evaluations = String(Number(slot.dataset.evaluations ?? 0) + 1); },
    setMessage(msg, kind = 'error') {
      message.hidden = !msg;
      message.textContent = msg ?? '';
      message.dataset.kind = kind;
    },
    /** Forgets the runs of the cell's previous evaluation (they were stopped). */
    clearRuns() {
      if (!runs.length) return;
      runs = [];
      progress.hidden = true;
      delete slot.dataset.run;
    },
    followRun(run) {
      runs.push(run);
      run.addEventListener('change', () => {
        if (!runs.includes(run)) return;
        // A run that ends shows at once; progress at most every PROGRESS_MS (runs on a pool send it many
        // times a frame, and each update costs the page a style, layout and paint).
        if (run.state !== 'running') update();
        else scheduleUpdate();
      });
      update();
    },
  };
  notebook.dispatchEvent(new CustomEvent('frame', { detail: { cell, frame } }));
  return frame;
}
