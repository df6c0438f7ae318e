// Edited cell sources are kept as drafts in this browser (localStorage), per notebook, so a reload
// keeps them; Reset removes them. Storage can be full or disabled: then edits still run, unsaved.
// A draft's code running synchronously is marked: if the page hangs or dies there (code no loop guard
// reaches, e.g. a regular expression that backtracks for ever), the next visit finds the mark and holds
// that draft back instead of hanging again; the draft stays until the reader runs, reverts or resets it.
export class Drafts {
  constructor(name, storage = globalThis.localStorage) {
    this.key = `rnnbook:drafts:${name}`;
    this.runningKey = `${this.key}:running`;
    this.storage = storage;
    this.error = null;
    try {
      const marked = JSON.parse(storage?.getItem(this.runningKey) ?? '[]');
      this.held = new Set(Array.isArray(marked) ? marked.map(String) : []);
    } catch {
      this.held = new Set();
    }
    try {
      this._all = JSON.parse(storage?.getItem(this.key) ?? '{}') ?? {};
      if (typeof this._all !== 'object' || Array.isArray(this._all)) this._all = {};
    } catch {
      this._all = {};
    }
  }

  get all() { return { ...this._all }; }
  get size() { return Object.keys(this._all).length; }

  has(id) { return Object.hasOwn(this._all, id); }
  set(id, source) { this._all[id] = source; this._release(id); this._save(); }
  remove(id) { delete this._all[id]; this._release(id); this._save(); }
  clear() { this._all = {}; this.held.clear(); this._mark([]); this._save(); }

  /** The draft of cell `id` starts running synchronously; finished() once it returned or threw. */
  running(id) { this._mark([...this.held, id]); }
  finished() { this._mark([...this.held]); }

  _release(id) {
    if (this.held.delete(id)) this._mark([...this.held]);
  }

  _mark(ids) {
    try {
      if (ids.length) this.storage?.setItem(this.runningKey, JSON.stringify(ids));
      else this.storage?.removeItem(this.runningKey);
    } catch { /* unmarked: a hang there would happen again on reload */ }
  }

  _save() {
    try {
      if (this.size) this.storage?.setItem(this.key, JSON.stringify(this._all));
      else this.storage?.removeItem(this.key);
      this.error = null;
    } catch (e) {
      this.error = `your edits could not be saved in this browser (${e.message})`;
    }
  }
}
