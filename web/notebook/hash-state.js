// Control values and seeds live in the URL hash (#rank=8&seed=3), so a link reproduces what the
// student saw. Values that do not fit a control fall back to its default, with a notice.

export class HashState {
  constructor(location = window.location, history = window.history) {
    this._location = location;
    this._history = history;
    this.values = new Map();
    this.problems = [];
    const hash = location.hash.replace(/^#/, '');
    if (!hash) return;
    try {
      for (const [k, v] of new URLSearchParams(hash)) this.values.set(k, v);
    } catch {
      this._problem('the link\'s settings (after #) could not be read; using the notebook\'s defaults');
    }
  }

  get(key) { return this.values.get(key); }

  set(key, value) {
    this.values.set(key, String(value));
    const hash = new URLSearchParams([...this.values]).toString();
    const url = `${this._location.pathname}${this._location.search}${hash ? `#${hash}` : ''}`;
    this._history.replaceState(this._history.state, '', url);
  }

  reject(key, raw, reason) {
    this.values.delete(key);
    this._problem(`link setting ${key}=${raw} ignored: ${reason}; using the default`);
  }

  /** Calls fn with every problem, those found so far and those found later (as controls appear). */
  onProblem(fn) {
    this._listener = fn;
    for (const p of this.problems) fn(p);
  }

  _problem(text) {
    this.problems.push(text);
    this._listener?.(text);
  }
}
