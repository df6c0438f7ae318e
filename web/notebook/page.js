// The notebook page (notebook.html?nb=NAME): the notebook, its toolbar (show code, share link,
// download, open a file, reset to the author's version) and notices. The site's own notebooks run
// on this page; code from elsewhere (a share link with edits, an opened file) runs isolated in a
// sandboxed iframe (sandbox/host.js).
import 'katex/dist/katex.min.css';
import '@observablehq/inputs/dist/index.css';
import 'nbkit:styles/inspector.css';
import 'nbkit:styles/plot.css';
import './notebook.css';
import { rnnbook } from '../lib/rnnbook.js';
import { Notebook } from './notebook.js';
import { HashState } from './hash-state.js';
import { Drafts } from './drafts.js';
import { attachCellTools } from './cell-tools.js';
import { loadNotebook } from './catalog.js';
import { encodeEdits, decodeEdits } from './share.js';
import { openInSandbox } from './sandbox/host.js';
import { enableOffline } from './offline.js';
import { workersParam } from './workers-param.js';
import { guardStrayDrops } from './drop-guard.js';
import { askAfterParam, lostRunsSentence, ASK_AFTER_S } from './kept-runs.js';

// The site is cached for offline use once the first notebook shown is idle (offline.js).
let firstNotebookIdle;
enableOffline({ after: new Promise((resolve) => { firstNotebookIdle = resolve; }) });
guardStrayDrops();

// ?workers=N: the size of the page's worker pool (how many runs train at once); docs/notebooks.md.
const pool = workersParam();
if (pool.workers !== undefined) rnnbook.configure({ workers: pool.workers });
// ?ask-after=S: the seconds of unsaved compute from which leaving asks (kept-runs.js; docs/notebooks.md).
const askAfter = askAfterParam();
// Every notebook runs experiments: the workers load their wasm modules while the page renders. A
// notebook opened from a file or a link with edits runs in the sandbox, on a pool of its own.
if (!new URLSearchParams(location.search).has('file') && !new URLSearchParams(location.hash.replace(/^#/, '')).has('edits')) {
  rnnbook.configure({ prewarm: true });
}

const $ = (s) => document.querySelector(s);
const notices = $('#notices');

function notice(text, kind = 'warning') {
  const p = document.createElement('p');
  p.className = `nb-notice nb-notice-${kind}`;
  p.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  p.textContent = text;
  notices.append(p);
  return p;
}

// current: {module, notebook, tools, drafts} on this page, or {module, sandbox, text} when isolated.
let current = null;

function showTitle(meta, html) {
  document.title = `${meta.title} · rnnbook`;
  $('#nb-title').textContent = meta.title;
  $('#nb-title').hidden = /^\s*<h1[\s>]/.test(html);  // the notebook has its own title
  $('#nb-byline').textContent = meta.author ? `by ${meta.author}` : '';
}

/** The byline goes under the notebook's own title when it has one. */
function placeByline() {
  const byline = $('#nb-byline');
  const h1 = $('#notebook > h1:first-child');
  if (h1 && $('#nb-title').hidden) h1.after(byline);
  else $('#nb-title').after(byline);
}

function teardown() {
  $('#nb-title').after($('#nb-byline'));  // out of the notebook before it is replaced
  current?.notebook?.destroy();
  current?.sandbox?.destroy();
  notices.replaceChildren();
  if (pool.problem) notice(pool.problem);
  if (askAfter.problem) notice(askAfter.problem);
  delete document.body.dataset.runsRunning;
  delete document.body.dataset.runsUnsavedMs;
}

async function show(module) {
  teardown();
  showTitle(module.meta, module.html);
  const hash = new HashState();
  const drafts = new Drafts(module.name);
  const notebook = new Notebook($('#notebook'), module, { api: rnnbook, hash });
  notebook.render();
  notebook.whenIdle().then(firstNotebookIdle);
  placeByline();
  const tools = attachCellTools(notebook, { drafts, onChange: () => updateReset() });
  notebook.addEventListener('runs', () => showRuns(notebook.runsAtRisk()));
  current = { module, notebook, tools, drafts };
  for (const w of module.warnings ?? []) notice(w);
  hash.onProblem((p) => notice(p));
  if (drafts.size) {
    const held = await tools.applyDrafts();
    notice('This notebook has your edits from an earlier visit. Reset returns to the author\'s version.', 'info');
    for (const id of held) {
      notice(`Your edit of cell ${id} was not run: the page stopped responding while it ran on your last visit. ` +
        'It is in the cell\'s editor: Run runs it again, Revert cell removes it.');
    }
  }
  updateReset();
  document.body.dataset.ready = 'true';
}

/** Runs notebook text from outside the site in the sandbox; the page keeps the address and toolbar. */
async function showIsolated(text, { name, why }) {
  teardown();
  const { parseNotebook } = await import('./parse.js');
  const parsed = parseNotebook(text);
  showTitle(parsed.meta, parsed.html);
  const banner = notice(`${why} It runs isolated from this site: it cannot read your data here.`, 'info');
  banner.classList.add('nb-isolated-banner');
  const hash = location.hash.replace(/^#/, '').split('&').filter((p) => !p.startsWith('edits=')).join('&');
  const sandbox = openInSandbox($('#notebook'), {
    text, name, hash: hash ? `#${hash}` : '', workers: pool.workers,
    onHash: (h) => {
      const edits = new URLSearchParams(location.hash.replace(/^#/, '')).get('edits');
      const merged = new URLSearchParams(h.replace(/^#/, ''));
      if (edits) merged.set('edits', edits);
      history.replaceState(history.state, '', `${location.pathname}${location.search}#${merged}`);
    },
    onSources: (sources) => { if (current?.sandbox === sandbox) current.sources = sources; },
    onEdited: (edited) => { if (current?.sandbox === sandbox) current.edited = edited; },
    onRuns: (runs) => { if (current?.sandbox === sandbox) showRuns(current.runs = runs); },
  });
  sandbox.showCode($('#nb-show-code').checked);
  firstNotebookIdle();
  current = { module: { name, source: text }, sandbox, text };
  $('#nb-reset').hidden = !new URLSearchParams(location.hash.replace(/^#/, '')).has('edits');
  document.body.dataset.ready = 'true';
}

function updateReset() {
  const edited = current?.tools && [...current.notebook.cells.values()]
    .some((e) => current.tools.sources.get(e.cell.id) !== e.cell.source);
  $('#nb-reset').hidden = !edited;
}

/** The share link: control values, plus the edited cells if there are any. */
async function shareLink() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.delete('edits');
  const edits = current?.tools ? Object.fromEntries([...current.tools.sources]
    .filter(([id, source]) => source !== current.notebook.cells.get(id).cell.source)) : null;
  if (edits && Object.keys(edits).length) params.set('edits', await encodeEdits(edits));
  else if (current?.sandbox) {
    const kept = new URLSearchParams(location.hash.replace(/^#/, '')).get('edits');
    if (kept) params.set('edits', kept);
  }
  const hash = params.toString();
  return `${location.origin}${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
}

$('#nb-show-code').addEventListener('change', (e) => {
  document.body.classList.toggle('nb-show-code', e.target.checked);
  current?.sandbox?.showCode(e.target.checked);
});
let resetting = false;  // a double click resets once
let leaving = false;  // the reader agreed to lose the edits: the reload that follows need not ask again
$('#nb-reset').addEventListener('click', async () => {
  if (resetting) return;
  if (current?.sandbox) {  // a link with edits: back to the author's version of the same notebook
    // The address loses the link's edits before the reload asks: ask first, so that No keeps them in it.
    if (!confirmLoss('Reset to the author\'s version?')) return;
    leaving = true;
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    params.delete('edits');
    location.hash = params.toString();
    return;
  }
  if (!current?.tools) return;
  // Reset runs the edited cells again, and the cells that use them: their runs are lost.
  const edited = [...current.notebook.cells].filter(([id, e]) => current.tools.sources.get(id) !== e.cell.source).map(([id]) => id);
  const runs = lostRuns(current.notebook.withDependants(edited));
  if (runs && !window.confirm(`Reset to the author's version? ${runs}`)) return;
  resetting = true;
  try {
    await current.tools.reset();
  } finally {
    resetting = false;
  }
  updateReset();
  notice('Back to the author\'s version; your edits were removed.', 'info');
});
$('#nb-share').addEventListener('click', async () => {
  const link = await shareLink();
  const out = $('#nb-share-link');
  out.value = link;
  out.hidden = false;
  out.select();
  try { await navigator.clipboard?.writeText(link); $('#nb-share').textContent = 'Link copied'; } catch { /* shown in the box */ }
});
$('#nb-download').addEventListener('click', async () => {
  if (!current) return;
  const [{ replaceCellSources, parseNotebook }, { save }] = await Promise.all([import('./parse.js'), import('./export/files.js')]);
  // The site's notebook with the reader's edits, or the isolated text with the edits made in the sandbox.
  const [source, sources] = current.tools ? [current.module.source, Object.fromEntries(current.tools.sources)]
    : [current.text, current.sources];
  const text = sources ? replaceCellSources(source, parseNotebook(source), sources) : source;
  save(new Blob([text], { type: 'text/markdown' }), `${current.module.name}.md`);
});
// The site's notebooks are about 30 KB: a far larger file is not a notebook, and would keep the sandbox busy for minutes.
const MAX_NOTEBOOK_MB = 4;
$('#nb-open').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  if (file.size > MAX_NOTEBOOK_MB * 2 ** 20) {
    notice(`could not open ${file.name}: it is ${(file.size / 2 ** 20).toFixed(0)} MB; notebook files up to ${MAX_NOTEBOOK_MB} MB open here`, 'error');
    e.target.value = '';  // the notebook shown stays; another file (or this one, cut down) can be chosen
    return;
  }
  // Opening a file replaces the notebook shown, as leaving the page would: the same edits would be lost.
  if (!confirmLoss(`Open ${file.name}?`)) {
    e.target.value = '';  // the reader stays with the notebook and its edits; the same file can be chosen again
    return;
  }
  try {
    const text = await file.text();
    const kept = pool.workers !== undefined ? `&workers=${pool.workers}` : '';
    history.replaceState(null, '', `?file=${encodeURIComponent(file.name)}${kept}`);
    await showIsolated(text, { name: file.name.replace(/\.md$/i, ''), why: `This is ${file.name}, opened from your computer.` });
  } catch (err) {
    notice(`could not open ${file.name}: ${err.message}`, 'error');
  }
});

// A pasted link that differs only after # does not reload the page by itself.
window.addEventListener('hashchange', () => location.reload());

// Code typed in an editor becomes a draft when it runs: until then, leaving the page would lose it.
// The sandbox (an opened file, a link with edits) keeps no drafts: any edit made there would be lost.
function unsavedEdits() {
  const unrun = current?.tools && [...current.notebook.cells]
    .some(([id, entry]) => entry.frame.editor && entry.frame.editor.text !== current.tools.sources.get(id));
  return Boolean(unrun || current?.edited);
}

/** The runs at risk as data attributes of the page (data-runs-running, data-runs-unsaved-ms): for tests and the curious. */
function showRuns({ running, unsavedMs }) {
  document.body.dataset.runsRunning = String(running);
  document.body.dataset.runsUnsavedMs = unsavedMs.toFixed(0);
}

/** What leaving (or running again the cells `ids`) would lose of the notebook's runs (kept-runs.js), as a sentence, or null. */
function lostRuns(ids = null) {
  let runs = current?.notebook?.runsAtRisk(ids);
  // The sandbox reports its runs when one starts or ends: those computing have gone on since.
  if (!runs && current?.runs) runs = { ...current.runs, runningMs: current.runs.runningMs + current.runs.computing * (performance.now() - current.runs.at) };
  return lostRunsSentence(runs, askAfter.seconds ?? ASK_AFTER_S);
}

/** Asks `question` when the notebook shown has edits or runs that replacing it would lose; true: go on. */
function confirmLoss(question) {
  const lost = [unsavedEdits() && 'Changes that you made to this notebook may not be saved.', lostRuns()].filter(Boolean);
  return !lost.length || window.confirm(`${question} ${lost.join(' ')}`);
}

window.addEventListener('beforeunload', (event) => {
  if (!leaving && (unsavedEdits() || lostRuns())) {
    event.preventDefault();
    event.returnValue = '';  // older browsers ask only when this is set
  }
});

async function start() {
  const params = new URLSearchParams(location.search);
  if (params.has('file')) {
    notice('Choose the notebook file with "Open file" (browsers do not let a page reopen files by itself).', 'info');
    firstNotebookIdle();
    document.body.dataset.ready = 'true';
    return;
  }
  const module = await loadNotebook(params.get('nb') ?? 'train');
  const editsParam = new URLSearchParams(location.hash.replace(/^#/, '')).get('edits');
  if (editsParam) {
    try {
      const edits = await decodeEdits(editsParam);
      const { parseNotebook, replaceCellSources } = await import('./parse.js');
      const text = replaceCellSources(module.source, parseNotebook(module.source), edits);
      await showIsolated(text, { name: module.name, why: 'This link carries edited code.' });
      return;
    } catch (e) {
      await show(module);
      notice(e.message);
      return;
    }
  }
  await show(module);
}

start().catch((e) => {
  firstNotebookIdle();
  notice(e.message, 'error');
  document.body.dataset.ready = 'true';
});
