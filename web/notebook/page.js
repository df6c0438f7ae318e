// The notebook page (notebook.html?nb=NAME): the notebook, its toolbar (show code, share link,
// download, open a file, reset to the author's version) and notices.
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
import { loadNotebook, notebookFromText } from './catalog.js';
import { enableOffline } from './offline.js';

enableOffline();

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

let current = null;

async function show(module, { persistent = true } = {}) {
  current?.notebook.destroy();
  notices.replaceChildren();
  document.title = `${module.meta.title} · rnnbook`;
  $('#nb-title').textContent = module.meta.title;
  $('#nb-title').hidden = /^\s*<h1[\s>]/.test(module.html);  // the notebook has its own title
  $('#nb-byline').textContent = module.meta.author ? `by ${module.meta.author}` : '';
  const hash = new HashState();
  const drafts = new Drafts(persistent ? module.name : `file:${module.name}`, persistent ? localStorage : null);
  const notebook = new Notebook($('#notebook'), module, { api: rnnbook, hash });
  notebook.render();
  const tools = attachCellTools(notebook, { drafts, onChange: () => updateReset() });
  current = { module, notebook, tools, drafts };
  for (const w of module.warnings ?? []) notice(w);
  hash.onProblem((p) => notice(p));
  if (drafts.size) {
    await tools.applyDrafts();
    notice('This notebook has your edits from an earlier visit. Reset returns to the author\'s version.', 'info');
  }
  updateReset();
  document.body.dataset.ready = 'true';
}

function updateReset() {
  const edited = current && [...current.notebook.cells.values()]
    .some((e) => current.tools.sources.get(e.cell.id) !== e.cell.source);
  $('#nb-reset').hidden = !edited;
}

$('#nb-show-code').addEventListener('change', (e) => document.body.classList.toggle('nb-show-code', e.target.checked));
$('#nb-reset').addEventListener('click', async () => {
  await current?.tools.reset();
  updateReset();
  notice('Back to the author\'s version; your edits were removed.', 'info');
});
$('#nb-share').addEventListener('click', async () => {
  const link = location.href;
  const out = $('#nb-share-link');
  out.value = link;
  out.hidden = false;
  out.select();
  try { await navigator.clipboard?.writeText(link); $('#nb-share').textContent = 'Link copied'; } catch { /* shown in the box */ }
});
$('#nb-download').addEventListener('click', async () => {
  if (!current) return;
  const [{ replaceCellSources, parseNotebook }, { save }] = await Promise.all([import('./parse.js'), import('./export/files.js')]);
  const sources = Object.fromEntries(current.tools.sources);
  const text = replaceCellSources(current.module.source, parseNotebook(current.module.source), sources);
  save(new Blob([text], { type: 'text/markdown' }), `${current.module.name}.md`);
});
$('#nb-open').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  try {
    const text = await file.text();
    const module = await notebookFromText(text, file.name.replace(/\.md$/i, ''));
    history.replaceState(null, '', `?file=${encodeURIComponent(file.name)}`);
    await show(module, { persistent: false });
  } catch (err) {
    notice(`could not open ${file.name}: ${err.message}`, 'error');
  }
});

// A pasted link that differs only after # does not reload the page by itself.
window.addEventListener('hashchange', () => location.reload());

const params = new URLSearchParams(location.search);
const name = params.get('nb') ?? 'train';
if (params.has('file')) {
  notice('Choose the notebook file again with "Open file" (browsers do not let a page reopen files by itself).', 'info');
  document.body.dataset.ready = 'true';
} else {
  loadNotebook(name).then((m) => show(m)).catch((e) => {
    notice(e.message, 'error');
    document.body.dataset.ready = 'true';
  });
}
