// Edited cell sources are kept as drafts in this browser (localStorage), per notebook, so a reload
// keeps them; Reset removes them. Storage can be full or disabled: then edits still run, unsaved.
export class Drafts {
  constructor(name, storage = globalThis.localStorage) {
    this.key = `rnnbook:drafts:${name}`;
    this.storage = storage;
    this.error = null;
    try {
      this._all = JSON.parse(storage?.getItem(this.key) ?? '{}') ?? {};
      if (typeof this._all !== 'object' || Array.isArray(this._all)) this._all = {};
    } catch {
      this._all = {};
    }
  }

  get all() { return { ...this._all }; }
  get size() { return Object.keys(this._all).length; }

  set(id, source) { this._all[id] = source; this._save(); }
  remove(id) { delete this._all[id]; this._save(); }
  clear() { this._all = {}; this._save(); }

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
