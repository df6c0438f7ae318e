// The tools under each cell: Edit (source in CodeMirror, loaded on first use), Run, Revert, and a
// Save menu for the cell's figure (PNG, SVG, CSV) and results (JSON, .npy). Edits are kept as drafts.

const loadEditor = () => import('./editor.js');
const loadCompiler = () => import('./compile-browser.js');
const loadExports = () => import('./export/files.js');

/** Compiles a cell source in the browser; the compiler is loaded on first use. */
export async function compileSource(source, options) {
  const { compileInBrowser } = await loadCompiler();
  return compileInBrowser(source, options);
}

/** onChange: a cell was run or reverted; onType: the text of an editor changed (not yet run). */
export function attachCellTools(notebook, { drafts, onChange = () => {}, onType = () => {} }) {
  const sources = new Map();  // id -> source now defined (draft or author's)
  for (const [id, { cell }] of notebook.cells) sources.set(id, cell.source);
  const editWith = new Map();  // id -> opens the cell's editor with a text, not run
  // Marks a draft while its code runs, so that a page that hangs there does not run it again on reload.
  notebook.addEventListener('body', ({ detail: { id, running } }) => {
    if (sources.get(id) === notebook.cells.get(id)?.cell.source) return;  // the author's code
    if (running) drafts.running(id);
    else drafts.finished();
  });

  async function runSource(id, source) {
    const entry = notebook.cells.get(id);
    const compiled = await compileSource(source, { inline: entry.cell.inline });
    sources.set(id, source);
    notebook.redefine(id, compiled);
    if (compiled.error) entry.frame.setMessage(compiled.error);
    if (source === entry.cell.source) drafts.remove(id);
    else drafts.set(id, source);
    entry.frame.slot.classList.toggle('nb-edited', source !== entry.cell.source);
    if (drafts.error) entry.frame.setMessage(drafts.error, 'warning');
    onChange();
  }

  for (const [id, entry] of notebook.cells) {
    if (entry.cell.inline) continue;
    const { frame } = entry;
    frame.tools.innerHTML = `
      <button type="button" class="nb-edit" aria-expanded="false">Edit</button>
      <details class="nb-save"><summary>Save</summary><div class="nb-save-menu"></div></details>
      <span class="nb-cell-id">${id}</span>`;
    const editButton = frame.tools.querySelector('.nb-edit');
    const saveMenu = frame.tools.querySelector('.nb-save');
    const pane = document.createElement('div');
    pane.className = 'nb-editor';
    pane.hidden = true;
    pane.innerHTML = `
      <div class="nb-editor-host"></div>
      <div class="nb-editor-bar">
        <button type="button" class="nb-run">Run</button>
        <button type="button" class="nb-revert">Revert cell</button>
        <span class="nb-hint">Shift-Enter runs</span>
      </div>`;
    frame.slot.append(pane);
    let editor = null;

    const run = () => runSource(id, editor.text);
    const createEditorOnce = async () => {
      if (editor) return;
      const { createEditor } = await loadEditor();
      editor ??= createEditor(pane.querySelector('.nb-editor-host'), sources.get(id), {
        onRun: run, onChange: onType, label: `source of cell ${id}`,
      });
      frame.editor = editor;
    };
    const showPane = (open) => {
      pane.hidden = !open;
      editButton.setAttribute('aria-expanded', String(open));
      editButton.textContent = open ? 'Hide code' : 'Edit';
    };
    editButton.addEventListener('click', async () => {
      const open = pane.hidden;
      showPane(open);
      if (open) await createEditorOnce();
      if (open) editor.focus();
    });
    editWith.set(id, async (text) => {
      showPane(true);
      await createEditorOnce();
      editor.text = text;
    });
    pane.querySelector('.nb-run').addEventListener('click', () => editor && run());
    pane.querySelector('.nb-revert').addEventListener('click', () => {
      if (editor) editor.text = entry.cell.source;
      runSource(id, entry.cell.source);
    });
    saveMenu.addEventListener('toggle', async () => {
      if (saveMenu.open) fillSaveMenu(saveMenu, entry, notebook.module.name, await loadExports());
    });
  }

  return {
    sources,
    runSource,
    /**
     * Applies saved drafts (after a reload). A draft held back (the page stopped while it ran) is put in
     * its cell's editor, not run; returns the ids of those cells.
     */
    async applyDrafts() {
      const held = [];
      for (const [id, source] of Object.entries(drafts.all)) {
        if (!notebook.cells.has(id)) drafts.remove(id);
        else if (drafts.held.has(id) && editWith.has(id)) {
          held.push(id);
          await editWith.get(id)(source);
        } else await runSource(id, source);
      }
      return held;
    },
    /** Back to the author's version of every cell. */
    async reset() {
      for (const [id, entry] of notebook.cells) {
        if (sources.get(id) !== entry.cell.source) {
          if (entry.frame.editor) entry.frame.editor.text = entry.cell.source;
          await runSource(id, entry.cell.source);
        }
      }
      drafts.clear();
      onChange();
    },
  };
}

function fillSaveMenu(details, entry, name, { save, findFigure, figureData, figurePng, figureSvg, csv, findResults, resultJson, arrayNpy }) {
  const menu = details.querySelector('.nb-save-menu');
  menu.innerHTML = '';
  const base = `${name}-${entry.cell.id}`;
  const add = (label, make, filename) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', async () => {
      try {
        save(await make(), filename);
      } catch (e) {
        entry.frame.setMessage(`could not save ${filename}: ${e.message}`);
      }
      details.open = false;
    });
    menu.append(b);
  };
  const figure = findFigure(entry.frame.output);
  if (figure) {
    add('PNG image', () => figurePng(figure), `${base}.png`);
    add('SVG image', () => figureSvg(figure), `${base}.svg`);
    const rows = figureData(figure);
    if (rows) add('Data (CSV)', () => csv(rows), `${base}.csv`);
  }
  for (const [key, result] of findResults(entry.value)) {
    add(`${key} (JSON)`, () => resultJson(result), `${base}-${key}.json`);
    for (const [arrayName, array] of Object.entries(result.arrays)) {
      add(`${key}.${arrayName} (.npy)`, () => arrayNpy(array), `${base}-${key}-${arrayName}.npy`);
    }
  }
  if (!menu.children.length) menu.textContent = 'Nothing to save in this cell yet.';
}
