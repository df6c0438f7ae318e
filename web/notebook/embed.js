// The embed page: embed.html?nb=NAME&cell=ID (or &cells=a,b) shows only those cells of a notebook
// (the others still run, hidden) and tells its parent page its height by postMessage:
//   {type: 'rnnbook:height', height, id}  where id is the iframe's own &id= parameter, if given.
// Leaving asks, as the notebook page does, when runs going on or not saved computed ?ask-after= seconds.
import 'katex/dist/katex.min.css';
import '@observablehq/inputs/dist/index.css';
import 'nbkit:styles/inspector.css';
import 'nbkit:styles/plot.css';
import './notebook.css';
import './embed.css';
import { rnnbook } from '../lib/rnnbook.js';
import { Notebook } from './notebook.js';
import { HashState } from './hash-state.js';
import { loadNotebook } from './catalog.js';
import { enableOffline } from './offline.js';
import { applyWorkersParam } from './workers-param.js';
import { guardStrayDrops } from './drop-guard.js';
import { askAfterParam, lostRunsSentence, ASK_AFTER_S } from './kept-runs.js';

guardStrayDrops();

// The site is cached for offline use once the notebook is idle (offline.js).
let notebookIdle;
enableOffline({ after: new Promise((resolve) => { notebookIdle = resolve; }) });

const params = new URLSearchParams(location.search);
const name = params.get('nb') ?? '';
const only = (params.get('cells') ?? params.get('cell') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const frameId = params.get('id') ?? null;
const notices = document.getElementById('notices');
const full = document.getElementById('nb-full');
full.href = `./notebook.html?nb=${encodeURIComponent(name)}${location.hash}`;

function notice(text) {
  notices.append(Object.assign(document.createElement('p'), { className: 'nb-notice nb-notice-error', textContent: text, role: 'alert' }));
}

let lastHeight = 0;
function reportHeight() {
  // The content height, not scrollHeight: that is never less than the iframe it is in.
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  if (window.parent !== window) window.parent.postMessage({ type: 'rnnbook:height', height, id: frameId }, '*');
}
new ResizeObserver(reportHeight).observe(document.body);

applyWorkersParam(rnnbook, notice);  // ?workers=N: how many runs train at once
const askAfter = askAfterParam();  // ?ask-after=S (kept-runs.js)
if (askAfter.problem) notice(askAfter.problem);

let shown = null;
window.addEventListener('beforeunload', (event) => {
  if (shown && lostRunsSentence(shown.runsAtRisk(), askAfter.seconds ?? ASK_AFTER_S)) {
    event.preventDefault();
    event.returnValue = '';  // older browsers ask only when this is set
  }
});

try {
  const module = await loadNotebook(name);
  const missing = only.filter((id) => !module.cells.some((c) => c.id === id));
  if (missing.length) {
    notice(`no cell ${missing.map((m) => `"${m}"`).join(', ')} in notebook "${name}"; its cells are: ` +
      module.cells.filter((c) => !c.inline).map((c) => c.id).join(', '));
  }
  document.title = `${module.meta.title} · rnnbook`;
  const hash = new HashState();
  hash.onProblem(notice);  // a link setting that does not fit its control: the instructor sees why
  const notebook = new Notebook(document.getElementById('notebook'), module, {
    api: rnnbook, hash, only: only.length ? only : null,
  });
  notebook.render();
  shown = notebook;
  notebook.whenIdle().then(notebookIdle);
} catch (e) {
  notebookIdle();
  notice(e.message);
}
document.body.dataset.ready = 'true';
reportHeight();
